/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "rstf/flow_start.h"

#include <string.h>

void rstf_flow_start_expand(const struct rstf_flow_start *start, struct rstf_flow *flow)
{
    struct rstf_observation ignored_obs;
    struct rstf_news ignored_news[2];
    unsigned count = start->count <= RSTF_FLOW_START_SEGMENTS ? start->count
                                                               : RSTF_FLOW_START_SEGMENTS;

    memset(flow, 0, sizeof *flow);
    /* Observations and news were taken when the segments first came. */
    for (unsigned i = 0; i < count; i++)
        (void)rstf_flow_feed(flow, &start->segment[i], &ignored_obs, ignored_news);
    /* While replaying, the endpoints counted nothing told (no host was
     * told anything): what they had told is kept apart. */
    for (unsigned side = 0; side < 2; side++) {
        flow->ep[side].host_ttl_told = start->host_ttl_told[side];
        flow->ep[side].host_label_told = start->host_label_told[side];
    }
}

bool rstf_flow_start_keep(struct rstf_flow_start *start, const struct rstf_flow *flow,
                          const struct rstf_packet *pkt)
{
    if (start->count >= RSTF_FLOW_START_SEGMENTS)
        return false;
    start->segment[start->count] = *pkt;
    start->segment[start->count].side = pkt->side ? 1 : 0;
    start->count++;
    for (unsigned side = 0; side < 2; side++) {
        start->host_ttl_told[side] = flow->ep[side].host_ttl_told;
        start->host_label_told[side] = flow->ep[side].host_label_told;
    }
    return true;
}
