/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bench_classify.c - what the classifier costs per segment and per RST,
 * without Wireshark: rstf_flow_feed + rstf_host_learn_segment per ordinary
 * segment, and rstf_classify (with and without reasons) per RST over a
 * mix of genuine, forged, client-side and no-handshake RSTs built with the
 * unit tests' lab kit.
 *   usage: rstf-bench-classify [ITERATIONS]   (default 2000000)
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lab.h"

#define N_OBS 5

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One observation of each kind the plugin meets. */
static void build(struct rstf_observation obs[N_OBS])
{
    struct lab l;
    struct rstf_packet rst;

    for (int k = 0; k < N_OBS; k++) {
        lab_init(&l, k == 3 ? 6 : 4);
        if (k != 4) /* k == 4: captured mid-stream, roles unknown */
            lab_handshake(&l, 20 * MS, 100 * US);
        lab_send(&l, l.client, 300, 1 * MS);
        lab_send(&l, lab_server(&l), 1200, 20 * MS);
        lab_send(&l, l.client, 0, 100 * US);
        lab_send(&l, l.client, 200, 5 * MS);
        if (k == 1) {           /* forged: middlebox TTL, no options, too fast */
            rst = lab_genuine_rst(&l, lab_server(&l), 800 * US);
            rst.ttl = 240;
            rst.ip_id = 0;
            rst.window = 0;
            rst.options = 0;
        } else if (k == 2) {    /* the client's own */
            rst = lab_genuine_rst(&l, l.client, 3000 * MS);
        } else {
            rst = lab_genuine_rst(&l, lab_server(&l), 20 * MS);
        }
        if (!lab_feed(&l, &rst)) {
            fprintf(stderr, "lab did not produce an observation\n");
            exit(1);
        }
        obs[k] = l.obs;
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 2000000;
    struct rstf_observation obs[N_OBS];
    struct rstf_config cfg;
    struct rstf_verdict v;
    struct lab l;
    double t0, t1, sink = 0.0;

    if (n <= 0 || n > 1000000000L) {
        fprintf(stderr, "usage: %s [ITERATIONS 1..1e9]\n", argv[0]);
        return 2;
    }
    rstf_config_default(&cfg);
    build(obs);

    /* With the reasons (a tree someone reads) and without (what a filter
     * run pays). */
    for (int reasons = 1; reasons >= 0; reasons--) {
        t0 = now_s();
        for (long i = 0; i < n; i++) {
            if (reasons)
                rstf_classify(&obs[i % N_OBS], &cfg, &v);
            else
                rstf_classify_without_reasons(&obs[i % N_OBS], &cfg, &v);
            sink += v.confidence;
        }
        t1 = now_s();
        printf("%s: %.0f ns per RST (%ld RSTs, mix of %d kinds)\n",
               reasons ? "rstf_classify" : "rstf_classify_without_reasons",
               (t1 - t0) * 1e9 / (double)n, n, N_OBS);
    }

    lab_init(&l, 4);
    lab_handshake(&l, 20 * MS, 100 * US);
    t0 = now_s();
    for (long i = 0; i < n; i++)
        lab_send(&l, (int)(i & 1), 100, 10 * US);
    t1 = now_s();
    printf("rstf_flow_feed + rstf_host_learn_segment: %.0f ns per segment (%ld segments, "
           "including the lab's packet building)\n", (t1 - t0) * 1e9 / (double)n, n);
    printf("struct rstf_flow: %zu bytes; struct rstf_host: %zu bytes; struct rstf_verdict: %zu bytes\n",
           sizeof(struct rstf_flow), sizeof(struct rstf_host), sizeof(struct rstf_verdict));
    /* Keeps the compiler from dropping the classify loop. */
    return sink < 0.0 ? 1 : 0;
}
