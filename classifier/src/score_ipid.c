/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * IP-ID continuity.  A stack keeps one habit: a counter that steps forward
 * (per socket on Linux, per host elsewhere) or always zero.  An RST minted by
 * another stack breaks the habit, or copies the IP-ID the forger just saw.
 * Linux sends IP-ID 0 with DF when it resets without a socket, and so does a
 * Linux firewall: that shape proves nothing either way.
 */
#include "scorers.h"

enum habit { HABIT_UNKNOWN, HABIT_ZERO, HABIT_COUNTER, HABIT_RANDOM };

static enum habit habit_of(const struct rstf_endpoint *e)
{
    if (e->ipid_samples < 2)
        return HABIT_UNKNOWN;
    if (e->ipid_zero == e->ipid_samples)
        return HABIT_ZERO;
    /* Most consecutive pairs step forward: a counter (a 0 from a SYN-ACK or
     * a host-wide counter shared with other flows may break a few). */
    if (4u * e->ipid_steps >= 3u * (unsigned)(e->ipid_samples - 1))
        return HABIT_COUNTER;
    return HABIT_RANDOM;
}

static bool socketless_shape(const struct rstf_packet *r)
{
    return r->ip_id == 0 && rstf_has(r, RSTF_HAVE_DF) && r->df;
}

/*
 * IPv6 has no IP-ID; its flow label plays the part.  A Linux socket keeps
 * one label, and even its socketless RSTs carry a (different) non-zero
 * one; Linux's reject path (nftables) and Suricata send 0.  So label 0 from
 * an address whose packets are labelled is out of character; another
 * non-zero label proves nothing.
 */
static void score_flow_label(const struct rstf_observation *obs, const struct rstf_config *cfg,
                             struct rstf_vote *v)
{
    const struct rstf_packet *r = &obs->rst;
    const struct rstf_endpoint *c = &obs->claimed;
    const char *who = rstf_claimed_name(obs);
    bool flow_labelled = c->label_samples > 0 && c->label_zero == 0;
    bool host_labelled = c->label_samples == 0 && obs->claimed_host.labelled > 0;

    if (!rstf_has(r, RSTF_HAVE_FLOWLBL)) {
        rstf_abstain(v, "IPv6 flow label not captured");
    } else if (r->flow_label == 0 && (flow_labelled || host_labelled)) {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_ipid_break,
                      "flow label 0 where the %s labels its packets%s", who,
                      host_labelled ? " (its other traffic)" : "");
    } else if (c->label_samples > 0 && c->label_zero == 0 && r->flow_label == c->flow_label) {
        rstf_vote_set(v, rstf_claimed_origin(obs), cfg->w_ipid_continues,
                      "flow label 0x%05x as on the %s's segments", r->flow_label, who);
    } else if (c->label_samples == 0 && !host_labelled) {
        rstf_abstain(v, "no flow label baseline for the %s", who);
    } else {
        rstf_abstain(v, "flow label 0x%05x differs from the %s's 0x%05x, as its stack's "
                        "socketless RSTs do", r->flow_label, who, c->flow_label);
    }
}

void rstf_score_ipid(const struct rstf_observation *obs, const struct rstf_config *cfg,
                     struct rstf_vote *v, struct rstf_compared *cmp)
{
    const struct rstf_packet *r = &obs->rst;
    const struct rstf_endpoint *c = &obs->claimed;
    const char *who = rstf_claimed_name(obs);
    (void)cmp;

    if (r->ip_version == 6) {
        score_flow_label(obs, cfg, v);
        return;
    }
    if (!rstf_has(r, RSTF_HAVE_IPID)) {
        rstf_abstain(v, "IP-ID not captured");
        return;
    }
    bool copied = (obs->trigger.present && r->ip_id == obs->trigger.ip_id) ||
                  (obs->answered.present && r->ip_id == obs->answered.ip_id);
    if (copied && r->ip_id != 0 && r->ip_id != c->last_ip_id) {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_ipid_break,
                      "IP-ID %u copied from the %s's last segment",
                      r->ip_id, rstf_peer_name(obs));
        return;
    }

    switch (habit_of(c)) {
    case HABIT_UNKNOWN:
        rstf_abstain(v, "too few %s segments to learn its IP-ID habit", who);
        return;
    case HABIT_RANDOM:
        rstf_abstain(v, "%s IP-IDs look random: continuity cannot be judged", who);
        return;
    case HABIT_ZERO:
        if (r->ip_id == 0)
            rstf_vote_set(v, rstf_claimed_origin(obs), cfg->w_ipid_continues,
                          "IP-ID 0 like every %s segment", who);
        else
            rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_ipid_break,
                          "IP-ID %u where the %s always sends 0", r->ip_id, who);
        return;
    case HABIT_COUNTER:
        break;
    }

    uint16_t step = (uint16_t)(r->ip_id - c->last_ip_id);
    if (step >= 1 && step <= cfg->ipid_max_gap) {
        rstf_vote_set(v, rstf_claimed_origin(obs), cfg->w_ipid_continues,
                      "IP-ID %u continues %s counter (last %u, +%u)",
                      r->ip_id, who, c->last_ip_id, step);
    } else if (socketless_shape(r)) {
        rstf_abstain(v, "IP-ID 0 with DF: the %s's stack resetting without a socket, "
                        "or a Linux firewall", who);
    } else if (step == 0) {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_ipid_break,
                      "IP-ID %u repeats %s's last instead of stepping on", r->ip_id, who);
    } else if (step > 0x8000u) {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_ipid_break,
                      "IP-ID %u runs %u behind %s's last %u",
                      r->ip_id, 0x10000u - step, who, c->last_ip_id);
    } else {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_ipid_break,
                      "IP-ID %u jumps %u from %s's last %u",
                      r->ip_id, step, who, c->last_ip_id);
    }
}
