/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RFC 5961 challenge ACK (look-ahead).  A receiver that gets an RST whose
 * seq is inside its window but not exactly its rcv_nxt does not reset: it
 * answers with an ACK of rcv_nxt and lets the true peer prove itself.  So a
 * challenge ACK proves the RST did not know where the receiver stood.
 * Forgers that guess within the window (tcpkill's later RSTs) cause it;
 * so does a genuine sender whose RST overtook, or outran the loss of, its
 * own data: its seq is its own next seq, and afterwards its socket-less
 * stack answers the challenge with an exact RST.  Only a seq that the
 * claimed sender's captured data never reached votes, and weakly: a
 * capture that missed the sender's last data looks the same.
 */
#include <stdio.h>

#include "scorers.h"

void rstf_score_challenge(const struct rstf_observation *obs, const struct rstf_config *cfg,
                          struct rstf_vote *v, struct rstf_compared *cmp)
{
    const struct rstf_aftermath *a = &obs->after;
    const struct rstf_endpoint *c = &obs->claimed;
    const char *peer = rstf_peer_name(obs), *who = rstf_claimed_name(obs);
    double after_s = (double)a->challenge_after_ns / 1e9;
    uint32_t seq = obs->rst.seq;
    (void)cmp;

    if (!a->challenge) {
        rstf_abstain(v, "no challenge ACK from the %s after this RST (read ahead in two-pass "
                        "and the GUI only)", peer);
        return;
    }
    if (after_s > cfg->challenge_window_s) {
        rstf_abstain(v, "the %s repeated its ack %u only %.3fs after this RST: too late for a "
                        "challenge ACK", peer, a->challenge_ack, after_s);
        return;
    }
    /* Sooner than the RST could reach the receiver and its answer come
     * back: an ACK sent before the RST arrived, not an answer to it. */
    const struct rstf_endpoint *p = &obs->peer;
    if (p->rtt_leg_known && (double)p->rtt_leg_ns >= cfg->timing_min_leg_s * 1e9 &&
        (double)a->challenge_after_ns < cfg->timing_fast_fraction * (double)p->rtt_leg_ns) {
        rstf_abstain(v, "the %s's repeated ack %u came %.4fs after this RST, before the RST "
                        "could reach it: not a challenge ACK", peer, a->challenge_ack, after_s);
        return;
    }
    if (!c->seq_known) {
        rstf_abstain(v, "the %s challenged this RST (RFC 5961): seq %u in its window, not its "
                        "%u; no sequence baseline for the %s", peer, seq, a->challenge_ack, who);
    } else if (seq == c->next_seq) {
        rstf_abstain(v, "the %s challenged this RST (RFC 5961): seq %u is the %s's own next "
                        "seq, ahead of the %u it had received: data in flight or lost",
                     peer, seq, who, a->challenge_ack);
    } else {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_challenge,
                      "the %s challenged this RST (RFC 5961 challenge ACK %.3f ms after): seq %u "
                      "was in its window but not its %u, and the %s's data ends at %u",
                      peer, after_s * 1e3, seq, a->challenge_ack, who, c->next_seq);
    }
}
