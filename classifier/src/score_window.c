/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Window value.  Reset injectors hardcode the window (0, 4128, 8192, 16384)
 * or copy the window of the segment they answer.  But endpoint stacks also send window 0 when they
 * reset without a socket (Linux, Windows: with DF, like their other
 * segments), so 0 only counts when the RST does not share its claimed
 * sender's DF habit; IPv6 has no DF to tell them apart.
 */
#include "scorers.h"

static bool is_firewall_window(const struct rstf_config *cfg, uint16_t w)
{
    for (unsigned i = 0; i < cfg->n_firewall_windows && i < RSTF_MAX_FIREWALL_WINDOWS; i++)
        if (cfg->firewall_windows[i] == w)
            return true;
    return false;
}

/* Receive buffers autotune, so a live socket's window may move a factor of
 * two either way from what it advertised before. */
static bool within_own_range(const struct rstf_endpoint *c, uint16_t w)
{
    return c->window_known && (uint32_t)w * 2u >= c->window_min &&
           (uint32_t)w <= 2u * (uint32_t)c->window_max;
}

/* Whether the RST's DF bit is what the claimed sender's stack does. */
static bool df_as_usual(const struct rstf_observation *obs)
{
    const struct rstf_endpoint *c = &obs->claimed;
    if (!rstf_has(&obs->rst, RSTF_HAVE_DF) || c->df_set + c->df_clear == 0)
        return true; /* cannot tell: assume the benign reading */
    return obs->rst.df ? c->df_set > 0 : c->df_clear > 0;
}

void rstf_score_window(const struct rstf_observation *obs, const struct rstf_config *cfg,
                       struct rstf_vote *v, struct rstf_compared *cmp)
{
    const struct rstf_endpoint *c = &obs->claimed;
    const char *who = rstf_claimed_name(obs);
    uint16_t w = obs->rst.window;
    (void)cmp;

    if (!rstf_has(&obs->rst, RSTF_HAVE_WINDOW)) {
        rstf_abstain(v, "window not captured");
        return;
    }
    bool copied = (obs->trigger.present && w == obs->trigger.window) ||
                  (obs->answered.present && w == obs->answered.window);
    if (w != 0 && copied && !within_own_range(c, w)) {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_window_sentinel,
                      "window %u copied from the %s's last segment", w, rstf_peer_name(obs));
        return;
    }
    if (w == 0 && is_firewall_window(cfg, 0)) {
        if (obs->rst.ip_version != 4)
            rstf_abstain(v, "window 0: what endpoint stacks send on an RST without a socket");
        else if (df_as_usual(obs))
            rstf_abstain(v, "window 0 with DF %s as usual: what the %s's stack sends "
                            "on an RST without a socket", obs->rst.df ? "set" : "clear", who);
        else
            rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_window_sentinel,
                          "window 0 matches firewall sentinel set (DF %s, unlike the %s)",
                          obs->rst.df ? "set" : "clear", who);
        return;
    }
    if (is_firewall_window(cfg, w) && !(c->window_known && w >= c->window_min && w <= c->window_max)) {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_window_sentinel,
                      "window %u matches firewall sentinel set", w);
        return;
    }
    if (!c->window_known) {
        rstf_abstain(v, "no window baseline for the %s", who);
    } else if (within_own_range(c, w)) {
        rstf_vote_set(v, rstf_claimed_origin(obs), cfg->w_window_match,
                      "window %u in line with the %s's own [%u,%u]",
                      w, who, c->window_min, c->window_max);
    } else {
        rstf_abstain(v, "window %u unlike the %s's [%u,%u], but windows change",
                     w, who, c->window_min, c->window_max);
    }
}
