/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests for rstf/wire.h: TCP/IP facts from real frame bytes, built by
 * the capture generator's packet writer (captures/gen/pkt.c), then bent
 * the ways captured frames are bent (IP options, IPv6 extension headers,
 * snaplen cuts, tunnels, TSO, padding, bad option lengths).
 */
#include <string.h>

#include "check.h"
#include "pkt.h"
#include "rstf/wire.h"

static const uint8_t mac_a[6] = {2, 0, 0, 0, 0, 1}, mac_b[6] = {2, 0, 0, 0, 0, 2};
static const uint8_t v4_src[4] = {192, 0, 2, 10}, v4_dst[4] = {198, 51, 100, 7};
static const uint8_t v6_src[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 0x10};
static const uint8_t v6_dst[16] = {0x20, 0x01, 0x0d, 0xb8, [14] = 1, [15] = 0x07};
/* MSS 1460, SACK permitted, timestamps 1000/2000, NOP, window scale 7. */
static const uint8_t syn_opts[20] = {2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0x03, 0xe8,
                                     0, 0, 0x07, 0xd0, 1, 3, 3, 7};

struct frame {
    uint8_t b[FRAME_MAX + 64];
    size_t len;      /* captured */
    size_t reported;
    size_t tcp_off;  /* where the TCP header starts */
    size_t ip_off;
};

static void build(struct frame *f, int v6, const uint8_t *opt, size_t optlen, uint8_t flags,
                  size_t payload)
{
    static const uint8_t data[64];
    struct l3 ip = {.v6 = v6, .src = v6 ? v6_src : v4_src, .dst = v6 ? v6_dst : v4_dst,
                    .smac = mac_a, .dmac = mac_b, .ttl = 57, .ipid = 0x1234, .df = 1,
                    .flow = 0xabcde};
    struct tcp th = {.sport = 443, .dport = 50000, .seq = 0x01020304, .ack = 0xa0b0c0d0,
                     .flags = flags, .win = 502, .opt = opt, .optlen = optlen};

    memset(f, 0, sizeof *f);
    f->len = f->reported = build_tcp(f->b, &ip, &th, data, payload);
    f->ip_off = ETH_HLEN;
    f->tcp_off = ETH_HLEN + (v6 ? 40 : 20);
}

static void ipv4_fix_checksum(struct frame *f)
{
    uint8_t *h = f->b + f->ip_off;
    size_t hlen = (size_t)(h[0] & 15) * 4;

    be16(h + 10, 0);
    be16(h + 10, fold(sum16(0, h, hlen)));
}

/* Open `n` bytes at `at` (everything after moves up). */
static void insert(struct frame *f, size_t at, const uint8_t *bytes, size_t n)
{
    memmove(f->b + at + n, f->b + at, f->len - at);
    memcpy(f->b + at, bytes, n);
    f->len += n;
    f->reported += n;
    f->tcp_off += n;
}

/* Frame bending, one per table row. */
static void as_is(struct frame *f) { (void)f; }
static void ipv4_options(struct frame *f)
{
    static const uint8_t nops[8] = {1, 1, 1, 1, 1, 1, 1, 0};
    uint8_t *h = f->b + f->ip_off;

    insert(f, f->ip_off + 20, nops, sizeof nops);
    h[0] = 0x47;
    be16(h + 2, (unsigned)(f->len - f->ip_off));
    ipv4_fix_checksum(f);
}
static void ipv6_ext_headers(struct frame *f)
{
    /* hop-by-hop (8 bytes) then destination options (16 bytes) then TCP */
    static const uint8_t ext[24] = {60, 0, 1, 4, 0, 0, 0, 0, 6, 1, 1, 12};
    uint8_t *h = f->b + f->ip_off;

    insert(f, f->ip_off + 40, ext, sizeof ext);
    h[6] = 0;
    be16(h + 4, (unsigned)(f->len - f->ip_off - 40));
}
static void ipv6_fragment_header(struct frame *f)
{
    static const uint8_t frag[8] = {6, 0, 0, 0, 0, 0, 0, 1}; /* offset 0, last fragment */

    insert(f, f->ip_off + 40, frag, sizeof frag);
    f->b[f->ip_off + 6] = 44;
    be16(f->b + f->ip_off + 4, (unsigned)(f->len - f->ip_off - 40));
}
static void snaplen_in_options(struct frame *f) { f->len = f->tcp_off + 24; }
static void ethernet_padding(struct frame *f)
{
    memset(f->b + f->len, 0, 6);
    f->len += 6;
    f->reported += 6;
}
static void tso_zero_length(struct frame *f) { be16(f->b + f->ip_off + 2, 0); ipv4_fix_checksum(f); }
static void tunnel_outer(struct frame *f) { (void)f; /* addresses differ: see expect_other */ }
static void tunnel_outer_bad_checksum(struct frame *f) { f->b[f->ip_off + 10] ^= 0xff; }
static void bad_option_length(struct frame *f) { f->b[f->tcp_off + 20 + 4 + 1] = 1; }
static void option_past_header(struct frame *f) { f->b[f->tcp_off + 20 + 18] = 9; }

enum expect_addrs { ADDRS_FRAME, ADDRS_OTHER, ADDRS_NONE };

struct wire_case {
    const char *name;
    int v6;
    bool syn_options;
    uint8_t flags;
    size_t payload;
    void (*bend)(struct frame *);
    enum expect_addrs addrs;
    bool decoded;            /* rstf_wire_segment() returns true */
    uint32_t have;           /* exact have bits */
    uint8_t options;         /* exact option bits */
    uint32_t payload_len;    /* when RSTF_HAVE_LEN */
    uint8_t addr_len;
};

#define IP4 (RSTF_HAVE_TTL | RSTF_HAVE_IPID | RSTF_HAVE_DF)
#define IP6 (RSTF_HAVE_TTL | RSTF_HAVE_FLOWLBL)
#define TCP (RSTF_HAVE_SEQ | RSTF_HAVE_WINDOW | RSTF_HAVE_OPTIONS)
#define SYNOPTS (RSTF_OPT_MSS | RSTF_OPT_SACK_PERM | RSTF_OPT_TIMESTAMP | RSTF_OPT_WSCALE)
#define SA (RSTF_TCP_SYN | RSTF_TCP_ACK)
#define RA (RSTF_TCP_RST | RSTF_TCP_ACK)

static const struct wire_case cases[] = {
    {"v4 syn-ack, options", 0, true, SA, 0, as_is, ADDRS_FRAME, true,
     IP4 | TCP | RSTF_HAVE_ACK | RSTF_HAVE_LEN, SYNOPTS, 0, 4},
    {"v4 data", 0, false, RSTF_TCP_ACK | RSTF_TCP_PSH, 37, as_is, ADDRS_FRAME, true,
     IP4 | TCP | RSTF_HAVE_ACK | RSTF_HAVE_LEN, 0, 37, 4},
    {"v4 bare rst: no ack number", 0, false, RSTF_TCP_RST, 0, as_is, ADDRS_FRAME, true,
     IP4 | TCP | RSTF_HAVE_LEN, 0, 0, 4},
    {"v4 ip options", 0, true, SA, 5, ipv4_options, ADDRS_FRAME, true,
     IP4 | TCP | RSTF_HAVE_ACK | RSTF_HAVE_LEN, SYNOPTS, 5, 4},
    {"v6 rst", 1, false, RA, 0, as_is, ADDRS_FRAME, true,
     IP6 | TCP | RSTF_HAVE_ACK | RSTF_HAVE_LEN, 0, 0, 16},
    {"v6 extension headers", 1, true, SA, 9, ipv6_ext_headers, ADDRS_FRAME, true,
     IP6 | TCP | RSTF_HAVE_ACK | RSTF_HAVE_LEN, SYNOPTS, 9, 16},
    {"v6 atomic fragment header", 1, false, RA, 0, ipv6_fragment_header, ADDRS_FRAME, true,
     IP6 | TCP | RSTF_HAVE_ACK | RSTF_HAVE_LEN, 0, 0, 16},
    {"snaplen inside the options", 0, true, SA, 0, snaplen_in_options, ADDRS_FRAME, true,
     IP4 | RSTF_HAVE_SEQ | RSTF_HAVE_WINDOW | RSTF_HAVE_ACK | RSTF_HAVE_LEN, 0, 0, 4},
    {"ethernet padding is not payload", 0, false, RA, 0, ethernet_padding, ADDRS_FRAME, true,
     IP4 | TCP | RSTF_HAVE_ACK | RSTF_HAVE_LEN, 0, 0, 4},
    {"tso: total length 0", 0, false, RSTF_TCP_ACK, 100, tso_zero_length, ADDRS_FRAME, true,
     IP4 | TCP | RSTF_HAVE_ACK | RSTF_HAVE_LEN, 0, 100, 4},
    {"v4 tunnel outer: checksum vouches", 0, false, RA, 0, tunnel_outer, ADDRS_OTHER, true,
     IP4 | TCP | RSTF_HAVE_ACK | RSTF_HAVE_LEN, 0, 0, 4},
    {"v4 tunnel outer, bad checksum: IP unknown", 0, false, RA, 0, tunnel_outer_bad_checksum,
     ADDRS_OTHER, true, TCP | RSTF_HAVE_ACK, 0, 0, 0},
    {"v6 without the frame's addresses: IP unknown", 1, false, RA, 0, as_is, ADDRS_OTHER, true,
     TCP | RSTF_HAVE_ACK, 0, 0, 0},
    {"v6 with no addresses at all", 1, false, RA, 0, as_is, ADDRS_NONE, true,
     TCP | RSTF_HAVE_ACK, 0, 0, 0},
    {"bad option length ends the list", 0, true, SA, 0, bad_option_length, ADDRS_FRAME, true,
     IP4 | TCP | RSTF_HAVE_ACK | RSTF_HAVE_LEN, RSTF_OPT_MSS, 0, 4},
    {"option running past the header", 0, true, SA, 0, option_past_header, ADDRS_FRAME, true,
     IP4 | TCP | RSTF_HAVE_ACK | RSTF_HAVE_LEN,
     RSTF_OPT_MSS | RSTF_OPT_SACK_PERM | RSTF_OPT_TIMESTAMP, 0, 4},
};

static void expected_addrs(const struct wire_case *c, struct rstf_wire_addrs *a)
{
    memset(a, 0, sizeof *a);
    if (c->addrs == ADDRS_NONE)
        return;
    a->len = c->v6 ? 16 : 4;
    memcpy(a->src, c->v6 ? v6_src : v4_src, a->len);
    memcpy(a->dst, c->v6 ? v6_dst : v4_dst, a->len);
    if (c->addrs == ADDRS_OTHER)
        a->src[a->len - 1] ^= 0x55; /* the inner header's addresses */
}

static void test_cases(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct wire_case *c = &cases[i];
        struct frame f;
        struct rstf_wire w;
        struct rstf_wire_addrs a;
        struct rstf_wire_segment s;
        bool ok;

        build(&f, c->v6, c->syn_options ? syn_opts : NULL, c->syn_options ? sizeof syn_opts : 0,
              c->flags, c->payload);
        c->bend(&f);
        expected_addrs(c, &a);
        w = (struct rstf_wire){f.b, f.len, f.reported};
        ok = rstf_wire_segment(&w, f.tcp_off, &a, &s);
        CHECK(ok == c->decoded, "%s: decoded %d", c->name, ok);
        if (!ok)
            continue;
        CHECK(s.pkt.have == c->have, "%s: have %#x, want %#x", c->name, s.pkt.have, c->have);
        CHECK(s.pkt.options == c->options, "%s: options %#x, want %#x", c->name,
              s.pkt.options, c->options);
        CHECK(s.addr_len == c->addr_len, "%s: addr_len %u", c->name, s.addr_len);
        CHECK(s.src_port == 443 && s.dst_port == 50000, "%s: ports %u %u", c->name,
              s.src_port, s.dst_port);
        CHECK(s.pkt.seq == 0x01020304 && s.pkt.window == 502 && s.pkt.tcp_flags == c->flags,
              "%s: seq/window/flags", c->name);
        if (s.pkt.have & RSTF_HAVE_ACK)
            CHECK(s.pkt.ack == 0xa0b0c0d0, "%s: ack %#x", c->name, s.pkt.ack);
        if (s.pkt.have & RSTF_HAVE_LEN)
            CHECK(s.pkt.payload_len == c->payload_len, "%s: payload_len %u, want %u", c->name,
                  s.pkt.payload_len, c->payload_len);
        if (s.pkt.have & RSTF_HAVE_TTL)
            CHECK(s.pkt.ttl == 57 && s.pkt.ip_version == (c->v6 ? 6 : 4), "%s: ttl %u v%u",
                  c->name, s.pkt.ttl, s.pkt.ip_version);
        if (s.pkt.have & RSTF_HAVE_IPID)
            CHECK(s.pkt.ip_id == 0x1234 && s.pkt.df, "%s: ip id %#x df %d", c->name,
                  s.pkt.ip_id, s.pkt.df);
        if (s.pkt.have & RSTF_HAVE_FLOWLBL)
            CHECK(s.pkt.flow_label == 0xabcde, "%s: flow label %#x", c->name, s.pkt.flow_label);
        if (s.addr_len) {
            CHECK(memcmp(s.src_addr, c->v6 ? v6_src : v4_src, s.addr_len) == 0,
                  "%s: source address", c->name);
            /* The conversation key: the carrying header's destination too. */
            CHECK(memcmp(s.dst_addr, c->v6 ? v6_dst : v4_dst, s.addr_len) == 0,
                  "%s: destination address", c->name);
        }
        if (s.pkt.options & RSTF_OPT_TIMESTAMP)
            CHECK(s.pkt.tsval == 1000 && s.pkt.tsecr == 2000, "%s: timestamps %u %u", c->name,
                  s.pkt.tsval, s.pkt.tsecr);
        if (s.pkt.options & RSTF_OPT_WSCALE)
            CHECK(s.pkt.wscale == 7, "%s: wscale %u", c->name, s.pkt.wscale);
    }
}

/* Cut at every length: never a read past `captured` (ASan/valgrind would
 * say), and the fixed header decides whether the segment decodes. */
static void test_every_cut(void)
{
    struct frame f;
    struct rstf_wire_addrs a;

    build(&f, 1, syn_opts, sizeof syn_opts, SA, 3);
    ipv6_ext_headers(&f);
    memset(&a, 0, sizeof a);
    a.len = 16;
    memcpy(a.src, v6_src, 16);
    memcpy(a.dst, v6_dst, 16);
    for (size_t cut = 0; cut <= f.len; cut++) {
        struct rstf_wire w = {f.b, cut, f.reported};
        struct rstf_wire_segment s;
        bool ok = rstf_wire_segment(&w, f.tcp_off, &a, &s);

        CHECK(ok == (cut >= f.tcp_off + 20), "cut %zu: decoded %d", cut, ok);
    }
}

static void test_odd_headers(void)
{
    struct frame f;
    struct rstf_wire w;
    struct rstf_wire_addrs a;
    struct rstf_wire_segment s;

    build(&f, 0, NULL, 0, RA, 0);
    expected_addrs(&cases[0], &a);
    f.b[f.tcp_off + 12] = 4 << 4; /* data offset 16 bytes */
    w = (struct rstf_wire){f.b, f.len, f.reported};
    CHECK(!rstf_wire_segment(&w, f.tcp_off, &a, &s), "data offset below 20 is not decoded");
    CHECK(!rstf_wire_segment(&w, f.len + 1, &a, &s), "offset past the capture");
    w.data = NULL;
    CHECK(!rstf_wire_segment(&w, 0, &a, &s), "no bytes at all");
}

/* An RST's payload is decoded as the tcpm draft's diagnostic, even when the
 * capture holds only part of it; other segments' payloads are not looked at. */
static void test_rst_payload(void)
{
    static const uint8_t diag[8] = {0x33, 0xaa, 0x00, 0x02, 0, 0, 0, 0};
    struct frame f;
    struct rstf_wire w;
    struct rstf_wire_addrs a;
    struct rstf_wire_segment s;

    expected_addrs(&cases[0], &a);
    build(&f, 0, NULL, 0, RA, 0);
    w = (struct rstf_wire){f.b, f.len, f.reported};
    CHECK(rstf_wire_segment(&w, f.tcp_off, &a, &s) && !(s.pkt.have & RSTF_HAVE_PAYLOAD),
          "bare RST: no payload to decode");

    build(&f, 0, NULL, 0, RA, 8);
    memcpy(f.b + f.tcp_off + 20, diag, sizeof diag);
    w = (struct rstf_wire){f.b, f.len, f.reported};
    CHECK(rstf_wire_segment(&w, f.tcp_off, &a, &s) && (s.pkt.have & RSTF_HAVE_PAYLOAD) &&
              s.pkt.diag.status == RSTF_DIAG_VALID && s.pkt.diag.reason == 2,
          "RST with the draft's payload: status %u reason %u", s.pkt.diag.status,
          s.pkt.diag.reason);

    w.captured = f.tcp_off + 20 + 3;
    CHECK(rstf_wire_segment(&w, f.tcp_off, &a, &s) && (s.pkt.have & RSTF_HAVE_PAYLOAD) &&
              s.pkt.diag.status == RSTF_DIAG_TRUNCATED,
          "RST payload cut by the snaplen: status %u", s.pkt.diag.status);

    build(&f, 0, NULL, 0, RSTF_TCP_ACK, 8);
    memcpy(f.b + f.tcp_off + 20, diag, sizeof diag);
    w = (struct rstf_wire){f.b, f.len, f.reported};
    CHECK(rstf_wire_segment(&w, f.tcp_off, &a, &s) && !(s.pkt.have & RSTF_HAVE_PAYLOAD),
          "data segment: payload not decoded");
}

static void test_echo_reply_ip(void)
{
    struct l3 ip = {.v6 = 0, .src = v4_src, .dst = v4_dst, .smac = mac_a, .dmac = mac_b,
                    .ttl = 61};
    uint8_t b[FRAME_MAX];
    size_t len = build_icmp(b, &ip, 0, 0, 0x00010001, NULL, 0);
    struct rstf_wire w = {b, len, len};
    struct rstf_wire_addrs a;
    struct rstf_wire_ip found;

    expected_addrs(&cases[0], &a);
    CHECK(rstf_wire_find_ip(&w, ETH_HLEN + 20, RSTF_IPPROTO_ICMP, &a, &found) &&
              found.ttl == 61 && found.version == 4,
          "echo reply: its IPv4 header");
    CHECK(!rstf_wire_find_ip(&w, ETH_HLEN + 20, RSTF_IPPROTO_TCP, &a, &found),
          "echo reply: no IP header carries TCP there");
}

int main(void)
{
    test_cases();
    test_every_cut();
    test_odd_headers();
    test_rst_payload();
    test_echo_reply_ip();
    return check_summary("wire");
}
