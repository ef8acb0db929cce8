/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * analyse.h - one dissecting tshark: capture bytes in, RST rows out.
 */
#ifndef RSTF_CLI_ANALYSE_H
#define RSTF_CLI_ANALYSE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "report.h"
#include "tshark.h"

struct dissector {
    pid_t pid;
    int out;               /* tshark's standard output */
    char *err_path;        /* its standard error, read when it fails */
    const char *label;     /* file name for rows and messages; NULL: live */
    char *buf;             /* partial line */
    size_t len, cap;
};

/* Start tshark reading a capture: `file`, a path the dissecting tshark can
 * open, read in two passes (look-ahead evidence such as a race reaches the
 * RSTs before it); or, with file NULL, the stream on `in` ("-r -", a pipe or
 * standard input), read once. */
void dissector_start(struct dissector *d, const struct rstf_tshark *t, int in, const char *file,
                     const char *label, bool live);

/* Read what is available (blocking once), pass complete rows to `rep`.
 * Returns false at end of output. */
bool dissector_read(struct dissector *d, struct rstf_report *rep);

/* Wait for tshark; a failure is a setup error (exit 1) naming `label`. */
void dissector_finish(struct dissector *d);

/* Classify one capture file; rows carry `label` as their file (may be NULL). */
void analyse_file(const struct rstf_tshark *t, const char *path, const char *label, struct rstf_report *rep);

/* Fail early (exit 1) when a file cannot be opened or is a folder. */
void analyse_check_file(const char *path);

#endif
