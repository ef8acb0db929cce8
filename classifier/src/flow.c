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

/* Where the sequence space a segment used ends (SYN and FIN count one). */
static uint32_t seq_end(const struct rstf_packet *p)
{
    return p->seq + p->payload_len + ((p->tcp_flags & RSTF_TCP_SYN) ? 1u : 0u) +
           ((p->tcp_flags & RSTF_TCP_FIN) ? 1u : 0u);
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
    if (p->ip_version == 6 && rstf_has(p, RSTF_HAVE_FLOWLBL)) {
        SATURATING_INC(me->label_samples);
        if (p->flow_label == 0)
            SATURATING_INC(me->label_zero);
        me->flow_label = p->flow_label;
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
        uint32_t end = seq_end(p);
        if (!me->seq_known || rstf_seq_after(end, me->next_seq))
            me->next_seq = end;
        me->seq_known = true;
    }
    if ((p->tcp_flags & RSTF_TCP_ACK) && rstf_has(p, RSTF_HAVE_ACK)) {
        if (!me->ack_known)
            me->ack_low = p->ack;
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

static void remember_segment(struct rstf_flow *f, unsigned side, const struct rstf_packet *p)
{
    struct rstf_trigger *t = &f->recent[side][f->recent_next[side]];

    f->recent_next[side] = (uint8_t)((f->recent_next[side] + 1) % RSTF_RECENT_SEGMENTS);
    *t = (struct rstf_trigger){
        .present = true,
        .ts_ns = p->ts_ns,
        .seq = p->seq,
        .ack = p->ack,
        .end = seq_end(p),
        .payload_len = p->payload_len,
        .tsval = p->tsval,
        .has_ts = rstf_has(p, RSTF_HAVE_OPTIONS) && (p->options & RSTF_OPT_TIMESTAMP),
        .window = p->window,
        .ip_id = p->ip_id,
        .tcp_flags = p->tcp_flags,
    };
}

/* The i-th newest segment of a side (0: the last), or NULL. */
static const struct rstf_trigger *recent(const struct rstf_flow *f, unsigned side, unsigned i)
{
    unsigned slot = (f->recent_next[side] + RSTF_RECENT_SEGMENTS - 1u - i) % RSTF_RECENT_SEGMENTS;
    const struct rstf_trigger *t = &f->recent[side][slot];
    return i < RSTF_RECENT_SEGMENTS && t->present ? t : NULL;
}

/* Whether the RST's sender provably had seen segment t: its ack covers the
 * sequence space t used, or (a pure ACK uses none) its echoed timestamp
 * is t's or later. */
static bool rst_saw(const struct rstf_packet *rst, const struct rstf_trigger *t)
{
    bool rst_acks = (rst->tcp_flags & RSTF_TCP_ACK) && rstf_has(rst, RSTF_HAVE_ACK);
    if (!rst_acks)
        return false;
    if (t->end != t->seq)
        return !rstf_seq_after(t->end, rst->ack);
    return t->has_ts && rstf_has(rst, RSTF_HAVE_OPTIONS) && (rst->options & RSTF_OPT_TIMESTAMP) &&
           !rstf_seq_after(t->tsval, rst->tsecr) && !rstf_seq_after(t->seq, rst->ack);
}

/* The peer segment an RST answers: with an ack, the newest one it saw;
 * without (a stack's reset to an ACK-bearing segment repeats that ack as
 * its seq), the oldest one it could be answering, the benign reading. */
static struct rstf_trigger answered_segment(const struct rstf_flow *f, unsigned peer,
                                            const struct rstf_packet *rst)
{
    const struct rstf_trigger *t, *found = NULL;

    if ((rst->tcp_flags & RSTF_TCP_ACK) && rstf_has(rst, RSTF_HAVE_ACK)) {
        for (unsigned i = 0; (t = recent(f, peer, i)) != NULL && !found; i++)
            if (rst_saw(rst, t))
                found = t;
    } else if (rstf_has(rst, RSTF_HAVE_SEQ)) {
        for (unsigned i = 0; (t = recent(f, peer, i)) != NULL; i++)
            if ((t->tcp_flags & RSTF_TCP_ACK) && t->ack == rst->seq)
                found = t;
    }
    return found ? *found : (struct rstf_trigger){ .present = false };
}

/* An ordinary segment from a side after an RST carrying its address.  A
 * SYN is a new connection on the same ports, not a race. */
static void watch_for_race(struct rstf_flow *f, unsigned side, const struct rstf_packet *p)
{
    struct rstf_rst_watch *w = &f->rst_by[side];
    int64_t after = p->ts_ns - w->ts_ns;

    if (w->index == 0 || w->raced || (p->tcp_flags & RSTF_TCP_SYN) || after < 0)
        return;
    w->raced = true;
    f->race_rst_index = w->index;
    f->race_after_ns = after;
}

bool rstf_flow_feed(struct rstf_flow *flow, const struct rstf_packet *pkt,
                    struct rstf_observation *obs)
{
    unsigned side = pkt->side ? 1u : 0u;
    struct rstf_packet p = *pkt;
    p.side = (uint8_t)side;
    flow->leg_measured_now = false;
    flow->race_rst_index = 0;

    if (p.tcp_flags & RSTF_TCP_RST) {
        if (flow->rst_count < UINT32_MAX)
            flow->rst_count++;
        memset(obs, 0, sizeof *obs);
        obs->rst = p;
        obs->claimed = flow->ep[side];
        obs->peer = flow->ep[!side];
        const struct rstf_trigger *last = recent(flow, !side, 0);
        if (last)
            obs->trigger = *last;
        obs->answered = answered_segment(flow, !side, &p);
        obs->rst_index = flow->rst_count;
        obs->handshake_seen = flow->syn_seen && flow->synack_seen;
        obs->scaling_on = flow->scaling_on;
        flow->rst_by[side] = (struct rstf_rst_watch){ .ts_ns = p.ts_ns, .index = flow->rst_count };
        return true;
    }

    struct rstf_endpoint *me = &flow->ep[side];
    watch_for_race(flow, side, &p);
    learn_handshake(flow, &p);
    learn_ttl(me, &p);
    learn_habits(me, &p);
    learn_sequence(flow, me, &p);
    if (p.tcp_flags & RSTF_TCP_FIN)
        me->fin_sent = true;
    remember_segment(flow, side, &p);
    me->last_ts_ns = p.ts_ns;
    if (me->segments < UINT32_MAX)
        me->segments++;
    return false;
}
