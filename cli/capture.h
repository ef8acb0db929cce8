/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * capture.h - a dumpcap capturing as the invoking user (root or a user
 * whose dumpcap has CAP_NET_RAW), never as the dissecting tshark's user.
 */
#ifndef RSTF_CLI_CAPTURE_H
#define RSTF_CLI_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "tshark.h"

struct capture {
    pid_t pid;
    int err;               /* dumpcap's standard error (a pipe) */
    char msg[4096];        /* what it said so far */
    size_t msg_len;
    bool ready;            /* it printed "Capturing on" */
    bool exited;
    int status;
    const char *iface;
};

/* Start dumpcap on `iface` with capture filter `bpf` (may be NULL), writing
 * pcapng to `out_fd` (a pipe) or to `out_path`.  `autostop` > 0 is a
 * safety net: dumpcap stops by itself after that many seconds even if rstf
 * died without stopping it. */
void capture_start(struct capture *c, const struct rstf_tshark *t, const char *dumpcap, const char *iface,
                   const char *bpf, int out_fd, const char *out_path, double autostop);

/* Read what dumpcap printed (non-blocking).  Returns false once its
 * standard error closed. */
bool capture_poll(struct capture *c);

/* Wait until dumpcap captures (at most `timeout` s); fails with dumpcap's
 * message, reworded with the fix, when it exits instead. */
void capture_wait_ready(struct capture *c, double timeout);

/* After capture_wait_ready: wait until dumpcap wrote the file header to
 * `path`, which it does only once the interface is open and filtered
 * ("Capturing on" is printed before that). */
void capture_wait_file(struct capture *c, const char *path, double timeout);

/* Live captures have no file to watch: dumpcap says "Capturing on" even
 * for an interface it then fails to open, so give it a moment to fail. */
void capture_settle(struct capture *c, double seconds);

/* Fail (exit 1) if dumpcap has exited with an error. */
void capture_check(struct capture *c);

/* Ask dumpcap to stop (SIGINT: it finishes the file) and reap it. */
void capture_stop(struct capture *c);

#endif
