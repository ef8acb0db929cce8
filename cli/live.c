/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * live.c - `rstf live`: dumpcap | tshark, rows printed as they arrive.
 *
 * dumpcap (the invoking user, who may capture) writes pcapng into a pipe;
 * tshark (with the plugin, possibly as nobody) reads it with -l so each RST
 * is printed when it happens.  Stopping (duration, count, SIGINT) always
 * goes the same way: stop dumpcap, let tshark drain the pipe and exit, so
 * the last rows and the JSON document's end are never lost.
 */
#define _DEFAULT_SOURCE

#include "live.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analyse.h"
#include "capture.h"
#include "util.h"

int live_run(const struct rstf_tshark *t, const struct live_options *o, struct rstf_report *rep)
{
    char *dumpcap = dumpcap_locate(t);
    struct capture cap;
    struct dissector dis;
    double deadline = 0, drain_deadline = 0;
    bool stopping = false;
    int p[2];

    rstf_pipe(p);
    /* The autostop is a backstop should rstf die without stopping dumpcap. */
    capture_start(&cap, t, dumpcap, o->iface, o->bpf, p[1], NULL, o->duration > 0 ? o->duration + 5 : 0);
    close(p[1]);
    dissector_start(&dis, t, p[0], NULL, NULL, true);
    close(p[0]);
    capture_wait_ready(&cap, 15);
    capture_settle(&cap, 0.3);
    if (o->announce)
        fprintf(stderr, "rstf: capturing on %s%s%s; %s\n", o->iface, o->bpf ? " with filter " : "",
                o->bpf ? o->bpf : "",
                o->duration > 0 ? "stops after the duration or Ctrl-C" : "Ctrl-C stops");
    report_begin(rep);
    if (o->duration > 0)
        deadline = rstf_now() + o->duration;

    for (;;) {
        struct pollfd pfd[3] = {
            { .fd = dis.out, .events = POLLIN },
            { .fd = cap.err, .events = POLLIN },
            { .fd = rstf_signal_fd(), .events = POLLIN },
        };
        int timeout_ms = 200;

        if (!stopping) {
            bool stop = rstf_interrupted != 0;

            if (deadline > 0 && rstf_now() >= deadline)
                stop = true;
            if (o->count && rep->n >= o->count)
                stop = true;
            capture_check(&cap); /* a dumpcap that died with an error is exit 1 */
            if (cap.exited)
                stop = true; /* autostop, or the interface went away */
            if (stop) {
                stopping = true;
                capture_stop(&cap);
                drain_deadline = rstf_now() + 10;
            }
        } else if (rstf_signal_count >= 2) {
            rstf_exit(RSTF_EXIT_SIGNAL); /* a second ^C: no more patience */
        } else if (rstf_now() >= drain_deadline) {
            rstf_fail("tshark did not finish within 10 s of the capture stopping: "
                      "run 'rstf tshark -r FILE' on a saved capture to investigate");
        }
        if (poll(pfd, 3, timeout_ms) < 0)
            continue; /* EINTR: the signal is seen at the top */
        if (pfd[2].revents & POLLIN) {
            char drain[16];
            while (read(rstf_signal_fd(), drain, sizeof drain) > 0) {
            }
        }
        if (pfd[1].revents)
            capture_poll(&cap);
        if (pfd[0].revents && !dissector_read(&dis, rep))
            break;
    }
    if (!stopping)
        capture_stop(&cap);
    dissector_finish(&dis);
    free(dumpcap);
    return report_end(rep);
}
