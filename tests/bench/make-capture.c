/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * make-capture.c - deterministic synthetic TCP captures for the benchmark,
 * the memory-scaling measurement and (with --chaos) the robustness runs.
 *
 *   rstf-make-capture [--conversations N] [--rounds R] [--seed S] [--scan P] [--chaos] OUT.pcap
 *
 * Conversations start 1 ms apart and overlap (each lasts a few round
 * trips), and their packets are written in time order, as a capture point
 * near the clients would see them.  The mix of endings, per 100
 * conversations: 70 orderly FIN closes, 12 server aborts (RST), 6 client
 * aborts, 5 SYNs to closed ports (RST/ACK, some retried), 5 RSTs forged by
 * a middlebox (high TTL, IP-ID 0, window 0, no options, faster than the
 * server's round trip; the server's real answer then draws the client's own
 * RST), 2 captured mid-stream (no handshake) ending in a server RST.  One in
 * ten conversations is IPv6.  Each conversation has 1 .. 2R-1 request/
 * response rounds (R = 2 by default: about 13 packets per conversation, so
 * the default 100000 conversations make about 1.3 million packets).
 *
 * --scan P makes P % of the conversations (drawn before the mix above)
 * SYNs to closed ports instead, as a port scan fills a capture with RSTs:
 * the plugin's cost per RST, not per segment, then dominates.  Without it
 * the capture is the same as before the option existed.
 *
 * --chaos keeps the structure but damages it the way hostile captures do:
 * flipped flags, garbage and cut options, truncated frames, timestamps
 * going backwards, bad IP lengths and fragments, ICMP errors quoting the
 * segments (RSTs included), echo request/reply pairs, IP-in-IP tunnels and
 * random bytes.  Payload bytes are zero on ports nobody dissects, so the
 * benchmark measures TCP and the plugin, not an application dissector.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkt.h" /* byte writers and checksum, shared with the capture generator */

#define MAX_FRAME 1600
#define N_CLIENTS 20000
#define N_SERVERS 1000
#define MAX_ROUNDS 64
#define MAX_CONVERSATIONS 10000000u
/* Events per conversation: handshake, rounds of up to 5, closing extras. */
#define MAX_EVENTS (3 + 5 * (2 * MAX_ROUNDS) + 8)

/* xorshift64*: small, fast, and the same stream on every machine. */
static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

static uint32_t below(uint32_t n)
{
    return n ? (uint32_t)(rnd() % n) : 0;
}

static bool chance(unsigned percent)
{
    return below(100) < percent;
}

struct host {
    uint8_t addr[16];
    bool v6;
    uint8_t ttl;        /* as it arrives at the capture point */
    bool ipid_zero;     /* DF set and IP-ID 0 (Linux-like for DF traffic) */
    uint32_t rtt_us;    /* capture point -> host -> capture point */
};

static struct host clients[N_CLIENTS], servers[N_SERVERS];

static void make_hosts(void)
{
    for (unsigned i = 0; i < N_CLIENTS; i++) {
        struct host *h = &clients[i];
        h->v6 = i % 10 == 0;
        if (h->v6) {
            static const uint8_t pfx[] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1 };
            memcpy(h->addr, pfx, sizeof pfx);
            h->addr[14] = (uint8_t)(i >> 8);
            h->addr[15] = (uint8_t)i;
        } else {
            h->addr[0] = 10;
            h->addr[1] = (uint8_t)(i >> 16);
            h->addr[2] = (uint8_t)(i >> 8);
            h->addr[3] = (uint8_t)i;
        }
        h->ttl = chance(70) ? 64 : 128;
        h->ipid_zero = chance(50);
        h->rtt_us = 50 + below(900);
    }
    for (unsigned i = 0; i < N_SERVERS; i++) {
        struct host *h = &servers[i];
        static const uint8_t initial[] = { 64, 64, 128, 255 };
        h->v6 = i % 10 == 0;
        if (h->v6) {
            static const uint8_t pfx[] = { 0x20, 0x01, 0x0d, 0xb8, 0xff, 0 };
            memcpy(h->addr, pfx, sizeof pfx);
            h->addr[14] = (uint8_t)(i >> 8);
            h->addr[15] = (uint8_t)i;
        } else {
            h->addr[0] = 172;
            h->addr[1] = (uint8_t)(16 + (i >> 16));
            h->addr[2] = (uint8_t)(i >> 8);
            h->addr[3] = (uint8_t)i;
        }
        h->ttl = (uint8_t)(initial[below(4)] - 4 - below(20));
        h->ipid_zero = chance(30);
        h->rtt_us = 5000 + below(195000);
    }
}

enum { F_FIN = 1, F_SYN = 2, F_RST = 4, F_PSH = 8, F_ACK = 16 };

struct event {
    int64_t t_ns;
    uint32_t seq, ack;
    uint16_t len;
    uint16_t window;
    uint8_t flags;
    bool from_server;
    bool forged;        /* a middlebox's packet claiming the server */
    bool syn_options;   /* MSS, SACK-permitted, window scale (+ timestamps) */
};

struct conv {
    uint32_t id;
    struct host *cli, *srv;
    uint16_t cport, sport;
    bool ts_on;
    uint16_t ipid[2];   /* client, server counters */
    uint32_t tsval[2];
    int n, next;
    struct event ev[MAX_EVENTS];
};

/* Sequence state while a conversation's events are written. */
struct seqs {
    uint32_t c, s;      /* next sequence number of client, server */
};

static struct event *add(struct conv *c, int64_t t, bool from_server, uint8_t flags,
                         const struct seqs *q, uint16_t len)
{
    struct event *e;

    if (c->n >= MAX_EVENTS) /* cannot happen with MAX_ROUNDS; keeps the bound explicit */
        return NULL;
    e = &c->ev[c->n++];
    memset(e, 0, sizeof *e);
    e->t_ns = t;
    e->from_server = from_server;
    e->flags = flags;
    e->seq = from_server ? q->s : q->c;
    e->ack = (flags & F_ACK) ? (from_server ? q->c : q->s) : 0;
    e->len = len;
    e->window = from_server ? 509 : 502;
    return e;
}

static int64_t us(uint32_t v)
{
    return (int64_t)v * 1000;
}

enum ending { END_FIN, END_SERVER_RST, END_CLIENT_RST, END_CLOSED, END_FORGED, END_MIDSTREAM };

static unsigned scan_pct; /* --scan */

static enum ending pick_ending(void)
{
    /* No draw without --scan: the default capture stays the same. */
    if (scan_pct > 0 && below(100) < scan_pct)
        return END_CLOSED;
    uint32_t r = below(100);
    if (r < 70) return END_FIN;
    if (r < 82) return END_SERVER_RST;
    if (r < 88) return END_CLIENT_RST;
    if (r < 93) return END_CLOSED;
    if (r < 98) return END_FORGED;
    return END_MIDSTREAM;
}

/* All events of one conversation, starting at t. */
static void script(struct conv *c, int64_t t, unsigned rounds_mean)
{
    struct seqs q = { (uint32_t)rnd(), (uint32_t)rnd() };
    int64_t rs = us(c->srv->rtt_us), rc = us(c->cli->rtt_us);
    enum ending end = pick_ending();
    unsigned rounds = 1 + below(2 * rounds_mean - 1);
    struct event *e;

    c->n = c->next = 0;
    if (end != END_MIDSTREAM) {
        e = add(c, t, false, F_SYN, &q, 0);
        e->syn_options = true;
        e->window = 64240;
        if (end == END_CLOSED) {
            q.c++;
            add(c, t + rs, true, F_RST | F_ACK, &q, 0)->window = 0;
            if (chance(50)) { /* the client retries once, from the same port */
                q.c--;
                e = add(c, t + 1000000000, false, F_SYN, &q, 0);
                e->syn_options = true;
                e->window = 64240;
                q.c++;
                add(c, t + 1000000000 + rs, true, F_RST | F_ACK, &q, 0)->window = 0;
            }
            return;
        }
        q.c++;
        e = add(c, t + rs, true, F_SYN | F_ACK, &q, 0);
        e->syn_options = true;
        e->window = 65160;
        q.s++;
        t += rs + rc;
        add(c, t, false, F_ACK, &q, 0);
    }
    for (unsigned r = 0; r < rounds; r++) {
        uint16_t req = (uint16_t)(100 + below(500));
        unsigned segs = 1 + below(3);
        int64_t t_req = t + us(below(2000));

        add(c, t_req, false, F_PSH | F_ACK, &q, req);
        q.c += req;
        if (end == END_FORGED && r == rounds - 1) {
            /* A middlebox answers for the server well inside its round trip. */
            e = add(c, t_req + us(200 + below(600)), true, F_RST, &q, 0);
            e->forged = true;
            e->window = 0;
            if (chance(50))
                e->seq = 0;
            /* The server's real answer arrives; the client's socket is gone. */
            add(c, t_req + rs, true, F_PSH | F_ACK, &q, 1000);
            q.s += 1000;
            add(c, t_req + rs + us(30), false, F_RST, &q, 0)->window = 0;
            return;
        }
        t = t_req + rs;
        for (unsigned s = 0; s < segs; s++) {
            uint16_t len = (uint16_t)(s + 1 < segs ? 1448 : 200 + below(1200));
            add(c, t + us(s * 20), true, F_PSH | F_ACK, &q, len);
            q.s += len;
        }
        t += us(segs * 20) + rc;
        add(c, t, false, F_ACK, &q, 0);
    }
    switch (end) {
    case END_SERVER_RST:
    case END_MIDSTREAM:
        add(c, t + us(below(5000)), true, F_RST | F_ACK, &q, 0)->window = 0;
        break;
    case END_CLIENT_RST:
        add(c, t + 1000000000 + us(below(2000000)), false, F_RST | F_ACK, &q, 0)->window = 0;
        break;
    default:
        add(c, t + us(100), false, F_FIN | F_ACK, &q, 0);
        q.c++;
        add(c, t + us(100) + rs, true, F_FIN | F_ACK, &q, 0);
        q.s++;
        add(c, t + us(100) + rs + rc, false, F_ACK, &q, 0);
        break;
    }
}

/* ---- frames ---- */

/* TCP header with options; returns its length. */
static size_t tcp_header(uint8_t *p, const struct conv *c, const struct event *e)
{
    bool srv = e->from_server;
    size_t olen = 0;
    uint8_t *o = p + 20;

    be16(p, srv ? c->sport : c->cport);
    be16(p + 2, srv ? c->cport : c->sport);
    be32(p + 4, e->seq);
    be32(p + 8, e->ack);
    p[13] = e->flags;
    be16(p + 14, e->window);
    be16(p + 16, 0);
    be16(p + 18, 0);
    if (e->syn_options) {
        o[olen++] = 2; o[olen++] = 4; be16(o + olen, 1460); olen += 2;
        o[olen++] = 4; o[olen++] = 2; /* SACK permitted */
    }
    if (c->ts_on && !e->forged && !((e->flags & F_RST) && !(e->flags & F_ACK))) {
        if (!e->syn_options) { o[olen++] = 1; o[olen++] = 1; }
        o[olen++] = 8; o[olen++] = 10;
        be32(o + olen, c->tsval[srv]);
        be32(o + olen + 4, (e->flags & F_ACK) ? c->tsval[!srv] : 0);
        olen += 8;
    }
    if (e->syn_options) {
        o[olen++] = 1;
        o[olen++] = 3; o[olen++] = 3; o[olen++] = 7; /* window scale 7 */
    }
    while (olen % 4)
        o[olen++] = 0;
    p[12] = (uint8_t)((20 + olen) / 4 << 4);
    return 20 + olen;
}

/* IPv4 or IPv6 header in front of an upper-layer payload of ulen bytes. */
static size_t ip_header(uint8_t *p, const struct host *src, const struct host *dst, bool v6,
                        uint8_t proto, uint8_t ttl, uint16_t ip_id, bool df, size_t ulen)
{
    if (v6) {
        p[0] = 0x60; p[1] = 0; p[2] = 0; p[3] = 0;
        be16(p + 4, (uint32_t)ulen);
        p[6] = proto;
        p[7] = ttl;
        memcpy(p + 8, src->addr, 16);
        memcpy(p + 24, dst->addr, 16);
        return 40;
    }
    p[0] = 0x45; p[1] = 0;
    be16(p + 2, (uint32_t)(20 + ulen));
    be16(p + 4, ip_id);
    be16(p + 6, df ? 0x4000 : 0);
    p[8] = ttl;
    p[9] = proto;
    be16(p + 10, 0);
    memcpy(p + 12, src->addr, 4);
    memcpy(p + 16, dst->addr, 4);
    be16(p + 10, fold(sum16(0, p, 20)));
    return 20;
}

static void tcp_checksum(uint8_t *ip, bool v6, uint8_t *tcp, size_t tlen)
{
    uint32_t sum = 0;
    uint8_t pseudo[4];

    if (v6)
        sum = sum16(sum, ip + 8, 32);
    else
        sum = sum16(sum, ip + 12, 8);
    be16(pseudo, 6 + 0u);
    be16(pseudo + 2, (uint32_t)tlen);
    sum += (uint32_t)(pseudo[0] << 8 | pseudo[1]) + (uint32_t)(pseudo[2] << 8 | pseudo[3]);
    if (v6)
        sum += (uint32_t)(tlen >> 16);
    be16(tcp + 16, 0);
    be16(tcp + 16, fold(sum16(sum, tcp, tlen)));
}

static size_t ethernet(uint8_t *p, bool v6)
{
    static const uint8_t macs[12] = { 0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2 };
    memcpy(p, macs, 12);
    be16(p + 12, v6 ? 0x86dd : 0x0800);
    return 14;
}

/* ---- pcap ---- */

static FILE *out;
static uint64_t n_packets, n_rst, n_forged;

static void write_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

static void pcap_header(void)
{
    uint8_t h[24];
    write_le32(h, 0xa1b2c3d4);
    h[4] = 2; h[5] = 0; h[6] = 4; h[7] = 0;   /* version 2.4 */
    write_le32(h + 8, 0);
    write_le32(h + 12, 0);
    write_le32(h + 16, 65535);                /* snaplen */
    write_le32(h + 20, 1);                    /* Ethernet */
    fwrite(h, 1, sizeof h, out);
}

static void pcap_record(int64_t t_ns, const uint8_t *frame, size_t caplen, size_t len)
{
    uint8_t h[16];
    if (t_ns < 0)
        t_ns = 0;
    write_le32(h, (uint32_t)(t_ns / 1000000000));
    write_le32(h + 4, (uint32_t)(t_ns % 1000000000 / 1000));
    write_le32(h + 8, (uint32_t)caplen);
    write_le32(h + 12, (uint32_t)len);
    fwrite(h, 1, sizeof h, out);
    fwrite(frame, 1, caplen, out);
    n_packets++;
}

/* ---- chaos ---- */

static bool chaos;
static struct host router = { { 192, 0, 2, 254 }, false, 250, false, 0 };
static struct host router6 = { { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xfe },
                               true, 250, false, 0 };
static struct host me = { { 10, 255, 255, 1 }, false, 64, false, 0 };

/* An ICMP error from a router quoting `ip` (its first qlen bytes). */
static void emit_icmp_error(int64_t t, const uint8_t *ip, size_t qlen, bool v6, const struct host *to)
{
    uint8_t f[MAX_FRAME];
    size_t off = ethernet(f, v6), ulen = 8 + qlen;
    uint8_t *ih = f + off;

    off += ip_header(ih, v6 ? &router6 : &router, to, v6, v6 ? 58 : 1, 250, (uint16_t)rnd(), false, ulen);
    f[off] = v6 ? 1 : 3;           /* destination unreachable */
    f[off + 1] = v6 ? 4 : 3;       /* port unreachable */
    be16(f + off + 2, 0);
    be32(f + off + 4, 0);
    memcpy(f + off + 8, ip, qlen);
    off += ulen;
    pcap_record(t, f, off, off);
}

/* An echo request to a server and its reply one round trip later. */
static void emit_echo_pair(int64_t t, const struct host *srv)
{
    uint8_t f[MAX_FRAME];
    const struct host *src = srv->v6 ? &clients[0] : &me;
    for (int reply = 0; reply < 2; reply++) {
        size_t off = ethernet(f, srv->v6);
        const struct host *a = reply ? srv : src, *b = reply ? src : srv;
        uint8_t *ih = f + off;
        off += ip_header(ih, a, b, srv->v6, srv->v6 ? 58 : 1, reply ? srv->ttl : 64, 0, true, 16);
        f[off] = srv->v6 ? (reply ? 129 : 128) : (reply ? 0 : 8);
        f[off + 1] = 0;
        be16(f + off + 2, 0);
        be16(f + off + 4, 0x4242);
        be16(f + off + 6, (uint32_t)(t & 0xffff));
        memset(f + off + 8, 0xab, 8);
        if (!srv->v6)
            be16(f + off + 2, fold(sum16(0, f + off, 16)));
        off += 16;
        pcap_record(t + (reply ? us(srv->rtt_us) : 0), f, off, off);
    }
}

/* Damage a built frame in place; returns the length to capture. */
static size_t mangle(uint8_t *f, size_t len, size_t l3, bool v6)
{
    if (chance(3) && !v6) {               /* wrong total length, fragments */
        be16(f + l3 + 2, below(2000));
        if (chance(50))
            be16(f + l3 + 6, (chance(50) ? 0x2000 : 0) | below(0x2000));
    }
    if (chance(3) && !v6)                 /* header length beyond the header */
        f[l3] = (uint8_t)(0x40 | (5 + below(11)));
    if (chance(2))                        /* random bytes after the link layer */
        for (size_t i = l3; i < len; i++)
            f[i] = (uint8_t)rnd();
    if (chance(8))                        /* cut anywhere, even inside headers */
        return 1 + below((uint32_t)len);
    return len;
}

/* ---- writing conversations ---- */

static void emit(struct conv *c, const struct event *ev)
{
    uint8_t f[MAX_FRAME], tcp[MAX_FRAME];
    struct event e = *ev;
    bool srv = e.from_server, v6 = c->cli->v6;
    const struct host *src = srv ? c->srv : c->cli, *dst = srv ? c->cli : c->srv;
    size_t tlen, off, l3, caplen;
    uint8_t ttl = src->ttl;
    uint16_t ipid;
    bool df = true;
    int64_t t = e.t_ns;

    if (chaos) {
        if (chance(8))
            e.flags ^= (uint8_t)rnd();
        if (chance(5))
            e.seq += (uint32_t)rnd();
        if (chance(5))
            t -= us(below(2000000));       /* time goes backwards */
    }
    c->tsval[srv] += 1 + (uint32_t)(e.t_ns / 1000000 % 7);
    tlen = tcp_header(tcp, c, &e);
    if (chaos && chance(6)) {             /* garbage options, any length */
        size_t olen = 4 * (1 + below(10));
        for (size_t i = 0; i < olen; i++)
            tcp[20 + i] = (uint8_t)(chance(30) ? below(9) : rnd());
        tlen = 20 + olen;
        tcp[12] = (uint8_t)(tlen / 4 << 4);
    }
    memset(tcp + tlen, 0, e.len);
    tlen += e.len;

    if (e.forged) {
        ttl = (uint8_t)(240 - below(8));
        ipid = chance(50) ? 0 : (uint16_t)rnd();
        df = false;
        n_forged++;
    } else {
        ipid = src->ipid_zero ? 0 : c->ipid[srv]++;
    }
    if (e.flags & F_RST)
        n_rst++;

    off = ethernet(f, v6);
    l3 = off;
    if (chaos && chance(3)) {             /* IP-in-IP: the segment inside a tunnel */
        off += ip_header(f + off, &router, &me, false, v6 ? 41 : 4, 60, 0, true,
                         (v6 ? 40 : 20) + tlen);
        be16(f + 12, 0x0800);
    }
    size_t ih = off;
    off += ip_header(f + off, src, dst, v6, 6, ttl, ipid, df, tlen);
    memcpy(f + off, tcp, tlen);
    tcp_checksum(f + ih, v6, f + off, tlen);
    off += tlen;
    caplen = chaos ? mangle(f, off, l3, v6) : off;
    pcap_record(t, f, caplen, off);

    if (chaos && chance(5)) {             /* a router complains about it */
        size_t quote = 28 + below(60);
        emit_icmp_error(t + us(below(300)), f + ih, quote < off - ih ? quote : off - ih, v6, src);
    }
    if (chaos && chance(2))
        emit_echo_pair(t, c->srv);
}

/* ---- time-ordered merge of overlapping conversations ---- */

static struct conv **heap;
static size_t heap_n;

static bool earlier(const struct conv *a, const struct conv *b)
{
    int64_t ta = a->ev[a->next].t_ns, tb = b->ev[b->next].t_ns;
    return ta < tb || (ta == tb && a->id < b->id);
}

static void heap_push(struct conv *c)
{
    size_t i = heap_n++;
    heap[i] = c;
    while (i > 0 && earlier(heap[i], heap[(i - 1) / 2])) {
        struct conv *tmp = heap[i];
        heap[i] = heap[(i - 1) / 2];
        heap[(i - 1) / 2] = tmp;
        i = (i - 1) / 2;
    }
}

static void heap_fix_top(void)
{
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < heap_n && earlier(heap[l], heap[m])) m = l;
        if (r < heap_n && earlier(heap[r], heap[m])) m = r;
        if (m == i)
            return;
        struct conv *tmp = heap[i];
        heap[i] = heap[m];
        heap[m] = tmp;
        i = m;
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: rstf-make-capture [--conversations N] [--rounds R] [--seed S] [--scan P] [--chaos] OUT.pcap\n");
    exit(2);
}

int main(int argc, char **argv)
{
    unsigned long n_conv = 100000, rounds = 2;
    unsigned long long seed = 1;
    const char *path = NULL;
    uint32_t started = 0;
    int64_t next_start = INT64_C(1700000000) * 1000000000;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--conversations") == 0 && i + 1 < argc)
            n_conv = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
            rounds = strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--scan") == 0 && i + 1 < argc)
            scan_pct = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--chaos") == 0)
            chaos = true;
        else if (argv[i][0] == '-' || path)
            usage();
        else
            path = argv[i];
    }
    if (!path || n_conv == 0 || n_conv > MAX_CONVERSATIONS || rounds == 0 || rounds > MAX_ROUNDS / 2 ||
        scan_pct > 100)
        usage();
    rng_state = seed * 0x9e3779b97f4a7c15ull + 1;
    make_hosts();
    out = fopen(path, "wb");
    if (!out) {
        perror(path);
        return 1;
    }
    heap = calloc(n_conv, sizeof *heap);
    if (!heap) {
        perror("calloc");
        return 1;
    }
    pcap_header();
    /* Each pass writes one packet or starts one conversation: bounded by
     * the conversations' events plus their starts. */
    while (started < n_conv || heap_n > 0) {
        if (started < n_conv && (heap_n == 0 || next_start <= heap[0]->ev[heap[0]->next].t_ns)) {
            struct conv *c = malloc(sizeof *c);
            if (!c) {
                perror("malloc");
                return 1;
            }
            c->id = started++;
            c->cli = &clients[below(N_CLIENTS)];
            /* A server of the client's family (servers[i] is IPv6 when
             * i % 10 == 0); the bound is never reached in practice. */
            c->srv = &servers[below(N_SERVERS)];
            for (unsigned tries = 0; c->srv->v6 != c->cli->v6 && tries < 1000; tries++)
                c->srv = &servers[below(N_SERVERS)];
            if (c->srv->v6 != c->cli->v6)
                c->srv = &servers[c->cli->v6 ? 0 : 1];
            c->cport = (uint16_t)(32768 + below(28000));
            c->sport = (uint16_t)(chance(50) ? 20443 : 20080);
            c->ts_on = chance(80);
            c->ipid[0] = (uint16_t)rnd();
            c->ipid[1] = (uint16_t)rnd();
            c->tsval[0] = (uint32_t)rnd();
            c->tsval[1] = (uint32_t)rnd();
            script(c, next_start, (unsigned)rounds);
            next_start += us(500 + below(1000));
            /* Events are in time order except the few a script interleaves. */
            for (int i = 1; i < c->n; i++)
                for (int j = i; j > 0 && c->ev[j].t_ns < c->ev[j - 1].t_ns; j--) {
                    struct event tmp = c->ev[j];
                    c->ev[j] = c->ev[j - 1];
                    c->ev[j - 1] = tmp;
                }
            heap_push(c);
            continue;
        }
        struct conv *c = heap[0];
        emit(c, &c->ev[c->next++]);
        if (c->next < c->n) {
            heap_fix_top();
        } else {
            free(c);
            heap[0] = heap[--heap_n];
            heap_fix_top();
        }
    }
    free(heap);
    if (fclose(out) != 0) {
        perror(path);
        return 1;
    }
    fprintf(stderr, "%s: %llu packets, %lu conversations, %llu RSTs (%llu forged)\n", path,
            (unsigned long long)n_packets, n_conv, (unsigned long long)n_rst,
            (unsigned long long)n_forged);
    return 0;
}
