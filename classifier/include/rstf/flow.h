/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf/flow.h - per-conversation baselines for both endpoints.
 *
 * Every segment of a TCP conversation is fed, in capture order, to
 * rstf_flow_feed().  Ordinary segments extend the baseline of the endpoint
 * that sent them; an RST is never folded into any baseline (the suspect must
 * not vouch for itself) and instead yields an observation: the RST's facts
 * plus copies of the baselines it is judged against.
 *
 * Memory is constant per conversation: struct rstf_flow is a fixed-size
 * value with no pointers (RSTF_FLOW_MAX_BYTES bounds it, checked at compile
 * time), so a capture with a million conversations costs a million of them.
 */
#ifndef RSTF_FLOW_H
#define RSTF_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "rstf/host.h"
#include "rstf/packet.h"

enum rstf_role { RSTF_ROLE_UNKNOWN = 0, RSTF_ROLE_CLIENT, RSTF_ROLE_SERVER };

/* How an endpoint's stack picks IP-IDs, learnt from its segments. */
enum rstf_ipid_mode {
    RSTF_IPID_UNKNOWN = 0, /* too few samples (or IPv6) */
    RSTF_IPID_ZERO,        /* always 0 */
    RSTF_IPID_COUNTER,     /* small forward steps */
    RSTF_IPID_RANDOM,      /* neither */
};

/* Everything learnt about one endpoint from the segments it sent. */
struct rstf_endpoint {
    int64_t  last_ts_ns;     /* time of its last segment (0: none) */
    int64_t  rtt_leg_ns;     /* capture point -> this endpoint -> capture point */
    uint32_t segments;       /* non-RST segments seen from it */
    uint32_t next_seq;       /* highest seq + len (+SYN/FIN) it has sent */
    uint32_t isn;            /* its SYN's sequence number */
    uint32_t last_ack;       /* highest ack it sent: the left edge of its receive window */
    uint32_t rcv_window;     /* its last advertised window, scaled when scaling is known */
    uint32_t tsval;          /* last TSval it sent */
    uint16_t last_ip_id;
    uint16_t ipid_samples;   /* non-handshake IPv4 segments (saturating) */
    uint16_t ipid_zero;      /* of which IP-ID was 0 */
    uint16_t ipid_steps;     /* consecutive pairs stepping forward by 1..ipid_max_step */
    uint16_t window_min, window_max; /* raw windows on non-handshake segments */
    uint16_t df_set, df_clear;       /* IPv4 DF habit (saturating) */
    uint16_t ts_segments;    /* non-handshake segments carrying timestamps */
    uint16_t label_samples;  /* IPv6 segments with a flow label field (saturating) */
    uint16_t label_zero;     /* of which the label was 0 */
    uint32_t flow_label;     /* the last one */
    uint8_t  role;           /* enum rstf_role */
    uint8_t  ttl;            /* TTL / hop limit of its last segment */
    uint8_t  ttl_min, ttl_max;
    uint8_t  wscale;         /* shift from its SYN (valid if wscale_sent) */
    bool     wscale_sent;    /* its SYN carried a window-scale option */
    bool     ts_sent_on_syn; /* its SYN carried timestamps */
    bool     ttl_known;      /* ttl, ttl_min, ttl_max are meaningful */
    bool     window_known;   /* window_min / window_max are meaningful */
    bool     rtt_leg_known;  /* rtt_leg_ns was measured */
    bool     seq_known;      /* next_seq is meaningful */
    bool     ack_known;      /* last_ack / rcv_window are meaningful */
    bool     fin_sent;       /* it has closed its side: its socket may be gone */
    bool     isn_known;      /* isn is meaningful: it sent a SYN */
    uint8_t  host_ttl_told;  /* TTL samples it gave its host, up to RSTF_HOST_STEADY_SAMPLES
                              * (set to that once the host has as many from anyone) */
    bool     host_label_told; /* it gave its host a non-zero IPv6 flow label */
    uint32_t ack_low;        /* the first ack it sent: acks from here to last_ack are
                              * what it has acknowledged over the conversation */
};

/* One ordinary segment an endpoint sent: what an RST may be answering.
 * 32 bytes, so that remembering a segment writes one cache line. */
struct rstf_trigger {
    int64_t  ts_ns;
    uint32_t seq, ack;
    uint32_t end;            /* seq + payload (+SYN/FIN): sequence space it used */
    uint32_t tsval;
    uint16_t window;
    uint16_t ip_id;
    uint8_t  tcp_flags;
    bool     has_ts;
    bool     present;
};

/* Segments still in flight when an RST comes back can number a few; a
 * stack answers the one it saw, not the last one the capture saw. */
#define RSTF_RECENT_SEGMENTS 8

/* The last RST carrying one side's address, watched for what follows it. */
struct rstf_rst_watch {
    int64_t  ts_ns;
    uint32_t index;          /* its rst_index; 0: none */
    uint32_t seq;
    uint32_t burst_base_seq; /* seq of the first RST of the burst it belongs to */
    uint16_t burst_spacing;  /* window its burst is spaced by; 0: not in a burst */
    uint8_t  ttl;
    uint8_t  tcp_flags;
    bool     ttl_known;
    bool     seq_known;
    bool     raced;          /* already reported */
    bool     peer_spoke;     /* the receiver spoke since: a challenge ACK is its first word */
};

/* dsniff tcpkill -1..-9 sends 1..9 RSTs per sniffed segment, the i-th at
 * ack + (0+1+..+(i-1)) windows: at most 36 windows from the first. */
#define RSTF_BURST_MAX_WINDOWS 36

/*
 * An RST whose seq sits a whole number of windows beyond the previous RST
 * carrying the same address: the pattern of an injector that walks the
 * window (tcpkill).  A stack's RSTs repeat acks it received or its own
 * next seq, never a step of the peer's window.
 */
struct rstf_burst {
    bool     member;         /* this RST continues a window-spaced burst */
    uint16_t spacing;        /* the raw window the seqs step by */
    uint32_t windows;        /* how many windows past the burst's first RST */
    uint32_t base_seq;       /* seq of the burst's first RST */
    int64_t  gap_ns;         /* from the previous RST of the burst */
};

/*
 * Look-ahead evidence about an RST, from what came after it.  Known only
 * once later segments are read: the caller merges a feed's news into the
 * stored observation with rstf_flow_take_news() and classifies it again
 * (tshark -2, the GUI).
 *   race: a genuine sender's RST is its last word on the connection (its
 *     earlier segments precede it on the path), so more ordinary segments
 *     from it mean someone else spoke in its name.
 *   burst: the next RST carrying the same address continued a
 *     window-spaced burst from this one (this one is its first).
 *   challenge: the receiver answered with a pure ACK repeating its last ack
 *     (RFC 5961 §3.2 challenge ACK): it took the RST as in its window but
 *     not exact, and did not reset.
 */
struct rstf_aftermath {
    int64_t  race_after_ns;  /* from the RST to the sender's next segment */
    int64_t  burst_gap_ns;   /* from the RST to the next RST of its burst */
    int64_t  challenge_after_ns; /* from the RST to the receiver's challenge ACK */
    uint32_t burst_next_seq; /* that next RST's seq */
    uint32_t challenge_ack;  /* the challenge ACK's ack: the receiver's rcv_nxt */
    uint16_t burst_spacing;
    bool     race;
    bool     burst;
    bool     challenge;
};

/* What one feed learnt about an earlier RST carrying one side's address.
 * A feed's output, not conversation state: it lasts until the next feed. */
struct rstf_news {
    uint32_t rst_index;      /* that RST's rst_index; 0: no news */
    struct rstf_aftermath after; /* only the facts this feed learnt */
};

/*
 * Laid out for the common case, an ordinary segment of a conversation
 * nobody has reset: it reads and writes the first line (flags, ring
 * positions), its sender's endpoint and one ring entry, and nothing
 * after the ring.  The plugin keeps a conversation per 64-byte-aligned
 * record and a capture interleaves thousands of them, so every line a
 * segment touches is a likely cache miss.
 */
struct rstf_flow {
    uint32_t rst_count;          /* RSTs seen so far in the conversation */
    uint8_t  recent_next[2];     /* where each ring writes next */
    bool     syn_seen : 1, synack_seen : 1, handshake_done : 1;
    bool     scaling_on : 1;     /* both SYNs carried window scale (RFC 7323 §2.2) */
    bool     leg_measured_now : 1; /* the segment just fed completed its sender's RTT leg */
    bool     host_news : 1;      /* ...or may tell its sender's host something new
                                  * (rstf_host_learn_segment()) */
    struct rstf_endpoint ep[2];  /* indexed by enum rstf_side */
    _Alignas(64) struct rstf_trigger recent[2][RSTF_RECENT_SEGMENTS]; /* each side's last segments */
    /* Below: only conversations with an RST (rst_count > 0) or a handshake. */
    struct rstf_rst_watch rst_by[2]; /* last RST carrying each side's address */
    int64_t  syn_ts_ns, synack_ts_ns;
};

#define RSTF_FLOW_MAX_BYTES 896

/* An RST, and what it is judged against. */
struct rstf_observation {
    struct rstf_packet   rst;
    struct rstf_endpoint claimed;   /* the endpoint whose address the RST carries */
    struct rstf_endpoint peer;      /* the endpoint it was sent to */
    struct rstf_trigger  trigger;   /* peer's last segment before the RST */
    struct rstf_trigger  answered;  /* the peer's segment the RST answers: the newest
                                     * one its ack proves it saw (or, without an ack,
                                     * the oldest whose ack its seq repeats);
                                     * present == false when none is known */
    struct rstf_host     claimed_host; /* the claimed sender's address across the whole
                                        * capture: rstf_flow_feed() zeroes it, the
                                        * caller fills it from its host table */
    struct rstf_burst    burst;     /* continues a window-spaced burst of RSTs */
    struct rstf_aftermath after;    /* look-ahead; zero until the caller learns more */
    uint32_t rst_index;             /* 1 for the first RST of the conversation */
    bool     handshake_seen;        /* SYN and SYN-ACK were both captured */
    bool     scaling_on;
};

/* An all-zero rstf_flow is an initialised one: callers whose memory starts
 * zeroed (calloc, fresh mappings) need not call this. */
void rstf_flow_init(struct rstf_flow *flow);

/*
 * Feed the next segment of the conversation.  Returns true, and fills *obs,
 * when the segment is an RST; otherwise updates the sender's baseline and
 * returns false.  Never reads outside its arguments.
 *
 * Every feed rewrites news[], indexed by the side whose address an RST
 * carries: look-ahead about the last RST carrying that side's address (a
 * race or a challenge ACK after a non-RST segment, a burst after an RST),
 * rst_index 0 when none.  The caller keeps each side's last RST
 * observation and, after every feed and before keeping a new one, passes
 * it to rstf_flow_take_news() and classifies it again when that returns
 * true.
 */
bool rstf_flow_feed(struct rstf_flow *flow, const struct rstf_packet *pkt,
                    struct rstf_observation *obs, struct rstf_news news[2]);

/*
 * Merge one side's news from the last feed into obs, the stored
 * observation of the last RST carrying that side's address.  Returns true
 * when obs changed (it must be classified again); false when the news is
 * about another RST or there is none.
 */
bool rstf_flow_take_news(const struct rstf_news *news, struct rstf_observation *obs);

/* The same for a caller that keeps an RST's look-ahead apart from the rest
 * of its observation: merges news about RST number rst_index into *after. */
bool rstf_aftermath_take_news(const struct rstf_news *news, uint32_t rst_index,
                              struct rstf_aftermath *after);

/*
 * Whether a segment opens a new connection on this conversation's addresses
 * and ports, so that it must start a fresh flow instead of extending this
 * one: a SYN (without ACK) from a side that has already spoken, unless it
 * repeats that side's own SYN (a retransmission).  A live connection never
 * sends a SYN after other segments, so the old one is over.  This is TCP's
 * own port-reuse rule in Wireshark 4.0; later versions also start over on a
 * repeated SYN after an RST or FIN, which would cut a connection whose
 * client ignored a forged RST in two.  pkt->side must be set.
 */
bool rstf_flow_starts_over(const struct rstf_flow *flow, const struct rstf_packet *pkt);

/* Serial-number comparison (RFC 1982) for 32-bit sequence space. */
static inline bool rstf_seq_after(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) > 0;
}

/* True if seq lies in [left, left + size] modulo 2^32. */
static inline bool rstf_seq_in_window(uint32_t seq, uint32_t left, uint32_t size)
{
    return (uint32_t)(seq - left) <= size;
}

const char *rstf_role_name(enum rstf_role role);

#endif
