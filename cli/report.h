/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report.h - where classified RSTs go: table, JSON or nowhere (--quiet),
 * and the exit status they add up to.
 */
#ifndef RSTF_CLI_REPORT_H
#define RSTF_CLI_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rows.h"

enum rstf_format { RSTF_OUT_TABLE, RSTF_OUT_JSON, RSTF_OUT_QUIET };

/* What `probe` did, for the heading / the JSON "probe" object. */
struct rstf_probe_result {
    const char *host, *address, *interface;
    unsigned port;
    const char *outcome;   /* connected, refused, reset, timeout, unreachable, error */
    const char *detail;    /* human wording, e.g. strerror() */
    unsigned long bytes_received;
};

struct rstf_report {
    /* set by the caller before report_begin */
    enum rstf_format format;
    bool evidence;         /* table: evidence lines under each row */
    bool color;            /* table: ANSI colours */
    bool streaming;        /* live: print each row as it arrives */
    double min_confidence; /* midpath verdicts below it do not alarm */
    unsigned long limit;   /* 0, or ignore rows after this many (live --count) */
    const char *mode;      /* "pcap", "live", "probe" */
    const char *tshark_version;
    const char *interface; /* live, probe */
    char *const *files;    /* pcap */
    size_t n_files;
    const struct rstf_probe_result *probe;
    FILE *out;

    /* tallies */
    unsigned long n, by_verdict[4], alarms;

    /* buffered rows (everything but streaming) */
    struct rstf_rst *rows;
    size_t n_rows, cap_rows;
    bool began;
};

void report_begin(struct rstf_report *rep);
/* Takes ownership of *r (its strings). */
void report_row(struct rstf_report *rep, struct rstf_rst *r);
/* Prints what is buffered and any closing text; returns 0 or 2. */
int report_end(struct rstf_report *rep);

/* 0..3: server, midpath, client, unknown (anything else). */
int report_verdict_index(const char *verdict);

#endif
