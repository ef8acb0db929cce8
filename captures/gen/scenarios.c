/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The scenarios.  Times are capture times on the client host; the model in
 * tcpsim.c fills in what the stacks would. */
#include "scenarios.h"
#include "payload.h"
#include "tcpsim.h"

#include <string.h>

#define AT(s, ns) ((uint64_t)(s) * SEC + (ns))

/* SYN, SYN-ACK, ACK.  Linux answers a SYN in microseconds; the client
 * kernel ACKs the SYN-ACK a few tens of microseconds after it arrives. */
static void handshake(struct flow *f, uint64_t t)
{
	tcp_seg(f, CLI, t, TH_SYN, NULL, 0);
	tcp_seg(f, SRV, reply_at(f, SRV, 15), TH_SYN | TH_ACK, NULL, 0);
	tcp_seg(f, CLI, reply_at(f, CLI, 40), TH_ACK, NULL, 0);
}

static void set_isn(struct flow *f, uint32_t cisn, uint16_t cipid, uint32_t sisn,
		    uint16_t sipid)
{
	f->h[CLI].isn = cisn;
	f->h[CLI].ipid = cipid;
	f->h[SRV].isn = sisn;
	f->h[SRV].ipid = sipid;
}

/* TLS 1.3 up to the client's Finished: ClientHello, the server's quick ACK
 * (Linux ACKs the first data at once), its flight after ~2 ms of crypto,
 * the client's Finished after ~1.8 ms of certificate checks. */
static void tls_handshake(struct flow *f, uint32_t seed, size_t flight, uint16_t cwin)
{
	uint8_t b[8192];
	size_t n;

	n = tls_client_hello(b, seed);
	tcp_seg(f, CLI, next_at(f, CLI, 160), TH_PSH | TH_ACK, b, (uint32_t)n);
	tcp_seg(f, SRV, reply_at(f, SRV, 12), TH_ACK, NULL, 0);
	n = tls_server_flight(b, seed + 100, flight);
	f->h[CLI].win = cwin;
	srv_flight(f, next_at(f, SRV, 2100), b, (uint32_t)n);
	n = tls_client_finished(b, seed + 200);
	tcp_seg(f, CLI, reply_at(f, CLI, 1800), TH_PSH | TH_ACK, b, (uint32_t)n);
}

/* Stands in for a FortiGate-style injector: bare header, TTL 240, window
 * 0, no DF, its own IP-ID, 0.8 ms after the client's packet (it sits next
 * to the client, the server is 27 ms away). */
static uint32_t forged_rst(struct flow *f, uint32_t seq, uint16_t ipid)
{
	struct raw r = {
		.flags = TH_RST | TH_ACK, .seq = seq, .ack = f->h[CLI].snd_nxt,
		.win = 0, .ttl = 240, .ipid = ipid, .df = 0,
	};

	return tcp_raw(f, SRV, f->last[CLI] + jit(f->cap, 788), &r);
}

/* HTTP request, quick ACK, response after 11 ms; the server application
 * then aborts (SO_LINGER 0) about a quarter second later: a live-socket
 * RST (exact seq, TS option, normal window, next IP-ID). */
static uint32_t http_then_server_abort(struct flow *f, uint64_t t0)
{
	uint8_t b[4096];
	char date[32];
	size_t n;

	handshake(f, t0);
	n = http_get(b, sizeof(b), "/api/v2/reports/7731/export?format=csv");
	tcp_seg(f, CLI, next_at(f, CLI, 90), TH_PSH | TH_ACK, b, (uint32_t)n);
	tcp_seg(f, SRV, reply_at(f, SRV, 14), TH_ACK, NULL, 0);
	http_date(date, (next_at(f, SRV, 11000) - f->h[SRV].owd) / SEC);
	n = http_response(b, sizeof(b), date, 1980, 0);
	f->h[CLI].win = 524;
	srv_flight(f, next_at(f, SRV, 11000), b, (uint32_t)n);
	return tcp_seg(f, SRV, reply_at(f, SRV, 231000), TH_RST | TH_ACK, NULL, 0);
}

static void server_rst(struct cap *c, int v6)
{
	struct flow f;
	uint32_t n;

	flow_init(&f, c, v6, v6 ? 47412 : 47318, 80);
	set_isn(&f, v6 ? 0x2c61f0a3 : 0x8e4b1d27, v6 ? 0 : 0x3b9d,
		v6 ? 0x71d8e245 : 0xd41a6c08, v6 ? 0 : 0x6e02);
	n = http_then_server_abort(&f, v6 ? AT(1741862503, 402118375) : AT(1741862417, 214337081));
	manifest_add(c, n, "server", "server",
		     "server application abort (SO_LINGER 0): live-socket RST");
}

static void truncated(struct cap *c, int v6)
{
	struct flow f;
	uint32_t n;

	/* Sliced records: payload-carrying frames keep 60 bytes, the RST 54
	 * (its 12 option bytes are lost); header-only frames stay whole. */
	c->slice_data = 60;
	c->slice_rst = 54;
	flow_init(&f, c, v6, 45873, 80);
	set_isn(&f, 0x5f03a9c4, 0x0d71, 0x9b2e07d6, 0x42f8);
	n = http_then_server_abort(&f, AT(1741890733, 640925114));
	manifest_add(c, n, "server", "server",
		     "server live-socket RST captured at 54 bytes (TCP options cut)");
}

static void bigbank_rst(struct cap *c, int v6)
{
	/* The client's receive window must read [3284100132, 3284165668]:
	 * last ack 3284100132, raw window 512 << 7 = 65536. */
	static const uint32_t flight = 4020, last_ack = 3284100132u;
	struct flow f;
	uint32_t n;

	flow_init(&f, c, v6, v6 ? 52217 : 52144, 443);
	set_isn(&f, v6 ? 0x4e90c1b7 : 0x1f7c22e9, v6 ? 0 : 0x7a13,
		last_ack - 1 - flight, v6 ? 0 : 0x59c6);
	handshake(&f, v6 ? AT(1741874939, 87254610) : AT(1741874842, 113482907));
	f.h[CLI].win = 502;
	tls_handshake(&f, 0xb16b4e, flight, 512);
	n = forged_rst(&f, 0, 38291);
	manifest_add(c, n, "midpath", "server", v6 ?
		     "FortiGate-style forged RST: hop limit 240, window 0, no options, "
		     "seq 0, 0.8 ms after the client's Finished" :
		     "FortiGate-style forged RST: TTL 240, window 0, no options, "
		     "seq 0, 0.8 ms after the client's Finished");
}

static void client_rst(struct cap *c, int v6)
{
	uint8_t b[4096];
	char date[32];
	struct flow f;
	size_t len;
	uint32_t n;

	flow_init(&f, c, v6, v6 ? 44907 : 44871, 80);
	set_isn(&f, v6 ? 0xa30c5e81 : 0x3d82f61c, v6 ? 0 : 0x1c45,
		v6 ? 0x06f4b3d2 : 0xc7e1095a, v6 ? 0 : 0x2a7b);
	handshake(&f, v6 ? AT(1741866188, 731640022) : AT(1741866091, 508816347));
	len = http_get(b, sizeof(b), "/api/v2/ledger/stream?since=2025-03-01");
	tcp_seg(&f, CLI, next_at(&f, CLI, 85), TH_PSH | TH_ACK, b, (uint32_t)len);
	tcp_seg(&f, SRV, reply_at(&f, SRV, 13), TH_ACK, NULL, 0);
	/* Headers and the first two segments of a 1 MiB body, then the
	 * server stalls. */
	http_date(date, (next_at(&f, SRV, 8000) - f.h[SRV].owd) / SEC);
	len = http_response(b, sizeof(b), date, 1048576, 2 * (f.h[SRV].mss - 12u));
	f.h[CLI].win = 531;
	srv_flight(&f, next_at(&f, SRV, 8000), b, (uint32_t)len);
	/* The application's 3 s read timeout fires; it has read everything, so
	 * the window is back near its maximum when it aborts. */
	f.h[CLI].win = 553;
	n = tcp_seg(&f, CLI, reply_at(&f, CLI, 3000000), TH_RST | TH_ACK, NULL, 0);
	manifest_add(c, n, "client", "client",
		     "client gives up after 3 s of silence: live-socket RST");
}

static void midstream_rst(struct cap *c, int v6)
{
	const uint64_t t0 = AT(1741879310, 902551430);
	struct host *cl, *sv;
	uint8_t b[4096];
	struct flow f;
	uint32_t n;

	/* Joined long after the handshake: state as the stacks hold it. */
	flow_init(&f, c, v6, 53627, 443);
	cl = &f.h[CLI];
	sv = &f.h[SRV];
	cl->snd_nxt = sv->rcv_nxt = sv->rcv_wup = 0x5a1c3e77;
	sv->snd_nxt = cl->rcv_nxt = cl->rcv_wup = 0xb3e2906d;
	cl->ipid = 0x2f18;
	sv->ipid = 0xa0c3;
	cl->win = 1452;
	sv->win = 501;
	cl->delack = 1;             /* request/response traffic: Linux pingpong mode */
	cl->ts_recent = sv->ts_off + (uint32_t)((t0 - 2400 * MS) / MS);
	sv->ts_recent = cl->ts_off + (uint32_t)((t0 - 2460 * MS) / MS);

	tcp_seg(&f, CLI, t0, TH_PSH | TH_ACK, b, (uint32_t)tls_app_data(b, 0x3d1, 181));
	srv_flight(&f, reply_at(&f, SRV, 18000), b, (uint32_t)tls_app_data(b, 0x3d2, 1860));
	tcp_seg(&f, CLI, next_at(&f, CLI, 350000), TH_PSH | TH_ACK, b,
		(uint32_t)tls_app_data(b, 0x3d3, 212));
	srv_flight(&f, reply_at(&f, SRV, 9000), b, (uint32_t)tls_app_data(b, 0x3d4, 845));
	n = tcp_seg(&f, SRV, reply_at(&f, SRV, 1200000), TH_RST | TH_ACK, NULL, 0);
	manifest_add(c, n, "unknown", "unknown",
		     "server live-socket RST in a connection whose handshake was not captured");
}

/* One ICMP echo request from the client and the server kernel's reply. */
static void ping(struct flow *f, uint64_t t)
{
	const struct host *cl = &f->h[CLI], *sv = &f->h[SRV];
	uint8_t body[56], frame[FRAME_MAX];
	uint32_t id_seq = (0x1f2bu << 16) | 1u;
	struct l3 req = {
		.v6 = f->v6, .src = cl->addr, .dst = sv->addr, .smac = MAC_CLIENT,
		.dmac = MAC_GW, .ttl = 64, .ipid = 0x5d21, .df = 1, .flow = 0x7a3c1,
	};
	struct l3 rep = {
		.v6 = f->v6, .src = sv->addr, .dst = cl->addr, .smac = MAC_GW,
		.dmac = MAC_CLIENT, .ttl = sv->ttl, .ipid = 0x33c7, .df = 0,
		.flow = 0x1d0e5,
	};
	size_t n;

	fill_bytes(body, sizeof(body), 0x70696e67u);
	n = build_icmp(frame, &req, f->v6 ? 128 : 8, 0, id_seq, body, sizeof(body));
	cap_write(f->cap, t, frame, n, n);
	n = build_icmp(frame, &rep, f->v6 ? 129 : 0, 0, id_seq, body, sizeof(body));
	cap_write(f->cap, t + 2 * sv->owd + 31 * US, frame, n, n);
}

static void closed_port(struct cap *c, int v6)
{
	static const struct { uint16_t port; uint32_t isn; uint16_t ipid; uint64_t t; } a[] = {
		{ 51514, 0x6a0f3c91, 0x8c2e, AT(1741870006, 331207548) },
		{ 51522, 0xe2b8407d, 0x0b5a, AT(1741870007, 336950012) },
	};

	/* The engineer pings the server first (iputils ping: 56-byte body);
	 * the reply shows the server's hop distance and round trip. */
	{
		struct flow f;
		flow_init(&f, c, v6, a[0].port, 8443);
		ping(&f, a[0].t - 2 * SEC);
	}
	for (size_t i = 0; i < sizeof(a) / sizeof(a[0]); i++) {
		struct flow f;
		/* tcp_v4_send_reset: RST+ACK, seq 0, ack = SYN + 1, window 0,
		 * no options, IP-ID 0 with DF, host TTL 64 (54 here). */
		struct raw r = {
			.flags = TH_RST | TH_ACK, .seq = 0, .ack = a[i].isn + 1,
			.win = 0, .ttl = 54, .ipid = 0, .df = 1,
		};
		uint32_t n;

		flow_init(&f, c, v6, a[i].port, 8443);
		set_isn(&f, a[i].isn, a[i].ipid, 0, 0);
		tcp_seg(&f, CLI, a[i].t, TH_SYN, NULL, 0);
		n = tcp_raw(&f, SRV, reply_at(&f, SRV, 9), &r);
		manifest_add(c, n, "server", "server", i ?
			     "retry from a new port: the same kernel no-socket RST" :
			     "SYN to a port with no listener: server kernel no-socket RST");
	}
}

/* A stateful filter on the client's router (192.0.2.1) drops the client's
 * RST for another, older connection to the same server whose state it has
 * already expired, and reports it with ICMP "administratively prohibited".
 * That RST is not in the file: the capture filter kept only this
 * connection and ICMP.  The router decremented the quoted TTL/hop limit
 * before rejecting, as Linux does. */
static void icmp_unreach_for_rst(struct flow *f, uint64_t t)
{
	const struct host *cl = &f->h[CLI], *sv = &f->h[SRV];
	/* Both TS clocks are per address pair, so the other connection's
	 * values follow the same clocks; the server last spoke 47 s ago. */
	uint32_t tsval = cl->ts_off + (uint32_t)((t - 310 * US) / MS);
	uint32_t tsecr = sv->ts_off + (uint32_t)((t - 47 * SEC) / MS);
	uint8_t opt[12] = { 1, 1, 8, 10,
			    (uint8_t)(tsval >> 24), (uint8_t)(tsval >> 16),
			    (uint8_t)(tsval >> 8), (uint8_t)tsval,
			    0, 0, 0, 0 };
	struct l3 q = {
		.v6 = f->v6, .src = cl->addr, .dst = sv->addr, .smac = MAC_CLIENT,
		.dmac = MAC_GW, .ttl = 63, .ipid = 0x91d4, .df = 1, .flow = 0x3b2e1,
	};
	struct tcp qt = {
		.sport = 49488, .dport = sv->port, .seq = 0x0c77e015, .ack = 0x60b3a91e,
		.flags = TH_RST | TH_ACK, .win = 501, .opt = opt, .optlen = 12,
	};
	struct l3 ip = {
		.v6 = f->v6, .src = f->v6 ? V6_ROUTER : V4_ROUTER, .dst = cl->addr,
		.smac = MAC_GW, .dmac = MAC_CLIENT, .ttl = 64,
		.tos = f->v6 ? 0 : 0xc0, /* Linux icmp_send: precedence "internetwork control" */
		.ipid = 0x4c07, .df = 0,
	};
	uint8_t quoted[FRAME_MAX], frame[FRAME_MAX];
	size_t ql, fl;

	opt[8] = (uint8_t)(tsecr >> 24);
	opt[9] = (uint8_t)(tsecr >> 16);
	opt[10] = (uint8_t)(tsecr >> 8);
	opt[11] = (uint8_t)tsecr;
	ql = build_tcp(quoted, &q, &qt, NULL, 0) - ETH_HLEN;
	fl = build_icmp_unreach(frame, &ip, f->v6 ? 1 : 13, quoted + ETH_HLEN, ql);

	cap_write(f->cap, t, frame, fl, fl);
}

static void icmp_quoted_rst(struct cap *c, int v6)
{
	uint8_t b[8192];
	struct flow f;

	flow_init(&f, c, v6, v6 ? 49611 : 49562, 443);
	set_isn(&f, v6 ? 0x91b7d30e : 0x47c2a5f8, v6 ? 0 : 0xe61b,
		v6 ? 0xbd05e6a4 : 0x0a93f17c, v6 ? 0 : 0x1f34);
	handshake(&f, v6 ? AT(1741883640, 15320907) : AT(1741883522, 770418263));
	tls_handshake(&f, 0x1c3, 2750, 511);
	tcp_seg(&f, CLI, next_at(&f, CLI, 45), TH_PSH | TH_ACK, b,
		(uint32_t)tls_app_data(b, 0x1c4, 143));
	srv_flight(&f, reply_at(&f, SRV, 4200), b, (uint32_t)tls_app_data(b, 0x1c5, 1186));

	icmp_unreach_for_rst(&f, f.last[CLI] + 412 * MS + jit(c, 350));

	/* The connection carries on: another request and response ... */
	tcp_seg(&f, CLI, f.last[CLI] + 1137 * MS + jit(c, 610), TH_PSH | TH_ACK, b,
		(uint32_t)tls_app_data(b, 0x1c6, 96));
	srv_flight(&f, reply_at(&f, SRV, 3100), b, (uint32_t)tls_app_data(b, 0x1c7, 733));
	/* ... then close_notify and FIN from the client, FIN from the server. */
	tcp_seg(&f, CLI, next_at(&f, CLI, 2400 * 1000), TH_PSH | TH_ACK, b,
		(uint32_t)tls_app_data(b, 0x1c8, 24));
	tcp_seg(&f, CLI, next_at(&f, CLI, 20), TH_FIN | TH_ACK, NULL, 0);
	tcp_seg(&f, SRV, reply_at(&f, SRV, 35), TH_FIN | TH_ACK, NULL, 0);
	tcp_seg(&f, CLI, reply_at(&f, CLI, 30), TH_ACK, NULL, 0);
}

static void reused_5tuple(struct cap *c, int v6)
{
	uint8_t b[4096];
	struct flow f1, f2;
	uint64_t t2;
	uint32_t n;

	/* Connection 1: TLS, one request, then the server aborts. */
	flow_init(&f1, c, v6, 50000, 443);
	set_isn(&f1, 0x7d3e0b52, 0x5518, 0x28c4f9a1, 0xc3e0);
	handshake(&f1, AT(1741887215, 306775120));
	f1.h[CLI].win = 502;
	tls_handshake(&f1, 0x5e1, 2790, 509);
	tcp_seg(&f1, CLI, next_at(&f1, CLI, 40), TH_PSH | TH_ACK, b,
		(uint32_t)tls_app_data(b, 0x5e2, 151));
	srv_flight(&f1, reply_at(&f1, SRV, 6100), b, (uint32_t)tls_app_data(b, 0x5e3, 912));
	n = tcp_seg(&f1, SRV, reply_at(&f1, SRV, 180000), TH_RST | TH_ACK, NULL, 0);
	manifest_add(c, n, "server", "server",
		     "connection 1: server application abort, live-socket RST");

	/* Connection 2 on the same 5-tuple 2 s later (the client binds port
	 * 50000 again; an RST leaves no TIME_WAIT).  Linux ISNs are a keyed
	 * hash plus a 64 ns clock: both advance by the elapsed time / 64 ns. */
	t2 = f1.last[SRV] + 2 * SEC + jit(c, 1187);
	flow_init(&f2, c, v6, 50000, 443);
	set_isn(&f2, f1.h[CLI].isn + (uint32_t)((t2 - f1.log[0].t) >> 6), 0x0e9f,
		f1.h[SRV].isn + (uint32_t)((t2 - f1.log[0].t) >> 6) + 1411, 0x8816);
	handshake(&f2, t2);
	f2.h[CLI].win = 502;
	tls_handshake(&f2, 0x5f1, 2790, 512);
	/* The injector answers from stale state: connection 1's sequence
	 * numbers, tens of millions of bytes below the new window. */
	n = forged_rst(&f2, f1.h[SRV].snd_nxt, 41106);
	manifest_add(c, n, "midpath", "server",
		     "connection 2, same 5-tuple: forged RST with connection 1's stale seq "
		     "(outside the window), 0.8 ms after the client's packet");
}

const struct scenario scenarios[] = {
	{ "server-rst.pcap", server_rst, 0 },
	{ "server-rst-v6.pcap", server_rst, 1 },
	{ "bigbank-rst.pcap", bigbank_rst, 0 },
	{ "bigbank-rst-v6.pcap", bigbank_rst, 1 },
	{ "client-rst.pcap", client_rst, 0 },
	{ "client-rst-v6.pcap", client_rst, 1 },
	{ "midstream-rst.pcap", midstream_rst, 0 },
	{ "closed-port.pcap", closed_port, 0 },
	{ "icmp-quoted-rst.pcap", icmp_quoted_rst, 0 },
	{ "icmp-quoted-rst-v6.pcap", icmp_quoted_rst, 1 },
	{ "reused-5tuple.pcap", reused_5tuple, 0 },
	{ "truncated.pcap", truncated, 0 },
};
const size_t n_scenarios = sizeof(scenarios) / sizeof(scenarios[0]);
