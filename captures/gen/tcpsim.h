/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small model of two Linux TCP endpoints as seen from a capture point on the
 * client host.  It derives what a real stack derives (ack numbers, TS.Recent,
 * per-socket IP-ID, TSval clocks) so the scenarios only decide what is sent and
 * when. */
#ifndef RSTF_GEN_TCPSIM_H
#define RSTF_GEN_TCPSIM_H

#include "pkt.h"

#define US 1000ull
#define MS 1000000ull
#define SEC 1000000000ull
#define RTT (54 * MS)           /* client <-> server */

enum { CLI = 0, SRV = 1 };

extern const uint8_t MAC_CLIENT[6], MAC_GW[6];
extern const uint8_t V4_CLIENT[4], V4_SERVER[4], V4_ROUTER[4];
extern const uint8_t V6_CLIENT[16], V6_SERVER[16], V6_ROUTER[16];

struct host {
	const uint8_t *addr;
	uint16_t port;
	const uint8_t *mac;     /* source MAC of its frames at the capture point */
	uint8_t ttl;            /* TTL / hop limit on arrival at the capture point */
	uint64_t owd;           /* one-way delay from the host to the capture point */
	uint32_t isn, snd_nxt, rcv_nxt;
	uint32_t rcv_wup;       /* rcv_nxt when we last sent an ACK (RFC 7323 rule) */
	uint16_t ipid;          /* Linux per-socket counter for DF packets */
	uint32_t flow;          /* IPv6 flow label of the socket */
	uint32_t ts_off;        /* TSval = ts_off + host clock in ms */
	uint32_t ts_recent;     /* TSecr to send */
	uint16_t mss, syn_win, win;  /* win: raw (unscaled) value after the SYN */
	int delack;             /* out of quick-ack mode: a lone segment waits
				 * for the 40 ms delayed-ACK timer */
	size_t seen;            /* log entries already processed */
};

/* What a host sent, so the peer can "receive" it once it has arrived. */
struct seg {
	int from;
	uint64_t t;
	uint32_t seq, len, tsval;
	uint8_t flags;
};

struct flow {
	struct cap *cap;
	int v6;
	struct host h[2];
	uint64_t last[2];       /* capture time of each side's last segment */
	struct seg log[64];
	size_t nlog;
};

/* Addresses, MACs, Linux SYN parameters and clocks; the scenario then sets
 * ISNs, IP-ID starts and windows. */
void flow_init(struct flow *f, struct cap *c, int v6, uint16_t cport, uint16_t sport);

/* A segment from a live Linux socket at capture time t: seq/ack/TSecr come
 * from the model, options from the flags (SYN: full set, else NOP NOP TS).
 * Returns the frame number. */
uint32_t tcp_seg(struct flow *f, int from, uint64_t t, uint8_t flags,
		 const uint8_t *data, uint32_t len);

/* A bare 20-byte-header segment carrying side `as`'s addresses: a kernel's
 * no-socket reply or a forgery.  Touches no endpoint state. */
struct raw {
	uint8_t flags;
	uint32_t seq, ack;
	uint16_t win;
	uint8_t ttl;
	uint16_t ipid;
	int df;
};
uint32_t tcp_raw(struct flow *f, int as, uint64_t t, const struct raw *r);

/* Capture time at which `from` reacts to the other side's last segment after
 * proc_us (+ a few microseconds of variation) of local processing. */
uint64_t reply_at(struct flow *f, int from, unsigned proc_us);
/* `from`'s next segment gap_us (+ variation) after its previous one. */
uint64_t next_at(struct flow *f, int from, unsigned gap_us);
/* Deterministic delay variation: base_us plus 0..32 us. */
uint64_t jit(struct cap *c, unsigned base_us);

/* Sends data as MSS-sized segments spaced at a 100 Mbit/s bottleneck, PSH on
 * the last; the client ACKs every second segment at once and a lone last
 * one at once or, with delack, after 40 ms.  Only for server -> client. */
void srv_flight(struct flow *f, uint64_t t, const uint8_t *data, uint32_t len);

#endif
