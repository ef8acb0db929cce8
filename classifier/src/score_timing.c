/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Arrival timing.  The peer's segment the RST answers passed the capture
 * point, had to reach the claimed sender, and the sender's RST had to come
 * back: that takes the round trip from the capture point to the sender,
 * measured on the handshake.  An RST much faster than that was sent by
 * something closer.  Only a segment the RST provably answers counts: a
 * sender's own abort may cross the peer's latest segment in flight.
 */
#include <stdio.h>

#include "scorers.h"

/* Seconds the article's way (Δ=0.0008s), with more digits for sub-0.1 ms
 * legs (a capture next to the endpoint) so they do not print as 0. */
static void format_seconds(char *buf, size_t n, double ns)
{
    double s = ns / 1e9;
    snprintf(buf, n, (s != 0.0 && s < 0.0001 && s > -0.0001) ? "%.6fs" : "%.4fs", s);
}

static void describe_bound(char *buf, size_t n, double fraction)
{
    if (fraction == 0.5)
        snprintf(buf, n, "½ RTT");
    else
        snprintf(buf, n, "%.2g×RTT", fraction);
}

void rstf_score_timing(const struct rstf_observation *obs, const struct rstf_config *cfg,
                       struct rstf_vote *v, struct rstf_compared *cmp)
{
    const struct rstf_endpoint *c = &obs->claimed;
    const char *who = rstf_claimed_name(obs);
    char bound[24] = "", delay_s[24] = "", limit_s[24] = "";

    /* This conversation's handshake leg, else the address's fastest round
     * trip in other conversations or pings. */
    int64_t leg;
    if (c->rtt_leg_known) {
        leg = c->rtt_leg_ns;
    } else if (obs->claimed_host.rtt_known) {
        leg = obs->claimed_host.rtt_ns;
    } else {
        rstf_abstain(v, "no round trip to the %s measured (handshake incomplete)", who);
        return;
    }
    cmp->rtt_leg_ns = leg;
    if ((double)leg < cfg->timing_min_leg_s * 1e9) {
        char leg_s[24] = "";
        if (v->reason_wanted)
            format_seconds(leg_s, sizeof leg_s, (double)leg);
        rstf_abstain(v, "the %s is %s away: too close to the capture point for timing to tell",
                     who, leg_s);
        return;
    }
    if (!obs->answered.present) {
        rstf_abstain(v, "no captured %s segment that the RST provably answers",
                     rstf_peer_name(obs));
        return;
    }

    int64_t delay = obs->rst.ts_ns - obs->answered.ts_ns;
    cmp->delay_ns = delay;
    double limit = cfg->timing_fast_fraction * (double)leg;
    if (v->reason_wanted) {
        describe_bound(bound, sizeof bound, cfg->timing_fast_fraction);
        format_seconds(delay_s, sizeof delay_s, (double)delay);
        format_seconds(limit_s, sizeof limit_s, limit);
    }

    if ((double)delay < limit) {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_timing_fast,
                      "Δ=%s < %s (%s); too fast for the %s to have replied",
                      delay_s, bound, limit_s, who);
    } else {
        rstf_vote_set(v, rstf_claimed_origin(obs), cfg->w_timing_plausible,
                      "Δ=%s ≥ %s (%s); the %s had time to reply",
                      delay_s, bound, limit_s, who);
    }
}
