/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-conversation baselines.  Each non-RST segment teaches us about the
 * endpoint that sent it; an RST only reads what was learnt before it.
 */
#include <string.h>

#include "rstf/flow.h"

_Static_assert(sizeof(struct rstf_flow) <= RSTF_FLOW_MAX_BYTES,
               "per-conversation state must stay small and constant");

/* IP-ID steps up to this size still look like one stack's counter: other
 * connections of a host-wide counter advance it between our segments. */
#define IPID_COUNTER_MAX_STEP 2048

#define SATURATING_INC(x) do { if ((x) < UINT16_MAX) (x)++; } while (0)

void rstf_flow_init(struct rstf_flow *flow)
{
    memset(flow, 0, sizeof *flow);
}

const char *rstf_role_name(enum rstf_role role)
{
    switch (role) {
    case RSTF_ROLE_CLIENT: return "client";
    case RSTF_ROLE_SERVER: return "server";
    default:               return "unknown";
    }
}

static bool is_syn(const struct rstf_packet *p)
{
    return (p->tcp_flags & RSTF_TCP_SYN) != 0;
}

static bool is_synack(const struct rstf_packet *p)
{
    return (p->tcp_flags & (RSTF_TCP_SYN | RSTF_TCP_ACK)) == (RSTF_TCP_SYN | RSTF_TCP_ACK);
}

/* Roles and RTT legs come from the handshake as seen at the capture point:
 * SYN -> SYN-ACK is the round trip to the server, SYN-ACK -> ACK the one to
 * the client.  Retransmissions move the timestamps to the latest copy. */
static void learn_handshake(struct rstf_flow *f, const struct rstf_packet *p)
{
    struct rstf_endpoint *me = &f->ep[p->side];
    struct rstf_endpoint *peer = &f->ep[!p->side];

    if (is_synack(p)) {
        me->role = RSTF_ROLE_SERVER;
        peer->role = RSTF_ROLE_CLIENT;
        f->synack_seen = true;
        f->synack_ts_ns = p->ts_ns;
        if (f->syn_seen && p->ts_ns >= f->syn_ts_ns) {
            me->rtt_leg_ns = p->ts_ns - f->syn_ts_ns;
            me->rtt_leg_known = true;
            f->leg_measured_now = true;
        }
    } else if (is_syn(p)) {
        me->role = RSTF_ROLE_CLIENT;
        peer->role = RSTF_ROLE_SERVER;
        f->syn_seen = true;
        f->syn_ts_ns = p->ts_ns;
    } else if (f->synack_seen && !f->handshake_done && me->role == RSTF_ROLE_CLIENT &&
               (p->tcp_flags & RSTF_TCP_ACK) && rstf_has(p, RSTF_HAVE_ACK) &&
               peer->seq_known && p->ack == peer->next_seq) {
        f->handshake_done = true;
        if (p->ts_ns >= f->synack_ts_ns) {
            me->rtt_leg_ns = p->ts_ns - f->synack_ts_ns;
            me->rtt_leg_known = true;
            f->leg_measured_now = true;
        }
    }

    if (is_syn(p)) {
        if (rstf_has(p, RSTF_HAVE_SEQ))
            me->isn = p->seq;
        if (rstf_has(p, RSTF_HAVE_OPTIONS)) {
            me->wscale_sent = (p->options & RSTF_OPT_WSCALE) != 0;
            me->wscale = p->wscale > 14 ? 14 : p->wscale; /* RFC 7323 §2.3 */
            me->ts_sent_on_syn = (p->options & RSTF_OPT_TIMESTAMP) != 0;
        }
        f->scaling_on = f->ep[0].wscale_sent && f->ep[1].wscale_sent;
    }
}

static void learn_ttl(struct rstf_endpoint *me, const struct rstf_packet *p)
{
    if (!rstf_has(p, RSTF_HAVE_TTL))
        return;
    if (!me->ttl_known || p->ttl < me->ttl_min)
        me->ttl_min = p->ttl;
    if (!me->ttl_known || p->ttl > me->ttl_max)
        me->ttl_max = p->ttl;
    me->ttl = p->ttl;
    me->ttl_known = true;
}

/* Handshake segments are poor IP-ID, window and option baselines (Linux
 * SYN-ACKs carry IP-ID 0 and an unscaled window), so only later ones count. */
static void learn_habits(struct rstf_endpoint *me, const struct rstf_packet *p)
{
    if (is_syn(p))
        return;

    if (rstf_has(p, RSTF_HAVE_IPID)) {
        if (me->ipid_samples > 0) {
            uint16_t step = (uint16_t)(p->ip_id - me->last_ip_id);
            if (step >= 1 && step <= IPID_COUNTER_MAX_STEP)
                SATURATING_INC(me->ipid_steps);
        }
        if (p->ip_id == 0)
            SATURATING_INC(me->ipid_zero);
        SATURATING_INC(me->ipid_samples);
        me->last_ip_id = p->ip_id;
    }
    if (p->ip_version == 4 && rstf_has(p, RSTF_HAVE_DF)) {
        if (p->df)
            SATURATING_INC(me->df_set);
        else
            SATURATING_INC(me->df_clear);
    }
    if (rstf_has(p, RSTF_HAVE_WINDOW)) {
        if (!me->window_known || p->window < me->window_min)
            me->window_min = p->window;
        if (!me->window_known || p->window > me->window_max)
            me->window_max = p->window;
        me->window_known = true;
    }
    if (rstf_has(p, RSTF_HAVE_OPTIONS) && (p->options & RSTF_OPT_TIMESTAMP)) {
        SATURATING_INC(me->ts_segments);
        me->tsval = p->tsval;
    }
}

static void learn_sequence(struct rstf_flow *f, struct rstf_endpoint *me,
                           const struct rstf_packet *p)
{
    if (rstf_has(p, RSTF_HAVE_SEQ) && rstf_has(p, RSTF_HAVE_LEN)) {
        uint32_t end = p->seq + p->payload_len +
                       ((p->tcp_flags & RSTF_TCP_SYN) ? 1u : 0u) +
                       ((p->tcp_flags & RSTF_TCP_FIN) ? 1u : 0u);
        if (!me->seq_known || rstf_seq_after(end, me->next_seq))
            me->next_seq = end;
        me->seq_known = true;
    }
    if ((p->tcp_flags & RSTF_TCP_ACK) && rstf_has(p, RSTF_HAVE_ACK)) {
        if (!me->ack_known || rstf_seq_after(p->ack, me->last_ack) || p->ack == me->last_ack) {
            me->last_ack = p->ack;
            if (rstf_has(p, RSTF_HAVE_WINDOW)) {
                /* The window field of a SYN is never scaled (RFC 7323 §2.2). */
                unsigned shift = (f->scaling_on && !is_syn(p)) ? me->wscale : 0;
                me->rcv_window = (uint32_t)p->window << shift;
            }
        }
        me->ack_known = true;
    }
}

static void remember_trigger(struct rstf_trigger *t, const struct rstf_packet *p)
{
    t->present = true;
    t->ts_ns = p->ts_ns;
    t->seq = p->seq;
    t->ack = p->ack;
    t->payload_len = p->payload_len;
    t->window = p->window;
    t->ip_id = p->ip_id;
    t->tcp_flags = p->tcp_flags;
}

bool rstf_flow_feed(struct rstf_flow *flow, const struct rstf_packet *pkt,
                    struct rstf_observation *obs)
{
    unsigned side = pkt->side ? 1u : 0u;
    struct rstf_packet p = *pkt;
    p.side = (uint8_t)side;
    flow->leg_measured_now = false;

    if (p.tcp_flags & RSTF_TCP_RST) {
        if (flow->rst_count < UINT32_MAX)
            flow->rst_count++;
        memset(obs, 0, sizeof *obs);
        obs->rst = p;
        obs->claimed = flow->ep[side];
        obs->peer = flow->ep[!side];
        obs->trigger = flow->last[!side];
        obs->rst_index = flow->rst_count;
        obs->handshake_seen = flow->syn_seen && flow->synack_seen;
        obs->scaling_on = flow->scaling_on;
        return true;
    }

    struct rstf_endpoint *me = &flow->ep[side];
    learn_handshake(flow, &p);
    learn_ttl(me, &p);
    learn_habits(me, &p);
    learn_sequence(flow, me, &p);
    if (p.tcp_flags & RSTF_TCP_FIN)
        me->fin_sent = true;
    remember_trigger(&flow->last[side], &p);
    me->last_ts_ns = p.ts_ns;
    if (me->segments < UINT32_MAX)
        me->segments++;
    return false;
}
