/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * started.h - a conversation kept the plugin's way, as its first segments
 * (rstf/flow_start.h) until they are more than a start holds, and how to
 * tell whether it said what a flow fed directly said.  Shared by the unit
 * tests (tests/unit/test_flow.c) and the flow fuzz harness
 * (tests/fuzz/fuzz_flow.c); header-only, as the harness has no test kit.
 */
#ifndef RSTF_TEST_STARTED_H
#define RSTF_TEST_STARTED_H

#include <stdbool.h>
#include <string.h>

#include "rstf/flow.h"
#include "rstf/flow_start.h"
#include "rstf/host.h"

struct started_conv {
    struct rstf_flow_start start;
    struct rstf_flow full;
    bool outgrown;
};

/*
 * Feeds p: the flow rebuilt from the start while there is one, a new start
 * when p opens a new connection (*started_over says so), the host told
 * news.  *flow_after, if not NULL, gets the flow as it is after p.
 */
static inline bool started_feed(struct started_conv *c, struct rstf_host *host,
                                const struct rstf_packet *p, bool *started_over,
                                struct rstf_observation *obs, struct rstf_news news[2],
                                struct rstf_flow *flow_after)
{
    struct rstf_flow rebuilt;
    struct rstf_flow *flow = c->outgrown ? &c->full : &rebuilt;

    if (!c->outgrown)
        rstf_flow_start_expand(&c->start, &rebuilt);
    *started_over = rstf_flow_starts_over(flow, p);
    if (*started_over) {
        memset(c, 0, sizeof *c);
        flow = &rebuilt;
        rstf_flow_init(flow);
    }
    bool is_rst = rstf_flow_feed(flow, p, obs, news);
    if (!is_rst)
        rstf_host_learn_segment(host, flow, p);
    if (!c->outgrown && !rstf_flow_start_keep(&c->start, flow, p)) {
        c->full = *flow;
        c->outgrown = true;
    }
    if (flow_after)
        *flow_after = *flow;
    return is_rst;
}

/* The same news about the same RSTs (rst_index 0: none, nothing else set). */
static inline bool same_news(const struct rstf_news a[2], const struct rstf_news b[2])
{
    for (unsigned side = 0; side < 2; side++) {
        const struct rstf_aftermath *x = &a[side].after, *y = &b[side].after;
        if (a[side].rst_index != b[side].rst_index)
            return false;
        if (a[side].rst_index != 0 &&
            (x->race != y->race || x->race_after_ns != y->race_after_ns || x->burst != y->burst ||
             x->burst_gap_ns != y->burst_gap_ns || x->burst_next_seq != y->burst_next_seq ||
             x->burst_spacing != y->burst_spacing || x->challenge != y->challenge ||
             x->challenge_after_ns != y->challenge_after_ns || x->challenge_ack != y->challenge_ack))
            return false;
    }
    return true;
}

static inline bool same_host(const struct rstf_host *a, const struct rstf_host *b)
{
    return a->rtt_ns == b->rtt_ns && a->samples == b->samples && a->labelled == b->labelled &&
           a->ttl_min == b->ttl_min && a->ttl_max == b->ttl_max && a->ttl_last == b->ttl_last &&
           a->ttl_known == b->ttl_known && a->rtt_known == b->rtt_known;
}

#endif
