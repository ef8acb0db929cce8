/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Burst (partly look-ahead).  dsniff's tcpkill answers every segment it
 * sniffs with several RSTs whose seqs walk the window: ack, ack + win,
 * ack + 3·win (win: the raw window of the sniffed segment), so that one
 * lands in the receiver's window whatever it has received.  A stack's RSTs
 * repeat the acks they answer or carry the sender's own next seq: never a
 * step of the peer's window (Weaver, Sommer, Paxson, NDSS 2009: "RST SEQ
 * CHANGE").  The flow tracker only counts as steps seqs that no captured
 * segment explains, between RSTs of one TTL and one set of flags.  The
 * burst's first RST looks like a stack's (seq = an ack) and learns that it
 * opened a burst from the next RST: look-ahead, weighted less.
 */
#include <stdio.h>

#include "scorers.h"

void rstf_score_burst(const struct rstf_observation *obs, const struct rstf_config *cfg,
                      struct rstf_vote *v, struct rstf_compared *cmp)
{
    const struct rstf_burst *b = &obs->burst;
    const struct rstf_aftermath *a = &obs->after;
    const char *who = rstf_claimed_name(obs);
    double gap_ms;
    (void)cmp;

    if (b->member) {
        gap_ms = (double)b->gap_ns / 1e6;
        if (b->gap_ns < 0 || (double)b->gap_ns > cfg->burst_gap_s * 1e9)
            rstf_abstain(v, "seq %u is %u windows of %u past an RST in the %s's name %.1f ms "
                            "before: too far apart for one burst",
                         obs->rst.seq, b->windows, b->spacing, who, gap_ms);
        else
            rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_burst,
                          "seq %u is %u window%s of %u past the RST %.3f ms before (seq %u): "
                          "an injector walking the window; a stack repeats the acks it got",
                          obs->rst.seq, b->windows, b->windows == 1 ? "" : "s", b->spacing,
                          gap_ms, b->base_seq);
        return;
    }
    if (a->burst) {
        gap_ms = (double)a->burst_gap_ns / 1e6;
        if (a->burst_gap_ns < 0 || (double)a->burst_gap_ns > cfg->burst_gap_s * 1e9)
            rstf_abstain(v, "the next RST in the %s's name, %.1f ms later, steps by the window "
                            "%u: too far apart for one burst", who, gap_ms, a->burst_spacing);
        else
            rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_burst_first,
                          "opened a burst: the next RST in the %s's name, %.3f ms later, has "
                          "seq %u, whole windows of %u past this one",
                          who, gap_ms, a->burst_next_seq, a->burst_spacing);
        return;
    }
    rstf_abstain(v, "no window-spaced RSTs around this one (the next RST is read ahead in "
                    "two-pass and the GUI only)");
}
