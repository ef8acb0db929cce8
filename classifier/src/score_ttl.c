/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TTL / hop limit.  A genuine RST crosses the same hops as every other
 * segment of its sender, so it arrives with that sender's TTL (give or take
 * path changes between conversations).  A forger between the capture point and the sender is fewer
 * hops away and arrives with a higher TTL; one far lower means another stack
 * or another path.
 *
 * Stacks start at 32, 64, 128 or 255, so an arriving TTL also tells where
 * its sender started and how many hops it crossed (rstf_initial_ttl()).
 * When the RST started elsewhere than the sender's packets, comparing raw
 * TTLs is meaningless and hops decide.  An RST from the same distance
 * accuses nobody: an application that sets IP_TTL on its socket sends its
 * data with that TTL while its kernel's socketless RSTs carry the host's
 * default, so a different start alone is no forgery.  Another start from
 * another distance is another stack (weighted as a closer hop); a start no
 * stack uses (over 32 hops from every default) leaves distance unknown.
 */
#include <stdio.h>

#include "scorers.h"

/* Where the RST and the baseline started and how far they came. */
static void describe_start(char *buf, size_t n, int ttl, int base, const char *label,
                           const char *who)
{
    unsigned init = rstf_initial_ttl((unsigned)ttl), base_init = rstf_initial_ttl((unsigned)base);

    if (init == base_init && ttl == base)
        snprintf(buf, n, "; initial %s %u, %u hops away, as the %s's", label, init,
                 rstf_hops((unsigned)ttl), who);
    else if (init == base_init)
        snprintf(buf, n, "; initial %s %u as the %s's, %u hops away against its %u", label,
                 init, who, rstf_hops((unsigned)ttl), rstf_hops((unsigned)base));
    else
        snprintf(buf, n, "; RST left a stack with initial %s %u, %u hops away; the %s's "
                         "packets start at %u and are %u hops away",
                 label, init, rstf_hops((unsigned)ttl), who, base_init, rstf_hops((unsigned)base));
}

/* Beyond this many hops a TTL more likely started at a value of its own
 * (a socket's IP_TTL) than at a stack default: its distance is unknown. */
#define PLAUSIBLE_HOPS 32

/*
 * The RST started at another initial TTL than every packet of the
 * baseline: judge by hops.  Returns false when the baseline's own packets
 * started at different values (then the raw comparison stands).
 */
static bool judge_other_start(const struct rstf_observation *obs, const struct rstf_config *cfg,
                              struct rstf_vote *v, int ttl, int lo, int hi, const char *scope,
                              const char *where)
{
    const char *label = obs->rst.ip_version == 6 ? "hop limit" : "TTL";
    const char *who = rstf_claimed_name(obs);
    unsigned init = rstf_initial_ttl((unsigned)ttl);
    unsigned base_init = rstf_initial_ttl((unsigned)hi);
    int tol = (int)cfg->ttl_tolerance;

    if (rstf_initial_ttl((unsigned)lo) != base_init || init == base_init)
        return false;
    int hops = (int)rstf_hops((unsigned)ttl);
    int near = (int)base_init - hi, far = (int)base_init - lo; /* the baseline's hop range */
    const char *relation = ttl > hi ? "exceeds" : "is below";
    int by = ttl > hi ? ttl - hi : lo - ttl;

    if (hops > PLAUSIBLE_HOPS || far > PLAUSIBLE_HOPS)
        rstf_abstain(v, "%s %d %s %s baseline %d by %d, but %s started at a value no stack "
                        "defaults to: distances cannot be compared%s%s",
                     label, ttl, relation, who, ttl > hi ? hi : lo, by,
                     hops > PLAUSIBLE_HOPS ? "the RST" : "its packets", scope, where);
    else if (hops + tol < near || hops > far + tol)
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_ttl_closer,
                      "%s %d %s %s baseline %d by %d: another stack at another distance%s%s",
                      label, ttl, relation, who, ttl > hi ? hi : lo, by, scope, where);
    else
        rstf_abstain(v, "%s %d from the %s's distance, another start: its kernel's default "
                        "where its socket sets IP_TTL, or a box beside it%s%s",
                     label, ttl, who, scope, where);
    return true;
}

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
    bool host_steady = !same_conversation &&
                       obs->claimed_host.samples >= RSTF_HOST_STEADY_SAMPLES && lo == hi;
    int tol_closer = (same_conversation && c->ttl_min == c->ttl_max) ? 0 : tol;

    int ttl = obs->rst.ttl;
    char where[128] = "";
    cmp->ttl_baseline = last;
    cmp->ttl_delta = ttl - last;
    if (v->reason_wanted)
        describe_start(where, sizeof where, ttl, last, label, who);

    if (judge_other_start(obs, cfg, v, ttl, lo, hi, scope, where))
        return;
    if (ttl > hi + tol_closer) {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_ttl_closer,
                      "%s %d exceeds %s baseline %d by %d (closer hop)%s%s",
                      label, ttl, who, hi, ttl - hi, scope, where);
    } else if (ttl + tol < lo) {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_ttl_farther,
                      "%s %d is %d below %s baseline %d (another stack or a longer path)%s%s",
                      label, ttl, lo - ttl, who, lo, scope, where);
    } else if (ttl == last || (same_conversation && ttl >= lo && ttl <= hi)) {
        rstf_vote_set(v, rstf_claimed_origin(obs), cfg->w_ttl_match,
                      "%s %d matches %s baseline %d%s%s", label, ttl, who, last, scope, where);
    } else if (!same_conversation && ttl > hi && host_steady) {
        /* Several packets from that address, all at one TTL: a hop closer
         * is telling, though less than within one conversation. */
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_ttl_closer_host,
                      "%s %d exceeds %s baseline %d by %d (closer hop)%s%s",
                      label, ttl, who, hi, ttl - hi, scope, where);
    } else if (!same_conversation && ttl > hi) {
        /* Other conversations (or pings) may have taken equal-cost paths of
         * other lengths: too close to call either way. */
        rstf_abstain(v, "%s %d is %d above %s baseline %d from other traffic: "
                        "within the slack between paths%s", label, ttl, ttl - hi, who, hi, where);
    } else {
        rstf_vote_set(v, rstf_claimed_origin(obs), cfg->w_ttl_match,
                      "%s %d within %d of %s baseline %d%s%s", label, ttl, tol, who, last, scope,
                      where);
    }
}
