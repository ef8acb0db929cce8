/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Race (look-ahead).  An endpoint's own RST is its last word: whatever it
 * sent before precedes the RST on the path, and afterwards its socket is
 * gone.  A forger closer to the capture point gets its RST in ahead of the
 * real sender's segments still on their way, which then arrive after it
 * (Weaver, Sommer, Paxson, NDSS 2009).  Only known once later segments have
 * been read, so a single-pass tshark prints this scorer's abstention.
 */
#include <stdio.h>

#include "scorers.h"

void rstf_score_race(const struct rstf_observation *obs, const struct rstf_config *cfg,
                     struct rstf_vote *v, struct rstf_compared *cmp)
{
    const char *who = rstf_claimed_name(obs);
    double after_s = (double)obs->after.race_after_ns / 1e9;
    (void)cmp;

    if (!obs->after.race)
        rstf_abstain(v, "nothing more from the %s after this RST (read ahead in two-pass "
                        "and the GUI only)", who);
    else if (after_s > cfg->race_window_s)
        rstf_abstain(v, "the %s spoke again %.3fs after this RST: too late to call it a race",
                     who, after_s);
    else
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_race,
                      "the %s kept sending %.4fs after this RST: its own stack would have "
                      "fallen silent", who, after_s);
}
