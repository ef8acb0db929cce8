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
 * its sender into the sender's host baseline (its TTL, and the RTT leg when
 * this segment completed one).
 */
void rstf_host_learn_segment(struct rstf_host *sender, const struct rstf_flow *flow,
                             const struct rstf_packet *pkt);

#endif
