/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-state.h - one struct rstf_flow per TCP conversation, one struct
 * rstf_host per IP address, and the per-frame results that later passes
 * (tshark -2, the GUI) read back.
 */
#ifndef RSTF_STATE_H
#define RSTF_STATE_H

#include <stdint.h>

#include <epan/packet.h>

#include "rstf/host.h"
#include "rstf/verdict.h"
#include "rstf-extract.h"

/*
 * What the first pass learned about one RST; lives until the file closes
 * (rstf-state.c keeps it in huge-page chunks, not in the file scope).  The
 * verdict is not stored: rstf_classify() is a pure function of the
 * observation and the configuration (a preference change re-runs the first
 * pass), so every pass classifies it again, for ~1 us per RST shown,
 * instead of keeping ~3 KB of reason text per RST in memory.  The
 * observation is kept packed (rstf-pack.h), its look-ahead apart, as news
 * during the first pass changes only that: rstf_result_observation()
 * gives it back whole.
 */
struct rstf_result {
    struct rstf_aftermath after; /* the observation's look-ahead */
    uint64_t packed_mask;  /* which words of the rest of the observation are in packed[] */
    uint32_t rst_index;    /* 1 for the conversation's first RST */
    uint8_t  side;         /* enum rstf_side of the RST's source address */
    uint8_t  claimed_role; /* enum rstf_role of that endpoint */
    uint8_t  peer_role;    /* enum rstf_role of the endpoint it was sent to */
    /* The claimed sender as the RST names it (statistics by address:port). */
    uint8_t  addr_len;     /* 4, 16, or 0 when no IP header was found */
    uint8_t  src_addr[16];
    uint16_t src_port;
    uint64_t packed[];     /* the observation's non-zero words, look-ahead zeroed */
};

/* The observation an RST's result keeps. */
void rstf_result_observation(const struct rstf_result *r, struct rstf_observation *obs);

/* proto_register: create the per-capture-file conversation and host tables. */
void rstf_state_register(int proto);

/* First pass only: an echo reply teaches its sender's TTL and round trip. */
void rstf_state_learn_echo(const struct rstf_echo *echo);

/*
 * First pass only: decide the segment's side, feed it to its conversation
 * and its sender's host baseline or, for an RST, record what it is judged
 * against.  Returns the file-scoped result for an RST, NULL otherwise.
 */
const struct rstf_result *rstf_state_feed(struct rstf_segment *seg);

/* An RST and its verdict, as shown and as queued to the "rstf" tap. */
struct rstf_shown {
    const struct rstf_result *result;
    struct rstf_verdict verdict;
};

/* The idx-th RST result of the frame (idx counts from 0; NULL: no more). */
void rstf_state_store(packet_info *pinfo, unsigned idx, const struct rstf_result *r);
const struct rstf_result *rstf_state_lookup(packet_info *pinfo, unsigned idx);

#endif
