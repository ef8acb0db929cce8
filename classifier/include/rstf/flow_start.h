/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf/flow_start.h - a conversation's first segments, kept instead of its
 * flow until it outlives them.
 *
 * Most conversations of a port scan are a SYN and the RST that answers it,
 * yet a struct rstf_flow is 832 bytes, most of it the ring of recent
 * segments.  A caller can keep the first RSTF_FLOW_START_SEGMENTS segments
 * themselves (56 bytes each) and rebuild the flow from them whenever a
 * segment arrives: rstf_flow_feed() is a pure function of the flow and the
 * segment, so feeding the same segments to a zeroed flow again gives the
 * same flow.  Only one part of a flow is not rstf_flow_feed()'s: what its
 * endpoints have told their hosts (rstf_host_learn_segment()), which
 * depends on the hosts.  That is kept alongside, so that once the next
 * segment is fed the rebuilt flow is byte for byte the one the caller
 * would have kept (tests/unit/test_flow.c, tests/fuzz/fuzz_flow.c).
 * Before, only host_news may differ: it describes the last segment fed,
 * and rstf_flow_feed() rewrites it first.
 *
 * Per segment while the start lasts:
 *
 *     rstf_flow_start_expand(&start, &flow);      // a zeroed flow, replayed
 *     ... rstf_flow_starts_over(), rstf_flow_feed(), rstf_host_learn_segment()
 *     if (!rstf_flow_start_keep(&start, &flow, &pkt))
 *         ... keep `flow` itself from now on
 */
#ifndef RSTF_FLOW_START_H
#define RSTF_FLOW_START_H

#include <stdbool.h>
#include <stdint.h>

#include "rstf/flow.h"
#include "rstf/packet.h"

/* Four: a SYN to a closed port and its RST, retried once from the same
 * port, the whole of a scanned port's conversation. */
#define RSTF_FLOW_START_SEGMENTS 4

struct rstf_flow_start {
    struct rstf_packet segment[RSTF_FLOW_START_SEGMENTS]; /* in the order fed, side set */
    uint8_t count;
    /* Not rstf_flow_feed()'s alone: the endpoints' bookkeeping of what
     * they told their hosts. */
    uint8_t host_ttl_told[2];
    bool    host_label_told[2];
};

/* An all-zero start is an empty one, whose flow is an all-zero flow. */

/* Rebuilds the flow the kept segments make: what rstf_flow_feed() and
 * rstf_host_learn_segment() had left in it after the last one. */
void rstf_flow_start_expand(const struct rstf_flow_start *start, struct rstf_flow *flow);

/*
 * Keeps pkt, just fed to flow (the flow rstf_flow_start_expand() gave,
 * after rstf_flow_feed() and any rstf_host_learn_segment() for pkt).
 * False when the start is full: the caller must keep the flow from now on,
 * and the start is left unchanged.
 */
bool rstf_flow_start_keep(struct rstf_flow_start *start, const struct rstf_flow *flow,
                          const struct rstf_packet *pkt);

#endif
