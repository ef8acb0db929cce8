/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * live.h - `rstf live`: capture, classify and print RSTs as they arrive.
 */
#ifndef RSTF_CLI_LIVE_H
#define RSTF_CLI_LIVE_H

#include <stdbool.h>

#include "report.h"
#include "tshark.h"

struct live_options {
    const char *iface;
    const char *bpf;       /* may be NULL */
    double duration;       /* <= 0: none */
    unsigned long count;   /* 0: none; stop after that many RSTs */
    bool announce;         /* "capturing on ..." on stderr */
};

/* Returns the exit status (0 or 2); setup errors exit 1 directly. */
int live_run(const struct rstf_tshark *t, const struct live_options *o, struct rstf_report *rep);

#endif
