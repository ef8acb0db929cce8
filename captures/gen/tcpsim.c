/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "tcpsim.h"

#include <stdlib.h>
#include <string.h>

/* RFC 7042 documentation MACs; the server side is off-link, so its frames
 * (and anything forged on the path) carry the gateway's MAC. */
const uint8_t MAC_CLIENT[6] = { 0x00, 0x00, 0x5e, 0x00, 0x53, 0x10 };
const uint8_t MAC_GW[6] = { 0x00, 0x00, 0x5e, 0x00, 0x53, 0x01 };
const uint8_t V4_CLIENT[4] = { 192, 0, 2, 10 };
const uint8_t V4_SERVER[4] = { 198, 51, 100, 20 };
const uint8_t V4_ROUTER[4] = { 192, 0, 2, 1 };
const uint8_t V6_CLIENT[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x10 };
const uint8_t V6_SERVER[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = 0x20 };
const uint8_t V6_ROUTER[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x01 };

static int seq_leq(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) <= 0;
}

void flow_init(struct flow *f, struct cap *c, int v6, uint16_t cport, uint16_t sport)
{
	struct host *cl = &f->h[CLI], *sv = &f->h[SRV];

	memset(f, 0, sizeof(*f));
	f->cap = c;
	f->v6 = v6;
	cl->addr = v6 ? V6_CLIENT : V4_CLIENT;
	sv->addr = v6 ? V6_SERVER : V4_SERVER;
	cl->port = cport;
	sv->port = sport;
	cl->mac = MAC_CLIENT;
	sv->mac = MAC_GW;
	cl->ttl = 64;
	sv->ttl = 54;               /* 64 minus 10 hops */
	cl->owd = 0;
	sv->owd = RTT / 2;
	/* Linux: SYN window = a multiple of the MSS near 64K; the SYN-ACK's
	 * multiple uses the MSS minus the 12 bytes of timestamps. */
	cl->mss = sv->mss = v6 ? 1440 : 1460;
	cl->syn_win = v6 ? 64800 : 64240;
	sv->syn_win = v6 ? 64260 : 65160;
	cl->win = 502;
	sv->win = 509;
	/* Linux derives the TS offset from the address pair, so it is the same
	 * for every connection between the two hosts. */
	cl->ts_off = 0x6c3a91f2;
	sv->ts_off = 0x1e07d455;
	/* Auto flow labels are a per-socket hash: fixed per connection here. */
	cl->flow = ((uint32_t)cport * 2654435761u >> 7) & 0xfffff;
	sv->flow = ((uint32_t)cport * 2246822519u >> 9) & 0xfffff;
}

uint64_t jit(struct cap *c, unsigned base_us)
{
	static const unsigned var_ns[] = {
		7184, 19033, 3411, 26790, 11352, 31068, 5529, 14217,
		22843, 9406, 17655, 28120, 2903, 12481, 24377, 16034,
	};

	return base_us * US + var_ns[c->jit++ % (sizeof(var_ns) / sizeof(var_ns[0]))];
}

uint64_t reply_at(struct flow *f, int from, unsigned proc_us)
{
	return f->last[!from] + 2 * f->h[from].owd + jit(f->cap, proc_us);
}

uint64_t next_at(struct flow *f, int from, unsigned gap_us)
{
	return f->last[from] + jit(f->cap, gap_us);
}

/* Let host `to` receive every peer segment that has reached it by `when`
 * (capture clock); in-order delivery only, which is all the scenarios need. */
static void deliver(struct flow *f, int to, uint64_t when)
{
	struct host *h = &f->h[to];

	for (; h->seen < f->nlog; h->seen++) {
		const struct seg *s = &f->log[h->seen];

		if (s->from == to)
			continue;
		if (s->t + h->owd > when)
			break;
		if (s->flags & TH_SYN) {
			h->rcv_nxt = s->seq + 1;
			h->ts_recent = s->tsval;
			continue;
		}
		if (s->flags & TH_RST || s->seq != h->rcv_nxt)
			continue;
		if (seq_leq(s->seq, h->rcv_wup))
			h->ts_recent = s->tsval;
		h->rcv_nxt += s->len + !!(s->flags & TH_FIN);
	}
}

static size_t caplen_for(const struct cap *c, size_t flen, uint8_t flags, uint32_t len)
{
	size_t cut = 0;

	if (flags & TH_RST)
		cut = c->slice_rst;
	else if (len)
		cut = c->slice_data;
	return cut && cut < flen ? cut : flen;
}

static struct l3 l3_from(const struct flow *f, int from)
{
	const struct host *h = &f->h[from], *p = &f->h[!from];
	struct l3 ip = {
		.v6 = f->v6, .src = h->addr, .dst = p->addr,
		.smac = h->mac, .dmac = p->mac, .ttl = h->ttl, .df = 1,
		.flow = h->flow,
	};
	return ip;
}

uint32_t tcp_seg(struct flow *f, int from, uint64_t t, uint8_t flags,
		 const uint8_t *data, uint32_t len)
{
	struct host *h = &f->h[from];
	uint64_t sent = t - h->owd;
	uint32_t tsval = h->ts_off + (uint32_t)(sent / MS);
	struct l3 ip = l3_from(f, from);
	uint8_t opt[20], frame[FRAME_MAX];
	struct tcp th = {
		.sport = h->port, .dport = f->h[!from].port, .flags = flags,
		.opt = opt,
	};
	size_t flen;
	uint32_t n;

	deliver(f, from, sent);
	th.ack = flags & TH_ACK ? h->rcv_nxt : 0;
	if (flags & TH_SYN) {
		uint8_t o[20] = { 2, 4, (uint8_t)(h->mss >> 8), (uint8_t)h->mss,
				  4, 2, 8, 10, [16] = 1, 3, 3, 7 };

		memcpy(opt, o, sizeof(o));
		th.optlen = 20;
		th.seq = h->isn;
		th.win = h->syn_win;
		/* Linux sends the SYN-ACK from the request socket with IP-ID 0;
		 * a connecting socket's SYN already uses its counter. */
		ip.ipid = flags & TH_ACK ? 0 : h->ipid++;
		h->snd_nxt = h->isn + 1;
	} else {
		opt[0] = opt[1] = 1;
		opt[2] = 8;
		opt[3] = 10;
		th.optlen = 12;
		th.seq = h->snd_nxt;
		th.win = h->win;
		ip.ipid = h->ipid++;
		if (!(flags & TH_RST))
			h->snd_nxt += len + !!(flags & TH_FIN);
	}
	{
		uint8_t *ts = opt + (flags & TH_SYN ? 6 : 2);   /* kind 8 */
		uint32_t ecr = flags & TH_ACK ? h->ts_recent : 0;

		ts[2] = (uint8_t)(tsval >> 24);
		ts[3] = (uint8_t)(tsval >> 16);
		ts[4] = (uint8_t)(tsval >> 8);
		ts[5] = (uint8_t)tsval;
		ts[6] = (uint8_t)(ecr >> 24);
		ts[7] = (uint8_t)(ecr >> 16);
		ts[8] = (uint8_t)(ecr >> 8);
		ts[9] = (uint8_t)ecr;
	}
	if (flags & TH_ACK)
		h->rcv_wup = h->rcv_nxt;

	if (f->nlog == sizeof(f->log) / sizeof(f->log[0]))
		abort();
	f->log[f->nlog++] = (struct seg){ from, t, th.seq, len, tsval, flags };
	f->last[from] = t;

	flen = build_tcp(frame, &ip, &th, data, len);
	n = cap_write(f->cap, t, frame, flen, caplen_for(f->cap, flen, flags, len));
	if (flags & TH_RST)
		f->cap->rsts++;
	return n;
}

uint32_t tcp_raw(struct flow *f, int as, uint64_t t, const struct raw *r)
{
	struct l3 ip = l3_from(f, as);
	struct tcp th = {
		.sport = f->h[as].port, .dport = f->h[!as].port, .flags = r->flags,
		.seq = r->seq, .ack = r->ack, .win = r->win,
	};
	uint8_t frame[FRAME_MAX];
	size_t flen;

	ip.ttl = r->ttl;
	ip.ipid = r->ipid;
	ip.df = r->df;
	ip.flow = 0;                /* nf_reject and injectors leave it 0 */
	flen = build_tcp(frame, &ip, &th, NULL, 0);
	if (r->flags & TH_RST)
		f->cap->rsts++;
	return cap_write(f->cap, t, frame, flen, caplen_for(f->cap, flen, r->flags, 0));
}

/* Arrival gap of a frame behind the previous one at a 100 Mbit/s bottleneck. */
static uint64_t wire_gap(const struct flow *f, uint32_t len)
{
	uint32_t frame = len + 14 + (f->v6 ? 40 : 20) + 32;

	return jit(f->cap, frame * 8 / 100);
}

void srv_flight(struct flow *f, uint64_t t, const uint8_t *data, uint32_t len)
{
	uint32_t mss = f->h[SRV].mss - 12u, off = 0, unacked = 0;

	while (off < len) {
		uint32_t l = len - off < mss ? len - off : mss;
		uint32_t nl = len - off - l < mss ? len - off - l : mss;
		uint64_t next = nl ? t + wire_gap(f, nl) : 0, ack;

		tcp_seg(f, SRV, t, TH_ACK | (nl ? 0 : TH_PSH), data + off, l);
		off += l;
		unacked++;
		/* An ACK that would leave after the next segment arrived is not
		 * sent yet: that segment gets ACKed with it. */
		if (unacked >= 2) {
			ack = reply_at(f, CLI, 30);
			if (!nl || ack < next) {
				tcp_seg(f, CLI, ack, TH_ACK, NULL, 0);
				unacked = 0;
			}
		}
		if (!nl && unacked)
			tcp_seg(f, CLI, reply_at(f, CLI, f->h[CLI].delack ? 40000 : 30),
				TH_ACK, NULL, 0);
		t = next;
	}
}
