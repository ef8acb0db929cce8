/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Per-conversation baselines.  Each non-RST segment teaches us about the
 * endpoint that sent it; an RST only reads what was learnt before it.
 */
#include <string.h>

#include "rstf/flow.h"
#include "rstf/prefetch.h"

_Static_assert(sizeof(struct rstf_flow) <= RSTF_FLOW_MAX_BYTES,
               "per-conversation state must stay small and constant");
_Static_assert(sizeof(struct rstf_trigger) == 32, "a ring entry is half a cache line");

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
        if (rstf_has(p, RSTF_HAVE_SEQ)) {
            me->isn = p->seq;
            me->isn_known = true;
        }
        if (rstf_has(p, RSTF_HAVE_OPTIONS)) {
            me->wscale_sent = (p->options & RSTF_OPT_WSCALE) != 0;
            me->wscale = p->wscale > 14 ? 14 : p->wscale; /* RFC 7323 §2.3 */
            me->ts_sent_on_syn = (p->options & RSTF_OPT_TIMESTAMP) != 0;
        }
        f->scaling_on = f->ep[0].wscale_sent && f->ep[1].wscale_sent;
    }
}

/* Whether a segment may tell its sender's host (rstf/host.h) something it
 * does not know: one of the first TTL samples it counts, a TTL other than
 * the endpoint's last (a new extreme, or a new last value), the endpoint's
 * first non-zero flow label.  A leg measured now is news too.  Called
 * before the endpoint learns from the segment. */
static bool host_news(const struct rstf_endpoint *me, const struct rstf_packet *p)
{
    /* An endpoint that has told any TTL knows one (ttl_known). */
    if (rstf_has(p, RSTF_HAVE_TTL) &&
        (me->host_ttl_told < RSTF_HOST_STEADY_SAMPLES || p->ttl != me->ttl))
        return true;
    return p->ip_version == 6 && rstf_has(p, RSTF_HAVE_FLOWLBL) && p->flow_label != 0 &&
           !me->host_label_told;
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
static void watch_for_race(struct rstf_flow *f, struct rstf_news news[2], unsigned side,
                           const struct rstf_packet *p)
{
    struct rstf_rst_watch *w = &f->rst_by[side];
    int64_t after = p->ts_ns - w->ts_ns;

    if (w->index == 0 || w->raced || (p->tcp_flags & RSTF_TCP_SYN) || after < 0)
        return;
    w->raced = true;
    news[side] = (struct rstf_news){
        .rst_index = w->index,
        .after = { .race = true, .race_after_ns = after },
    };
}

/*
 * The first segment from the receiver of an RST (carrying the other side's
 * address) after it.  RFC 5961 §3.2: an RST whose seq is in the window but
 * not exactly rcv_nxt is answered with an ACK of rcv_nxt, so a pure ACK that
 * repeats the receiver's last ack while the RST's seq lies beyond it, within
 * its window, is that challenge.  An ACK for new data is an ordinary one
 * that crossed the RST.
 */
static void watch_for_challenge(struct rstf_flow *f, struct rstf_news news[2], unsigned side,
                                const struct rstf_packet *p)
{
    struct rstf_rst_watch *w = &f->rst_by[!side];
    const struct rstf_endpoint *me = &f->ep[side];
    int64_t after = p->ts_ns - w->ts_ns;
    bool pure_ack = (p->tcp_flags & (RSTF_TCP_SYN | RSTF_TCP_FIN | RSTF_TCP_RST | RSTF_TCP_ACK)) ==
                        RSTF_TCP_ACK &&
                    rstf_has(p, RSTF_HAVE_ACK | RSTF_HAVE_LEN) && p->payload_len == 0;

    if (w->index == 0 || w->peer_spoke || after < 0)
        return;
    w->peer_spoke = true;
    if (!pure_ack || !w->seq_known || !me->ack_known || p->ack != me->last_ack ||
        w->seq == p->ack || !rstf_seq_in_window(w->seq, p->ack, me->rcv_window))
        return;
    news[!side] = (struct rstf_news){
        .rst_index = w->index,
        .after = { .challenge = true, .challenge_after_ns = after, .challenge_ack = p->ack },
    };
}

/* Whether the peer's recent segments acknowledged exactly seq: what a
 * stack's RST repeats when it answers one of them. */
static bool peer_acked(const struct rstf_flow *f, unsigned peer, uint32_t seq)
{
    const struct rstf_trigger *t;

    for (unsigned i = 0; (t = recent(f, peer, i)) != NULL; i++)
        if ((t->tcp_flags & RSTF_TCP_ACK) && t->ack == seq)
            return true;
    return false;
}

/* The raw window of a peer segment acknowledging base that delta is a
 * whole number of (tcpkill reads the window of the segment it sniffed and
 * steps from its ack); 0: none. */
static uint16_t burst_spacing(const struct rstf_flow *f, unsigned peer, uint32_t base,
                              uint32_t delta)
{
    const struct rstf_trigger *t;

    for (unsigned i = 0; (t = recent(f, peer, i)) != NULL; i++)
        if ((t->tcp_flags & RSTF_TCP_ACK) && t->ack == base && t->window != 0 &&
            delta % t->window == 0 && delta / t->window <= RSTF_BURST_MAX_WINDOWS)
            return t->window;
    return 0;
}

/*
 * Whether this RST continues a window-spaced burst from the previous RST
 * carrying the same address.  One sender's burst leaves with one TTL and
 * one set of flags; a seq that a stack could have sent (an ack the peer
 * sent, the sender's own next seq) is no step.  The previous RST, if it
 * opened the burst, hears of it through news.
 */
static void follow_burst(struct rstf_flow *f, struct rstf_news news[2], unsigned side,
                         const struct rstf_packet *p, struct rstf_observation *obs)
{
    const struct rstf_rst_watch *prev = &f->rst_by[side];
    const struct rstf_endpoint *me = &f->ep[side];
    bool ttl_known = rstf_has(p, RSTF_HAVE_TTL);

    if (prev->index == 0 || !prev->seq_known || !rstf_has(p, RSTF_HAVE_SEQ) ||
        p->tcp_flags != prev->tcp_flags || ttl_known != prev->ttl_known ||
        (ttl_known && p->ttl != prev->ttl) || peer_acked(f, !side, p->seq) ||
        (me->seq_known && p->seq == me->next_seq))
        return;

    uint32_t base = prev->burst_spacing ? prev->burst_base_seq : prev->seq;
    uint32_t delta = p->seq - base;
    uint16_t spacing = prev->burst_spacing;
    if (delta == 0)
        return;
    if (spacing == 0)
        spacing = burst_spacing(f, !side, base, delta);
    else if (delta % spacing != 0 || delta / spacing > RSTF_BURST_MAX_WINDOWS)
        spacing = 0;
    if (spacing == 0)
        return;

    obs->burst = (struct rstf_burst){
        .member = true,
        .spacing = spacing,
        .windows = delta / spacing,
        .base_seq = base,
        .gap_ns = p->ts_ns - prev->ts_ns,
    };
    if (prev->burst_spacing == 0) {
        news[side] = (struct rstf_news){
            .rst_index = prev->index,
            .after = { .burst = true, .burst_gap_ns = p->ts_ns - prev->ts_ns,
                       .burst_next_seq = p->seq, .burst_spacing = spacing },
        };
    }
}

static void watch_rst(struct rstf_flow *f, unsigned side, const struct rstf_packet *p,
                      const struct rstf_observation *obs)
{
    f->rst_by[side] = (struct rstf_rst_watch){
        .ts_ns = p->ts_ns,
        .index = f->rst_count,
        .seq = p->seq,
        .seq_known = rstf_has(p, RSTF_HAVE_SEQ),
        .burst_base_seq = obs->burst.member ? obs->burst.base_seq : p->seq,
        .burst_spacing = obs->burst.member ? obs->burst.spacing : 0,
        .ttl = p->ttl,
        .ttl_known = rstf_has(p, RSTF_HAVE_TTL),
        .tcp_flags = p->tcp_flags,
    };
}

bool rstf_flow_take_news(const struct rstf_news *n, struct rstf_observation *obs)
{
    return rstf_aftermath_take_news(n, obs->rst_index, &obs->after);
}

bool rstf_aftermath_take_news(const struct rstf_news *n, uint32_t rst_index, struct rstf_aftermath *a)
{
    if (n->rst_index == 0 || n->rst_index != rst_index)
        return false;
    if (n->after.race) {
        a->race = true;
        a->race_after_ns = n->after.race_after_ns;
    }
    if (n->after.burst) {
        a->burst = true;
        a->burst_gap_ns = n->after.burst_gap_ns;
        a->burst_next_seq = n->after.burst_next_seq;
        a->burst_spacing = n->after.burst_spacing;
    }
    if (n->after.challenge) {
        a->challenge = true;
        a->challenge_after_ns = n->after.challenge_after_ns;
        a->challenge_ack = n->after.challenge_ack;
    }
    return true;
}

bool rstf_flow_feed(struct rstf_flow *flow, const struct rstf_packet *pkt,
                    struct rstf_observation *obs, struct rstf_news news[2])
{
    unsigned side = pkt->side ? 1u : 0u;
    struct rstf_packet p = *pkt;
    p.side = (uint8_t)side;
    /* The ring entry this segment will fill: likely out of cache when many
     * conversations interleave, and written only at the end. */
    RSTF_PREFETCH_WRITE(&flow->recent[side][flow->recent_next[side]]);
    flow->leg_measured_now = false;
    flow->host_news = false;
    /* A writer fills a side's whole entry; rst_index 0 says there is none. */
    news[0].rst_index = news[1].rst_index = 0;

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
        follow_burst(flow, news, side, &p, obs);
        watch_rst(flow, side, &p, obs);
        /* The receiver's own RST is a word too: a later ACK is no challenge. */
        flow->rst_by[!side].peer_spoke = true;
        return true;
    }

    struct rstf_endpoint *me = &flow->ep[side];
    /* No RST yet (most conversations): nothing to watch, and the watch
     * records' cache line stays untouched. */
    if (flow->rst_count > 0) {
        watch_for_race(flow, news, side, &p);
        watch_for_challenge(flow, news, side, &p);
    }
    bool tells_host = host_news(me, &p);
    learn_handshake(flow, &p);
    flow->host_news = tells_host || flow->leg_measured_now;
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

bool rstf_flow_starts_over(const struct rstf_flow *flow, const struct rstf_packet *pkt)
{
    const struct rstf_endpoint *me = &flow->ep[pkt->side & 1];

    if ((pkt->tcp_flags & (RSTF_TCP_SYN | RSTF_TCP_ACK)) != RSTF_TCP_SYN ||
        !rstf_has(pkt, RSTF_HAVE_SEQ) || me->segments == 0)
        return false;
    return !(me->isn_known && me->isn == pkt->seq);
}
