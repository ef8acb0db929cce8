/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TTL / hop limit.  A genuine RST crosses the same hops as every other
 * segment of its sender, so it arrives with that sender's TTL (give or take
 * path jitter).  A forger between the capture point and the sender is fewer
 * hops away and arrives with a higher TTL; one far lower means another stack
 * or another path.
 */
#include "scorers.h"

void rstf_score_ttl(const struct rstf_observation *obs, const struct rstf_config *cfg,
                    struct rstf_vote *v, struct rstf_compared *cmp)
{
    const struct rstf_endpoint *c = &obs->claimed;
    const char *label = obs->rst.ip_version == 6 ? "hop limit" : "TTL";
    const char *who = rstf_claimed_name(obs);
    int tol = (int)cfg->ttl_tolerance;

    if (!rstf_has(&obs->rst, RSTF_HAVE_TTL)) {
        rstf_abstain(v, "%s not captured", label);
        return;
    }
    if (!c->ttl_known) {
        rstf_abstain(v, "no %s baseline: the %s sent nothing before the RST", label, who);
        return;
    }

    int ttl = obs->rst.ttl;
    cmp->ttl_baseline = c->ttl;
    cmp->ttl_delta = ttl - (int)c->ttl;

    if (ttl > (int)c->ttl_max + tol) {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_ttl_closer,
                      "%s %d exceeds %s baseline %d by %d (closer hop)",
                      label, ttl, who, c->ttl_max, ttl - (int)c->ttl_max);
    } else if (ttl + tol < (int)c->ttl_min) {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_ttl_farther,
                      "%s %d is %d below %s baseline %d (another stack or a longer path)",
                      label, ttl, (int)c->ttl_min - ttl, who, c->ttl_min);
    } else if (ttl == (int)c->ttl) {
        rstf_vote_set(v, rstf_claimed_origin(obs), cfg->w_ttl_match,
                      "%s %d matches %s baseline %d", label, ttl, who, c->ttl);
    } else {
        rstf_vote_set(v, rstf_claimed_origin(obs), cfg->w_ttl_match,
                      "%s %d within %d of %s baseline %d", label, ttl, tol, who, c->ttl);
    }
}
