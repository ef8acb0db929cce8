/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sequence plausibility.  The claimed sender knows its own next sequence
 * number; its peer accepts an RST only inside its receive window (RFC 5961).
 * A seq outside that window is a blind guess by something that does not
 * track the byte stream.  All arithmetic is modulo 2^32.
 */
#include "scorers.h"

static void score_answer_to_syn(const struct rstf_observation *obs, const struct rstf_config *cfg,
                                struct rstf_vote *v)
{
    const struct rstf_packet *r = &obs->rst;
    uint32_t want = obs->peer.next_seq; /* the SYN's ISN + 1 */

    if (!(r->tcp_flags & RSTF_TCP_ACK) || !rstf_has(r, RSTF_HAVE_ACK)) {
        rstf_abstain(v, "RST to a SYN without an ACK: nothing to check");
    } else if (r->ack == want) {
        rstf_abstain(v, "RST acknowledges the %s's SYN (ack %u): any box that saw it could",
                     rstf_peer_name(obs), r->ack);
    } else {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_seq_blind,
                      "ack %u does not acknowledge the %s's SYN (%u)",
                      r->ack, rstf_peer_name(obs), want);
    }
}

void rstf_score_seq(const struct rstf_observation *obs, const struct rstf_config *cfg,
                    struct rstf_vote *v, struct rstf_compared *cmp)
{
    const struct rstf_packet *r = &obs->rst;
    const struct rstf_endpoint *c = &obs->claimed;
    const struct rstf_endpoint *peer = &obs->peer;
    const char *who = rstf_claimed_name(obs);

    if (!rstf_has(r, RSTF_HAVE_SEQ)) {
        rstf_abstain(v, "sequence number not captured");
        return;
    }
    /* The claimed sender never spoke: a reply to a SYN (closed port). */
    if (!c->seq_known && peer->seq_known && !peer->ack_known) {
        score_answer_to_syn(obs, cfg, v);
        return;
    }
    if (!c->seq_known && !peer->ack_known) {
        rstf_abstain(v, "no sequence baseline for the %s", who);
        return;
    }

    uint32_t expected = c->seq_known ? c->next_seq : peer->last_ack;
    cmp->expected_seq = expected;
    cmp->expected_seq_known = true;
    if (peer->ack_known) {
        cmp->window_left = peer->last_ack;
        cmp->window_right = peer->last_ack + peer->rcv_window;
        cmp->window_known = true;
    }

    if (r->seq == expected || (peer->ack_known && r->seq == peer->last_ack)) {
        rstf_vote_set(v, rstf_claimed_origin(obs), cfg->w_seq_exact,
                      "seq %u is exactly the %s's next seq", r->seq, who);
    } else if (peer->ack_known && rstf_seq_in_window(r->seq, peer->ack_low, peer->last_ack - peer->ack_low)) {
        /* A stack resetting without a socket repeats the ack of the segment
         * it answers; with segments in flight that ack is behind the
         * receiver's latest.  Forgers do the same, so no vote. */
        rstf_abstain(v, "seq %u is behind the window but was acknowledged by the %s "
                        "earlier: an answer to a segment in flight",
                     r->seq, rstf_peer_name(obs));
    } else if (!cmp->window_known) {
        rstf_abstain(v, "seq %u is not the expected %u, and the %s's receive window is unknown",
                     r->seq, expected, rstf_peer_name(obs));
    } else if (rstf_seq_in_window(r->seq, peer->last_ack, peer->rcv_window)) {
        rstf_vote_set(v, rstf_claimed_origin(obs), cfg->w_seq_in_window,
                      "seq %u inside receive window [%u,%u]",
                      r->seq, cmp->window_left, cmp->window_right);
    } else {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_seq_blind,
                      "seq %u outside receive window [%u,%u]",
                      r->seq, cmp->window_left, cmp->window_right);
    }
}
