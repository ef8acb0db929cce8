/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TCP options.  A stack that uses timestamps keeps sending them from a live
 * socket, RSTs included, with TSval moving forward (RFC 7323).  Forgers send
 * a bare 20-byte header.  But a stack resetting without a socket also sends
 * no options, with window 0: that shape is out of character only while the
 * sender's socket evidently exists (it spoke moments ago, sent no FIN, and
 * no earlier RST ended it; a socket disappears silently only after a reboot
 * or a long timeout).
 */
#include "scorers.h"

void rstf_score_options(const struct rstf_observation *obs, const struct rstf_config *cfg,
                        struct rstf_vote *v, struct rstf_compared *cmp)
{
    const struct rstf_packet *r = &obs->rst;
    const struct rstf_endpoint *c = &obs->claimed;
    const char *who = rstf_claimed_name(obs);
    (void)cmp;

    if (!rstf_has(r, RSTF_HAVE_OPTIONS)) {
        rstf_abstain(v, "TCP options not captured");
        return;
    }

    bool rst_ts = (r->options & RSTF_OPT_TIMESTAMP) != 0;
    bool negotiated = obs->handshake_seen ? (c->ts_sent_on_syn && obs->peer.ts_sent_on_syn)
                                          : c->ts_segments > 0;
    bool uses_ts = negotiated && c->ts_segments > 0;

    if (!negotiated) {
        if (rst_ts)
            rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_opts_stripped,
                          "timestamps on the RST though the %s never negotiated them", who);
        else
            rstf_abstain(v, "timestamps not in use: nothing to compare");
        return;
    }
    if (rst_ts) {
        if (uses_ts && rstf_seq_after(c->tsval, r->tsval))
            rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_opts_stripped,
                          "TSval %u runs behind the %s's last %u", r->tsval, who, c->tsval);
        else if (uses_ts)
            rstf_vote_set(v, rstf_claimed_origin(obs), cfg->w_opts_consistent,
                          "timestamps kept, TSval %u continues the %s's %u", r->tsval, who, c->tsval);
        else
            rstf_vote_set(v, rstf_claimed_origin(obs), cfg->w_opts_consistent,
                          "timestamps kept as negotiated (TSval %u)", r->tsval);
        return;
    }
    if (rstf_has(r, RSTF_HAVE_WINDOW) && r->window != 0) {
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_opts_stripped,
                      "no timestamps though the %s negotiated them, yet a live window %u",
                      who, r->window);
        return;
    }
    double idle_s = (double)(r->ts_ns - c->last_ts_ns) / 1e9;
    /* Any earlier RST of the conversation, either way, ends both sockets. */
    if (c->segments > 0 && !c->fin_sent && obs->rst_index == 1 && idle_s >= 0 &&
        idle_s < cfg->socket_alive_s)
        rstf_vote_set(v, RSTF_ORIGIN_MIDPATH, cfg->w_opts_stripped,
                      "no timestamps though the %s's socket is open (no FIN, spoke %.3fs "
                      "before): its own stack would keep them", who, idle_s);
    else
        rstf_abstain(v, "no timestamps and window 0: the %s's stack sends this "
                        "without a socket too", who);
}
