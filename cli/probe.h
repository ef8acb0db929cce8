/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe.h - `rstf probe`: make one real TCP connection while capturing it,
 * then classify the capture exactly as `rstf pcap` would.
 */
#ifndef RSTF_CLI_PROBE_H
#define RSTF_CLI_PROBE_H

#include <stdbool.h>

#include "report.h"
#include "tshark.h"

struct probe_options {
    const char *host;
    const char *port;
    double timeout;        /* seconds for connect + exchange */
    bool ping;             /* echo requests first, for a host-level baseline */
    const char *payload;   /* NULL: an HTTP/1.0 GET; backslash escapes allowed */
    const char *iface;     /* NULL: the interface routing to the host */
    const char *write;     /* keep the capture here; may be NULL */
};

/* Returns the exit status (0 or 2); setup errors exit 1 directly. */
int probe_run(const struct rstf_tshark *t, const struct probe_options *o, struct rstf_report *rep);

/* "\r\n" etc. -> bytes; returns the length (the text may hold NULs). */
size_t probe_unescape(const char *in, char *out);

#endif
