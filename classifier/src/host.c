/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "rstf/flow.h"
#include "rstf/host.h"

void rstf_host_init(struct rstf_host *h)
{
    memset(h, 0, sizeof *h);
}

void rstf_host_learn_ttl(struct rstf_host *h, uint8_t ttl)
{
    if (!h->ttl_known || ttl < h->ttl_min)
        h->ttl_min = ttl;
    if (!h->ttl_known || ttl > h->ttl_max)
        h->ttl_max = ttl;
    h->ttl_last = ttl;
    h->ttl_known = true;
    if (h->samples < UINT32_MAX)
        h->samples++;
}

void rstf_host_learn_flow_label(struct rstf_host *h, uint32_t label)
{
    if (label != 0 && h->labelled < UINT32_MAX)
        h->labelled++;
}

/* The smallest round trip is the path itself; larger ones include queueing
 * and the host's own delays. */
void rstf_host_learn_rtt(struct rstf_host *h, int64_t rtt_ns)
{
    if (rtt_ns < 0)
        return;
    if (!h->rtt_known || rtt_ns < h->rtt_ns)
        h->rtt_ns = rtt_ns;
    h->rtt_known = true;
}

void rstf_host_learn_segment(struct rstf_host *sender, struct rstf_flow *flow,
                             const struct rstf_packet *pkt)
{
    struct rstf_endpoint *me = &flow->ep[pkt->side ? 1 : 0];

    if ((pkt->tcp_flags & RSTF_TCP_RST) || !flow->host_news)
        return;
    if (rstf_has(pkt, RSTF_HAVE_TTL)) {
        rstf_host_learn_ttl(sender, pkt->ttl);
        if (me->host_ttl_told < RSTF_HOST_STEADY_SAMPLES)
            me->host_ttl_told++;
        /* Its count only grows: more samples from here change nothing. */
        if (sender->samples >= RSTF_HOST_STEADY_SAMPLES)
            me->host_ttl_told = RSTF_HOST_STEADY_SAMPLES;
    }
    if (pkt->ip_version == 6 && rstf_has(pkt, RSTF_HAVE_FLOWLBL)) {
        rstf_host_learn_flow_label(sender, pkt->flow_label);
        if (pkt->flow_label != 0)
            me->host_label_told = true;
    }
    if (flow->leg_measured_now)
        rstf_host_learn_rtt(sender, me->rtt_leg_ns);
}
