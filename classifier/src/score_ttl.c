/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TTL / hop limit.  A genuine RST crosses the same hops as every other
 * segment of its sender, so it arrives with that sender's TTL (give or take
 * path changes between conversations).  A forger between the capture point and the sender is fewer
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

    /* This conversation's baseline first; else the address's other traffic
     * (an RST answering a SYN has no conversation baseline). */
    const char *scope;
    int last, lo, hi;
    if (c->ttl_known) {
        scope = "";
        last = c->ttl, lo = c->ttl_min, hi = c->ttl_max;
    } else if (obs->claimed_host.ttl_known) {
        scope = " (its other traffic)";
        last = obs->claimed_host.ttl_last;
        lo = obs->claimed_host.ttl_min, hi = obs->claimed_host.ttl_max;
    } else {
        rstf_abstain(v, "no %s baseline: nothing from the %s before the RST", label, who);
        return;
    }

    /* Within one conversation the path is fixed (ECMP hashes per flow): a
     * baseline that never moved leaves no room for a closer sender.  Across
     * conversations equal-cost paths may differ by a hop or two. */
    bool same_conversation = c->ttl_known;
    bool host_steady = !same_conversation && obs->claimed_host.samples >= 3 && lo == hi;
    int tol_closer = (same_conversation && c->ttl_min == c->ttl_max) ? 0 : tol;

    int ttl = obs->rst.ttl;
    cmp->ttl_baseline = last;
    cmp->ttl_delta = ttl - last;

    if (ttl > hi + tol_closer) {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_ttl_closer,
                      "%s %d exceeds %s baseline %d by %d (closer hop)%s",
                      label, ttl, who, hi, ttl - hi, scope);
    } else if (ttl + tol < lo) {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_ttl_farther,
                      "%s %d is %d below %s baseline %d (another stack or a longer path)%s",
                      label, ttl, lo - ttl, who, lo, scope);
    } else if (ttl == last || (same_conversation && ttl >= lo && ttl <= hi)) {
        rstf_vote_set(v, rstf_claimed_origin(obs), cfg->w_ttl_match,
                      "%s %d matches %s baseline %d%s", label, ttl, who, last, scope);
    } else if (!same_conversation && ttl > hi && host_steady) {
        /* Several packets from that address, all at one TTL: a hop closer
         * is telling, though less than within one conversation. */
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_ttl_closer_host,
                      "%s %d exceeds %s baseline %d by %d (closer hop)%s",
                      label, ttl, who, hi, ttl - hi, scope);
    } else if (!same_conversation && ttl > hi) {
        /* Other conversations (or pings) may have taken equal-cost paths of
         * other lengths: too close to call either way. */
        rstf_abstain(v, "%s %d is %d above %s baseline %d from other traffic: "
                        "within the slack between paths", label, ttl, ttl - hi, who, hi);
    } else {
        rstf_vote_set(v, rstf_claimed_origin(obs), cfg->w_ttl_match,
                      "%s %d within %d of %s baseline %d%s", label, ttl, tol, who, last, scope);
    }
}
