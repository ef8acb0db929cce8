/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf/host.h - what the capture shows of one IP address across all of its
 * conversations (and ICMP echo replies).
 *
 * An RST answering a SYN to a closed port has no conversation baseline: the
 * server never spoke in it.  Its other conversations, or a ping, still tell
 * how many hops away the address is and how long the round trip takes.
 */
#ifndef RSTF_HOST_H
#define RSTF_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "rstf/packet.h"

struct rstf_flow;

/* TTL samples after which an address's TTL range counts as steady: the
 * only use of rstf_host.samples is comparing it with this. */
#define RSTF_HOST_STEADY_SAMPLES 3

/*
 * Conversations tell their host only what may be news to it
 * (rstf_host_learn_segment()), so that an ordinary segment does not touch
 * the host's record: samples is exact below RSTF_HOST_STEADY_SAMPLES and
 * at least that above; labelled is exact as to whether it is 0; ttl_min,
 * ttl_max and rtt_ns are exact.  ttl_last is the TTL its conversations
 * last reported, each when its own changed: the last packet's TTL unless
 * an address's conversations arrive with different TTLs at once.
 */
struct rstf_host {
    int64_t  rtt_ns;     /* smallest capture -> host -> capture round trip seen */
    uint32_t samples;    /* TTL samples (saturating) */
    uint32_t labelled;   /* IPv6 packets from it with a non-zero flow label (saturating) */
    uint8_t  ttl_min, ttl_max, ttl_last;
    bool     ttl_known, rtt_known;
};

void rstf_host_init(struct rstf_host *h);

/* A non-RST segment or ICMP echo reply from this address arrived with ttl. */
void rstf_host_learn_ttl(struct rstf_host *h, uint8_t ttl);

/* An IPv6 packet from this address carried this flow label. */
void rstf_host_learn_flow_label(struct rstf_host *h, uint32_t label);

/* A round trip to this address was measured (handshake leg, echo). */
void rstf_host_learn_rtt(struct rstf_host *h, int64_t rtt_ns);

/*
 * After rstf_flow_feed() took a non-RST segment: fold what it taught about
 * its sender into the sender's host baseline (its TTL and flow label, and
 * the RTT leg when this segment completed one), when flow->host_news says
 * it may be news; otherwise nothing, and a caller that tests host_news
 * first need not even look the host up.  Records in the sender's endpoint
 * what it told.
 */
void rstf_host_learn_segment(struct rstf_host *sender, struct rstf_flow *flow,
                             const struct rstf_packet *pkt);

#endif
