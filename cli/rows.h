/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rows.h - tshark's `-T fields` output for one RST -> struct rstf_rst.
 *
 * Values stay the text tshark printed (JSON copies numbers verbatim, so no
 * precision is lost); absent fields are NULL.
 */
#ifndef RSTF_CLI_ROWS_H
#define RSTF_CLI_ROWS_H

#include <stdbool.h>
#include <stddef.h>

/* Field separator and occurrence aggregator: ASCII record/unit separators,
 * which no address, number or scorer reason contains (reasons are printable
 * text and may hold commas, brackets and UTF-8). */
#define RSTF_FIELD_SEP '\x1e'
#define RSTF_AGGR_SEP  '\x1f'

#define RSTF_SCORES 3 /* server, midpath, client */

struct rstf_evidence {
    const char *scorer, *origin, *weight, *reason;
};

struct rstf_rst {
    char *buf;             /* owns every string below */
    const char *file;      /* not owned; NULL for live captures */
    unsigned long index;   /* 1-based, across all inputs */

    const char *frame, *time_epoch, *time_relative, *stream;
    int ip_version;        /* 4, 6, 0: unknown */
    const char *src, *dst, *src_port, *dst_port;
    const char *ttl, *ip_id, *window, *seq, *ack, *flags;
    const char **options;  /* option kinds in order, e.g. "2","1","3" */
    size_t n_options;
    bool options_unknown;  /* the header has options the capture cut off */

    const char *verdict, *confidence, *claimed, *direction;
    const char *score[RSTF_SCORES];
    struct rstf_evidence *evidence;
    size_t n_evidence;

    const char *ttl_baseline, *ttl_delta, *rtt_leg, *delay;
    const char *seq_expected, *window_left, *window_right;

    double confidence_value; /* 0..1; 0 when unparsable */
};

/* tshark arguments "-e F" for every field, in the order rows_parse expects
 * (NULL-terminated, static storage). */
const char *const *rows_field_args(void);

/* Parse one output line (without its newline); takes ownership of `line`.
 * Returns 0, or -1 (and frees `line`) when it has no rstf verdict. */
int rows_parse(char *line, struct rstf_rst *out);

void rows_free(struct rstf_rst *r);

/* Readable option-kind name ("mss", "ws", "sack_perm", "sack", "ts",
 * "nop", "eol", "md5", "mptcp", ...); NULL for kinds without one. */
const char *rows_option_name(const char *kind);

#endif
