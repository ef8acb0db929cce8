/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The flow tracker: roles, RTT legs, baselines, and what it must not learn. */
#include <stddef.h>

#include "check.h"
#include "lab.h"
#include "rstf/config.h"
#include "rstf/verdict.h"
#include "started.h"

static void test_roles_and_legs(void)
{
    struct lab l;
    lab_init(&l, 4);
    lab_handshake(&l, 54 * MS, 50 * US);
    const struct rstf_flow *f = &l.flow;
    CHECK(f->ep[RSTF_SIDE_A].role == RSTF_ROLE_CLIENT, "SYN sender is the client");
    CHECK(f->ep[RSTF_SIDE_B].role == RSTF_ROLE_SERVER, "SYN-ACK sender is the server");
    CHECK(f->ep[RSTF_SIDE_B].rtt_leg_known && f->ep[RSTF_SIDE_B].rtt_leg_ns == 54 * MS,
          "SYN -> SYN-ACK is the leg to the server");
    CHECK(f->ep[RSTF_SIDE_A].rtt_leg_known && f->ep[RSTF_SIDE_A].rtt_leg_ns == 50 * US,
          "SYN-ACK -> ACK is the leg to the client");
    CHECK(f->scaling_on, "both SYNs offered window scale");

    /* Client on side B this time: roles follow the SYN, not the numbering. */
    lab_init(&l, 4);
    l.client = RSTF_SIDE_B;
    lab_handshake(&l, 5 * MS, 1 * MS);
    CHECK(l.flow.ep[RSTF_SIDE_B].role == RSTF_ROLE_CLIENT &&
          l.flow.ep[RSTF_SIDE_A].role == RSTF_ROLE_SERVER, "roles follow the SYN");
}

static void test_rst_never_feeds_baseline(void)
{
    struct lab l;
    lab_init(&l, 4);
    lab_handshake(&l, 54 * MS, 50 * US);
    lab_send(&l, lab_server(&l), 100, 54 * MS);
    struct rstf_flow before = l.flow;

    struct rstf_packet rst = lab_genuine_rst(&l, lab_server(&l), 1 * MS);
    rst.ttl = 240;
    rst.seq += 999999;
    rst.ip_id = 7;
    CHECK(lab_feed(&l, &rst), "RST observed");
    CHECK(memcmp(before.ep, l.flow.ep, sizeof before.ep) == 0, "RST left both baselines alone");
    CHECK(memcmp(before.recent, l.flow.recent, sizeof before.recent) == 0, "RST is nobody's trigger");
    CHECK(l.obs.claimed.ttl == 54 && l.obs.rst.ttl == 240, "observation keeps RST and baseline apart");
    CHECK(l.obs.rst_index == 1, "first RST");
    CHECK(!l.obs.claimed.fin_sent, "no FIN seen from the server");

    struct rstf_packet again = lab_genuine_rst(&l, lab_server(&l), 1 * MS);
    CHECK(lab_feed(&l, &again), "second RST observed");
    CHECK(l.obs.claimed.ttl_max == 54, "the first RST did not widen the TTL range");
    CHECK(l.obs.rst_index == 2, "second RST counted");
}

static void test_fin_remembered(void)
{
    struct lab l;
    lab_init(&l, 4);
    lab_handshake(&l, 54 * MS, 50 * US);
    struct rstf_packet fin = lab_genuine_rst(&l, lab_server(&l), 1 * MS);
    fin.tcp_flags = RSTF_TCP_FIN | RSTF_TCP_ACK;
    CHECK(!lab_feed(&l, &fin), "a FIN is an ordinary segment");
    CHECK(l.flow.ep[RSTF_SIDE_B].fin_sent && !l.flow.ep[RSTF_SIDE_A].fin_sent, "FIN belongs to its sender");
    CHECK(l.flow.ep[RSTF_SIDE_B].next_seq == fin.seq + 1, "a FIN consumes one sequence number");
}

/* Which client segment an RST answers, as the timing scorer needs it. */
static void test_answered_segment(void)
{
    struct lab l;
    lab_init(&l, 4);
    lab_handshake(&l, 54 * MS, 50 * US);
    lab_send(&l, l.client, 100, 1 * MS);           /* A: seen by the server */
    int64_t t_a = l.now;
    lab_send(&l, lab_server(&l), 0, 54 * MS);      /* the server acks A */
    struct rstf_packet rst = lab_genuine_rst(&l, lab_server(&l), 5 * MS);
    lab_send(&l, l.client, 200, 0);                /* B crosses the server's abort */
    rst.ts_ns = l.now + 2 * US;
    CHECK(lab_feed(&l, &rst), "RST observed");
    CHECK(l.obs.trigger.end - l.obs.trigger.seq == 200, "the last client segment is B");
    CHECK(l.obs.answered.present && l.obs.answered.ts_ns == t_a,
          "the RST's ack proves it saw A, not B");

    /* A pure ACK uses no sequence space: only an echoed timestamp proves it was seen. */
    lab_init(&l, 4);
    lab_handshake(&l, 54 * MS, 50 * US);
    lab_send(&l, l.client, 0, 1 * MS);
    rst = lab_genuine_rst(&l, lab_server(&l), 10 * US);
    rst.options = 0;
    lab_feed(&l, &rst);
    CHECK(l.obs.answered.present && l.obs.answered.tcp_flags == (RSTF_TCP_SYN),
          "without timestamps, the newest proven segment is the SYN");

    /* Without an ack, a reset repeats the ack of the segment it answers: the oldest such. */
    lab_init(&l, 4);
    lab_handshake(&l, 54 * MS, 50 * US);
    int64_t first = l.now; /* the handshake's ACK already carries that ack */
    lab_send(&l, l.client, 100, 1 * MS);
    lab_send(&l, l.client, 100, 1 * MS);
    rst = lab_genuine_rst(&l, lab_server(&l), 1 * MS);
    rst.tcp_flags = RSTF_TCP_RST;
    rst.seq = l.host[lab_server(&l)].seq;
    lab_feed(&l, &rst);
    CHECK(l.obs.answered.present && l.obs.answered.ts_ns == first, "oldest segment carrying that ack");

    /* More segments in flight than the ring remembers: nothing provable. */
    lab_init(&l, 4);
    lab_handshake(&l, 54 * MS, 50 * US);
    lab_send(&l, l.client, 100, 1 * MS);
    uint32_t acked = l.host[l.client].seq;
    for (int i = 0; i < RSTF_RECENT_SEGMENTS + 2; i++)
        lab_send(&l, l.client, 100, 1 * MS);
    rst = lab_genuine_rst(&l, lab_server(&l), 1 * MS);
    rst.ack = acked - 50;
    rst.options = 0;
    lab_feed(&l, &rst);
    CHECK(!l.obs.answered.present, "an answered segment beyond the ring is not guessed");
}

/* A forger's RST, then the real server's segments still on their way. */
static void test_race(void)
{
    struct lab l;
    lab_init(&l, 4);
    lab_handshake(&l, 54 * MS, 50 * US);
    lab_send(&l, l.client, 100, 1 * MS);
    struct rstf_packet forged = lab_genuine_rst(&l, lab_server(&l), 1 * MS);
    forged.options = 0;
    CHECK(lab_feed(&l, &forged), "forged RST observed");
    CHECK(l.news[lab_server(&l)].rst_index == 0 && !l.obs.after.race, "no look-ahead yet");

    lab_send(&l, l.client, 0, 1 * MS);
    CHECK(!l.news[lab_server(&l)].after.race, "the peer talking on is no race");
    lab_send(&l, lab_server(&l), 1400, 40 * MS);
    CHECK(l.news[lab_server(&l)].rst_index == 1 &&
          l.news[lab_server(&l)].after.race_after_ns == 41 * MS,
          "the server's next segment races its 'own' RST");
    CHECK(l.last[lab_server(&l)].after.race, "the news reached the kept observation");
    lab_send(&l, lab_server(&l), 1400, 1 * MS);
    CHECK(l.news[lab_server(&l)].rst_index == 0, "a race is reported once");

    /* A new SYN on the same ports after a genuine RST is a new connection. */
    lab_init(&l, 4);
    lab_handshake(&l, 54 * MS, 50 * US);
    struct rstf_packet rst = lab_genuine_rst(&l, l.client, 1 * MS);
    lab_feed(&l, &rst);
    struct rstf_packet syn = lab_genuine_rst(&l, l.client, 1000 * MS);
    syn.tcp_flags = RSTF_TCP_SYN;
    lab_feed(&l, &syn);
    CHECK(l.news[l.client].rst_index == 0, "a SYN is not a race");
}

/* An RST in the server's name as tcpkill sends it: RST only, no options,
 * its own TTL, seq = ack of the client's segment + steps windows. */
static struct rstf_packet tcpkill_rst(struct lab *l, uint32_t windows, int64_t after)
{
    struct rstf_packet p = lab_genuine_rst(l, lab_server(l), after);
    p.tcp_flags = RSTF_TCP_RST;
    p.ttl = 62;
    p.options = 0;
    p.window = 0;
    p.ip_id = (uint16_t)(0x69de + 7919 * windows);
    p.df = false;
    p.seq = l->host[lab_server(l)].seq + windows * l->host[l->client].window;
    p.ack = 0;
    return p;
}

/* A request, the server's answer, and the client's last segment (with
 * last_len bytes) before the RSTs under test; returns the server's side. */
static int open_conversation(struct lab *l, uint32_t last_len)
{
    lab_init(l, 4);
    lab_handshake(l, 54 * MS, 50 * US);
    lab_send(l, l->client, 100, 1 * MS);
    lab_send(l, lab_server(l), 1400, 54 * MS);
    lab_send(l, l->client, last_len, 100 * US);
    return lab_server(l);
}

static void test_burst(void)
{
    struct lab l;
    int server = open_conversation(&l, 200); /* what tcpkill sniffs: raw window 502 */

    struct rstf_packet first = tcpkill_rst(&l, 0, 2 * MS);
    CHECK(lab_feed(&l, &first), "first RST observed");
    CHECK(!l.obs.burst.member, "the burst's first RST is no step yet");
    struct rstf_observation opened = l.obs;

    struct rstf_packet second = tcpkill_rst(&l, 1, 5 * US);
    CHECK(lab_feed(&l, &second), "second RST observed");
    CHECK(l.obs.burst.member && l.obs.burst.windows == 1 && l.obs.burst.spacing == 502 &&
          l.obs.burst.base_seq == first.seq && l.obs.burst.gap_ns == 5 * US,
          "one window of 502 past the first");
    CHECK(l.news[server].rst_index == 1 && l.news[server].after.burst,
          "the first RST hears that it opened a burst");
    CHECK(rstf_flow_take_news(&l.news[server], &opened) && opened.after.burst &&
          opened.after.burst_next_seq == second.seq && opened.after.burst_spacing == 502,
          "the news merges into the first RST's observation");

    struct rstf_packet third = tcpkill_rst(&l, 3, 5 * US);
    CHECK(lab_feed(&l, &third), "third RST observed");
    CHECK(l.obs.burst.member && l.obs.burst.windows == 3 && l.obs.burst.base_seq == first.seq,
          "three windows past the first, counted from the burst's start");
    CHECK(l.news[server].rst_index == 0, "the first RST is told once");

    /* The next sniffed segment starts a new burst at its own ack. */
    struct rstf_packet again = tcpkill_rst(&l, 0, 5 * US);
    CHECK(lab_feed(&l, &again), "a new burst's first RST");
    CHECK(!l.obs.burst.member, "a seq equal to the client's ack is no step");

    /* A step by another TTL (another sender) or other flags is no burst. */
    struct rstf_packet other_ttl = tcpkill_rst(&l, 1, 5 * US);
    other_ttl.ttl = 54;
    CHECK(lab_feed(&l, &other_ttl) && !l.obs.burst.member, "another TTL is another sender");
    struct rstf_packet other_flags = tcpkill_rst(&l, 0, 5 * US);
    lab_feed(&l, &other_flags);
    other_flags = tcpkill_rst(&l, 1, 5 * US);
    other_flags.tcp_flags = RSTF_TCP_RST | RSTF_TCP_ACK;
    CHECK(lab_feed(&l, &other_flags) && !l.obs.burst.member, "other flags are another sender");
    struct rstf_packet not_whole = tcpkill_rst(&l, 0, 5 * US);
    lab_feed(&l, &not_whole);
    not_whole = tcpkill_rst(&l, 1, 5 * US);
    not_whole.seq += 1;
    CHECK(lab_feed(&l, &not_whole) && !l.obs.burst.member, "503 is no whole window");
}

/*
 * A genuine abort seen at the server: its RST+ACK from the live socket,
 * then one socketless RST per client ACK still in flight, each repeating
 * that ACK's ack.  The acks step 1448 and the client's raw window is 724:
 * whole windows, yet acks the client sent, so no burst.  Seen at the
 * client, the ACKs answered first have left the ring of recent segments:
 * with no segment acknowledging the previous RST's seq there is no window
 * to step by.
 */
static void test_genuine_rsts_are_no_burst(void)
{
    for (int ring_overflows = 0; ring_overflows < 2; ring_overflows++) {
        struct lab l;
        lab_init(&l, 4);
        l.host[l.client].window = 724;
        lab_handshake(&l, 54 * MS, 50 * US);
        int server = lab_server(&l);
        uint32_t acks[12];
        unsigned n = ring_overflows ? 12 : 4;

        for (unsigned i = 0; i < n; i++) {
            lab_send(&l, server, 1448, 100 * US);
            lab_send(&l, l.client, 0, 10 * US);
            acks[i] = l.host[server].seq;
        }
        struct rstf_packet abort_rst = lab_genuine_rst(&l, server, 1 * MS);
        CHECK(lab_feed(&l, &abort_rst), "abort observed");
        for (unsigned i = 0; i < n; i++) {
            struct rstf_packet r = lab_genuine_rst(&l, server, 10 * US);
            r.tcp_flags = RSTF_TCP_RST;
            r.seq = acks[i];
            r.ack = 0;
            r.options = 0;
            r.window = 0;
            r.ip_id = 0;
            CHECK(lab_feed(&l, &r), "socketless RST observed");
            CHECK(!l.obs.burst.member, "[%s] RST %u repeating an ack is no burst step",
                  ring_overflows ? "client vantage" : "server vantage", i);
            CHECK(!l.news[server].after.burst, "and tells no earlier RST it opened one");
        }
    }
}

/* RFC 5961: an in-window, inexact RST, and the client's challenge ACK. */
static void test_challenge_ack(void)
{
    struct lab l;
    int server = open_conversation(&l, 0);

    struct rstf_packet guess = tcpkill_rst(&l, 1, 2 * MS);
    CHECK(lab_feed(&l, &guess), "guessed RST observed");
    lab_send(&l, l.client, 0, 300 * US); /* a pure ACK of what it had acked: the challenge */
    CHECK(l.news[server].rst_index == 1 && l.news[server].after.challenge &&
          l.news[server].after.challenge_ack == l.host[server].seq &&
          l.news[server].after.challenge_after_ns == 300 * US, "challenge ACK seen");
    CHECK(l.last[server].after.challenge, "and merged into the RST's observation");
    lab_send(&l, l.client, 0, 300 * US);
    CHECK(l.news[server].rst_index == 0, "only the receiver's first word is its answer");

    /* The client's next segment acks new data: an ordinary ACK that crossed it. */
    guess = tcpkill_rst(&l, 1, 2 * MS);
    lab_feed(&l, &guess);
    lab_send(&l, server, 100, 0);
    lab_send(&l, l.client, 0, 300 * US);
    CHECK(!l.news[server].after.challenge, "an ACK of new data is no challenge");

    /* An exact RST is accepted, one below the window ignored: no challenge. */
    struct rstf_packet exact = tcpkill_rst(&l, 0, 2 * MS);
    lab_feed(&l, &exact);
    lab_send(&l, l.client, 0, 300 * US);
    CHECK(!l.news[server].after.challenge, "an exact RST is not challenged");
    struct rstf_packet stale = tcpkill_rst(&l, 0, 2 * MS);
    stale.seq -= 5000;
    lab_feed(&l, &stale);
    lab_send(&l, l.client, 0, 300 * US);
    CHECK(!l.news[server].after.challenge, "an RST below the window is not challenged");

    /* Data from the receiver is no pure ACK. */
    guess = tcpkill_rst(&l, 1, 2 * MS);
    lab_feed(&l, &guess);
    lab_send(&l, l.client, 10, 300 * US);
    CHECK(!l.news[server].after.challenge, "a data segment is no challenge");
}

/* Segments as the lab corpus recorded them at the client (A, TTL 64) of a
 * server (B, TTL 61): microseconds, flags, raw seq/ack, length, raw window. */
struct wire {
    int64_t us;
    int side;
    uint8_t flags;
    uint32_t seq, ack, len;
    uint16_t window;
    uint8_t ttl;
};
#define C RSTF_SIDE_A
#define S RSTF_SIDE_B

static void replay(struct lab *l, const struct wire *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct rstf_packet p = {
            .ts_ns = l->now + w[i].us * US,
            .have = RSTF_HAVE_TTL | RSTF_HAVE_SEQ | RSTF_HAVE_ACK | RSTF_HAVE_WINDOW |
                    RSTF_HAVE_OPTIONS | RSTF_HAVE_LEN,
            .ip_version = 4, .ttl = w[i].ttl, .side = (uint8_t)w[i].side,
            .tcp_flags = w[i].flags, .seq = w[i].seq, .ack = w[i].ack,
            .payload_len = w[i].len, .window = w[i].window,
        };
        if (p.tcp_flags & RSTF_TCP_SYN) {
            p.options = RSTF_OPT_MSS | RSTF_OPT_WSCALE;
            p.wscale = 10;
        }
        lab_feed(l, &p);
    }
}

/* captures/lab/corpus/tcpkill-r1-v4-client.pcap, frames 1-24: tcpkill's
 * first two bursts, seq = ack + 0, 63, 3 x 63 (63: the raw window of
 * frames 3 and 4, which acked 2334226599). */
static const struct wire tcpkill_capture[] = {
    { 0, C, 0x0002, 309238116u, 0u, 0, 64240, 64 },
    { 56243, S, 0x0012, 2334226598u, 309238117u, 0, 65160, 61 },
    { 56286, C, 0x0010, 309238117u, 2334226599u, 0, 63, 64 },
    { 56388, C, 0x0018, 309238117u, 2334226599u, 29, 63, 64 },
    { 105202, S, 0x0010, 2334226599u, 309238146u, 0, 64, 61 },
    { 105227, S, 0x0010, 2334226599u, 309238146u, 1448, 64, 61 },
    { 105267, C, 0x0010, 309238146u, 2334228047u, 0, 66, 64 },
    { 105273, S, 0x0018, 2334228047u, 309238146u, 399, 64, 61 },
    { 105294, C, 0x0010, 309238146u, 2334228446u, 0, 69, 64 },
    { 105350, C, 0x0018, 309238146u, 2334228446u, 100, 69, 64 },
    { 199255, S, 0x0010, 2334228446u, 309238246u, 0, 64, 61 },
    { 199290, C, 0x0018, 309238246u, 2334228446u, 300, 69, 64 },
    { 248217, S, 0x0010, 2334228446u, 309238546u, 0, 64, 61 },
    { 248418, C, 0x0018, 309238546u, 2334228446u, 200, 69, 64 },
    { 297885, S, 0x0010, 2334228446u, 309238746u, 0, 64, 61 },
    { 297924, C, 0x0018, 309238746u, 2334228446u, 200, 69, 64 },
    { 346817, S, 0x0010, 2334228446u, 309238946u, 0, 64, 61 },
    { 346852, C, 0x0018, 309238946u, 2334228446u, 200, 69, 64 },
    { 384712, S, 0x0004, 2334226599u, 0u, 0, 0, 64 },
    { 384976, S, 0x0004, 2334226662u, 0u, 0, 0, 64 },
    { 384981, S, 0x0004, 2334226788u, 0u, 0, 0, 64 },
    { 384983, S, 0x0004, 2334226599u, 0u, 0, 0, 64 },
    { 384986, S, 0x0004, 2334226662u, 0u, 0, 0, 64 },
    { 384990, S, 0x0004, 2334226788u, 0u, 0, 0, 64 },
};

/* captures/lab/corpus/inject-inexact-r2-v4-client.pcap, frames 1-12: an
 * injector's RST+ACK 1000 past the server's next seq, and the client
 * kernel's challenge ACK 32 us later (its last ack, 3720504104, again). */
static const struct wire challenge_capture[] = {
    { 0, C, 0x0002, 1639225159u, 0u, 0, 64240, 64 },
    { 50471, S, 0x0012, 3720502256u, 1639225160u, 0, 65160, 61 },
    { 50533, C, 0x0010, 1639225160u, 3720502257u, 0, 63, 64 },
    { 50601, C, 0x0018, 1639225160u, 3720502257u, 29, 63, 64 },
    { 101184, S, 0x0010, 3720502257u, 1639225189u, 0, 64, 61 },
    { 101252, S, 0x0010, 3720502257u, 1639225189u, 1448, 64, 61 },
    { 101263, C, 0x0010, 1639225189u, 3720503705u, 0, 66, 64 },
    { 101271, S, 0x0018, 3720503705u, 1639225189u, 399, 64, 61 },
    { 101274, C, 0x0010, 1639225189u, 3720504104u, 0, 69, 64 },
    { 101608, C, 0x0018, 1639225189u, 3720504104u, 38, 69, 64 },
    { 121028, S, 0x0014, 3720505104u, 1639225227u, 0, 64, 61 },
    { 121060, C, 0x0010, 1639225227u, 3720504104u, 0, 69, 64 },
};

static void test_real_captures(void)
{
    struct lab l;
    struct rstf_config cfg;
    struct rstf_verdict v;
    rstf_config_default(&cfg);

    lab_init(&l, 4);
    replay(&l, tcpkill_capture, 19);
    struct rstf_observation first = l.obs;
    replay(&l, tcpkill_capture + 19, 1);
    CHECK(l.obs.burst.member && l.obs.burst.windows == 1 && l.obs.burst.spacing == 63,
          "tcpkill frame 20: one window of 63 past frame 19");
    CHECK(rstf_flow_take_news(&l.news[S], &first) && first.after.burst,
          "tcpkill frame 19 learns it opened a burst");
    rstf_classify(&first, &cfg, &v);
    CHECK(v.votes[RSTF_SCORER_BURST].origin == RSTF_ORIGIN_MIDPATH, "frame 19: burst votes midpath");
    replay(&l, tcpkill_capture + 20, 1);
    CHECK(l.obs.burst.member && l.obs.burst.windows == 3, "tcpkill frame 21: three windows");
    replay(&l, tcpkill_capture + 21, 1);
    CHECK(!l.obs.burst.member, "tcpkill frame 22 starts over at the ack");
    replay(&l, tcpkill_capture + 22, 2);
    CHECK(l.obs.burst.member && l.obs.burst.windows == 3, "tcpkill frame 24: three windows");

    lab_init(&l, 4);
    replay(&l, challenge_capture, 11);
    CHECK(!l.obs.burst.member, "one RST is no burst");
    replay(&l, challenge_capture + 11, 1);
    CHECK(l.last[S].after.challenge && l.last[S].after.challenge_ack == 3720504104u &&
          l.last[S].after.challenge_after_ns == 32 * US, "the client's challenge ACK, frame 12");
    rstf_classify(&l.last[S], &cfg, &v);
    CHECK(v.votes[RSTF_SCORER_CHALLENGE].origin == RSTF_ORIGIN_MIDPATH,
          "1000 past where the server's data ends: %s", v.votes[RSTF_SCORER_CHALLENGE].reason);
}
#undef C
#undef S

static void test_seq_wraparound(void)
{
    struct lab l;
    struct rstf_verdict v;
    lab_init(&l, 4);
    l.host[RSTF_SIDE_B].seq = 0xFFFFFF00u; /* the server's data crosses 2^32 */
    lab_handshake(&l, 54 * MS, 50 * US);
    lab_send(&l, lab_server(&l), 1400, 54 * MS);
    lab_send(&l, l.client, 0, 1 * MS);
    CHECK(l.flow.ep[RSTF_SIDE_B].next_seq == 0xFFFFFF01u + 1400u, "next seq wraps");
    CHECK(l.flow.ep[RSTF_SIDE_B].next_seq < 0x1000u, "next seq is past zero");

    /* An old segment (before the wrap) must not pull next_seq back. */
    struct rstf_packet old = { .ts_ns = l.now + 1, .have = RSTF_HAVE_SEQ | RSTF_HAVE_LEN,
                               .side = RSTF_SIDE_B, .tcp_flags = RSTF_TCP_ACK,
                               .seq = 0xFFFFFF01u, .payload_len = 100, .ip_version = 4 };
    lab_feed(&l, &old);
    CHECK(l.flow.ep[RSTF_SIDE_B].next_seq == 0xFFFFFF01u + 1400u, "retransmission keeps next seq");

    struct rstf_packet rst = lab_genuine_rst(&l, lab_server(&l), 100 * MS);
    lab_classify(&l, &rst, &v);
    CHECK(v.votes[RSTF_SCORER_SEQ].origin == RSTF_ORIGIN_SERVER, "exact seq across the wrap: %s",
          v.votes[RSTF_SCORER_SEQ].reason);
}

static void test_window_scaling(void)
{
    struct lab l;
    lab_init(&l, 4);
    l.host[RSTF_SIDE_A].window = 512;
    lab_handshake(&l, 54 * MS, 50 * US);
    CHECK(l.flow.ep[RSTF_SIDE_A].rcv_window == 512u << 7, "window scaled by the handshake's shift");
    CHECK(l.flow.ep[RSTF_SIDE_B].rcv_window == 65160, "a SYN-ACK window is never scaled");

    /* Only one side offers window scale: no scaling at all (RFC 7323). */
    struct rstf_flow f;
    struct rstf_observation o;
    struct rstf_news news[2];
    rstf_flow_init(&f);
    struct rstf_packet syn = { .have = RSTF_HAVE_SEQ | RSTF_HAVE_LEN | RSTF_HAVE_OPTIONS | RSTF_HAVE_WINDOW,
                               .side = RSTF_SIDE_A, .tcp_flags = RSTF_TCP_SYN, .seq = 10,
                               .options = RSTF_OPT_WSCALE, .wscale = 7, .window = 64240 };
    struct rstf_packet synack = { .have = syn.have | RSTF_HAVE_ACK, .side = RSTF_SIDE_B,
                                  .tcp_flags = RSTF_TCP_SYN | RSTF_TCP_ACK, .seq = 99, .ack = 11,
                                  .options = RSTF_OPT_MSS, .window = 29200 };
    struct rstf_packet ack = { .have = syn.have | RSTF_HAVE_ACK, .side = RSTF_SIDE_A,
                               .tcp_flags = RSTF_TCP_ACK, .seq = 11, .ack = 100, .window = 512 };
    rstf_flow_feed(&f, &syn, &o, news);
    rstf_flow_feed(&f, &synack, &o, news);
    rstf_flow_feed(&f, &ack, &o, news);
    CHECK(!f.scaling_on && f.ep[RSTF_SIDE_A].rcv_window == 512, "unscaled without both offers");
    CHECK(f.handshake_done, "handshake completes on the ACK of the SYN-ACK");

    /* An absurd shift is clamped to 14 (RFC 7323 §2.3). */
    rstf_flow_init(&f);
    syn.wscale = 200;
    synack.options = RSTF_OPT_WSCALE;
    rstf_flow_feed(&f, &syn, &o, news);
    rstf_flow_feed(&f, &synack, &o, news);
    rstf_flow_feed(&f, &ack, &o, news);
    CHECK(f.ep[RSTF_SIDE_A].wscale == 14 && f.ep[RSTF_SIDE_A].rcv_window == 512u << 14, "shift clamped");
}

static void test_midstream_abstains(void)
{
    struct lab l;
    struct rstf_verdict v;
    lab_init(&l, 4);
    /* No handshake: the capture starts with data both ways. */
    for (int i = 0; i < 4; i++) {
        lab_send(&l, RSTF_SIDE_A, 100, 1 * MS);
        lab_send(&l, RSTF_SIDE_B, 1400, 30 * MS);
    }
    CHECK(l.flow.ep[RSTF_SIDE_A].role == RSTF_ROLE_UNKNOWN, "no role without a handshake");
    struct rstf_packet rst = lab_genuine_rst(&l, RSTF_SIDE_B, 1 * MS);
    rst.ttl = 240; /* even a glaring oddity is not a verdict without roles */
    lab_classify(&l, &rst, &v);
    CHECK(v.origin == RSTF_ORIGIN_UNKNOWN && v.confidence == 0.0, "mid-stream RST is unknown");
    for (int i = 0; i < RSTF_SCORER_COUNT; i++)
        CHECK(v.votes[i].origin == RSTF_ORIGIN_UNKNOWN && v.votes[i].reason[0] != '\0',
              "scorer %s abstains with a reason", rstf_scorer_name((enum rstf_scorer)i));
}

/* The plugin keeps flows in zero-filled memory and skips rstf_flow_init()
 * there: that is only right while init means all bytes zero. */
static void test_zeroed_flow_is_initialised(void)
{
    static struct rstf_flow f;
    const unsigned char *bytes = (const unsigned char *)&f;
    size_t nonzero = 0;

    memset(&f, 0xA5, sizeof f);
    rstf_flow_init(&f);
    for (size_t i = 0; i < sizeof f; i++)
        nonzero += bytes[i] != 0;
    CHECK(nonzero == 0, "rstf_flow_init leaves all %zu bytes zero (%zu are not)", sizeof f, nonzero);
}

static void test_first_packet_is_rst(void)
{
    struct rstf_flow f;
    struct rstf_observation o;
    struct rstf_news news[2];
    struct rstf_verdict v;
    struct rstf_config cfg;
    rstf_flow_init(&f);
    rstf_config_default(&cfg);
    struct rstf_packet rst = { .have = RSTF_HAVE_TTL | RSTF_HAVE_SEQ, .ip_version = 4, .ttl = 64,
                               .tcp_flags = RSTF_TCP_RST, .side = RSTF_SIDE_B };
    CHECK(rstf_flow_feed(&f, &rst, &o, news), "lone RST observed");
    CHECK(!o.trigger.present && !o.claimed.ttl_known, "nothing learnt before it");
    rstf_classify(&o, &cfg, &v);
    CHECK(v.origin == RSTF_ORIGIN_UNKNOWN, "a lone RST is unknown");
}

static void test_ipid_habit_skips_handshake(void)
{
    struct lab l;
    lab_init(&l, 4);
    lab_handshake(&l, 54 * MS, 50 * US);
    lab_send(&l, lab_server(&l), 100, 54 * MS);
    lab_send(&l, lab_server(&l), 100, 1 * MS);
    const struct rstf_endpoint *s = &l.flow.ep[RSTF_SIDE_B];
    CHECK(s->ipid_samples == 2 && s->ipid_zero == 0, "the SYN-ACK's IP-ID 0 is not a sample");
    CHECK(s->ipid_steps == 1, "one forward step between the data segments");
    CHECK(s->ts_segments == 2 && s->ts_sent_on_syn, "timestamps seen on SYN-ACK and data");
}

static void test_syn_answered_by_rst(void)
{
    struct lab l;
    struct rstf_verdict v;
    lab_init(&l, 4);
    /* Closed port: the client's SYN, then the server's stack says no. */
    struct rstf_packet syn = lab_genuine_rst(&l, l.client, 0);
    syn.tcp_flags = RSTF_TCP_SYN;
    lab_feed(&l, &syn);
    l.now += 54 * MS;
    struct rstf_packet rst = { .ts_ns = l.now, .ip_version = 4, .ttl = 54, .df = true,
                               .have = RSTF_HAVE_TTL | RSTF_HAVE_IPID | RSTF_HAVE_DF | RSTF_HAVE_SEQ |
                                       RSTF_HAVE_ACK | RSTF_HAVE_WINDOW | RSTF_HAVE_OPTIONS,
                               .side = (uint8_t)lab_server(&l),
                               .tcp_flags = RSTF_TCP_RST | RSTF_TCP_ACK, .seq = 0, .ack = syn.seq + 1 };
    lab_classify(&l, &rst, &v);
    CHECK(l.obs.claimed.role == RSTF_ROLE_SERVER, "the SYN's target is the server");
    CHECK(v.votes[RSTF_SCORER_SEQ].origin == RSTF_ORIGIN_UNKNOWN, "ack of the SYN proves nothing");
    CHECK(v.votes[RSTF_SCORER_WINDOW].origin == RSTF_ORIGIN_UNKNOWN, "window 0 with DF accuses nobody");
    CHECK(v.score[RSTF_ORIGIN_MIDPATH] == 0.0, "a kernel's closed-port RST draws no midpath vote");
}

static void test_host_baselines(void)
{
    struct lab l;
    lab_init(&l, 4);
    lab_handshake(&l, 54 * MS, 50 * US);
    lab_send(&l, lab_server(&l), 100, 54 * MS);
    const struct rstf_host *server = &l.hosts[RSTF_SIDE_B], *client = &l.hosts[RSTF_SIDE_A];
    CHECK(server->rtt_known && server->rtt_ns == 54 * MS, "server address RTT from the SYN-ACK");
    CHECK(client->rtt_known && client->rtt_ns == 50 * US, "client address RTT from the ACK");
    CHECK(server->ttl_known && server->ttl_min == 54 && server->samples == 2, "server TTL samples");

    struct rstf_packet rst = lab_genuine_rst(&l, lab_server(&l), 1 * MS);
    rst.ttl = 200;
    lab_feed(&l, &rst);
    CHECK(server->ttl_max == 54 && server->samples == 2, "an RST teaches the host table nothing");
    CHECK(l.obs.claimed_host.ttl_known && l.obs.claimed_host.ttl_last == 54, "observation carries the host");

    /* The smallest round trip wins: queueing only ever adds. */
    struct rstf_host h;
    rstf_host_init(&h);
    rstf_host_learn_rtt(&h, 30 * MS);
    rstf_host_learn_rtt(&h, 20 * MS);
    rstf_host_learn_rtt(&h, 90 * MS);
    rstf_host_learn_rtt(&h, -5);
    CHECK(h.rtt_ns == 20 * MS, "min RTT kept, negative ignored");
}

/* One segment of a property-test conversation, with what a host learns from. */
struct told_conv {
    struct rstf_flow flow;
    uint32_t seq[2];
    uint8_t ip_version;
};

static struct rstf_packet told_segment(struct told_conv *c, unsigned side, uint8_t flags,
                                       int64_t ts, uint8_t ttl, uint32_t label)
{
    struct rstf_packet p = {
        .side = (uint8_t)side, .tcp_flags = flags, .ts_ns = ts, .ttl = ttl,
        .ip_version = c->ip_version, .seq = c->seq[side], .ack = c->seq[!side],
        .have = RSTF_HAVE_SEQ | RSTF_HAVE_ACK | RSTF_HAVE_LEN | RSTF_HAVE_TTL | RSTF_HAVE_WINDOW,
        .window = 500, .payload_len = (flags & RSTF_TCP_SYN) ? 0 : 10,
    };
    if (c->ip_version == 6) {
        p.have |= RSTF_HAVE_FLOWLBL;
        p.flow_label = label;
    }
    c->seq[side] += p.payload_len + ((flags & RSTF_TCP_SYN) ? 1u : 0u);
    return p;
}

/*
 * Conversations tell their host only news (rstf/host.h): against hosts fed
 * every segment, as before, the hosts told only news must agree on
 * everything a scorer reads (ttl_last aside, when several conversations
 * with different TTLs interleave), and a steady conversation must stop
 * telling its host anything after its first segments.  One client talks
 * to one server over a few connections at a time, each replaced by a new
 * one (a new handshake, new round-trip legs) after 40 segments.
 */
static void test_host_told_only_news(void)
{
    enum { CONVS = 5, SEGMENTS = 6000 };
    struct told_conv conv[CONVS];
    struct rstf_host told[2], every[2], told_single, every_single;
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    unsigned wrong_range = 0, wrong_steady = 0, wrong_label = 0, wrong_rtt = 0, wrong_last = 0;
    unsigned last_outside = 0, news = 0, server_segments = 0, rsts = 0, legs = 0;
    static const uint8_t ttls[] = { 54, 54, 54, 54, 54, 54, 55, 53, 60 };

    memset(conv, 0, sizeof conv);
    for (unsigned side = 0; side < 2; side++) {
        rstf_host_init(&told[side]);
        rstf_host_init(&every[side]);
    }
    rstf_host_init(&told_single);
    rstf_host_init(&every_single);
    for (unsigned i = 0; i < SEGMENTS; i++) {
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        unsigned k = (unsigned)(rng % CONVS);
        struct told_conv *c = &conv[k];
        bool single = k == 0; /* conversation 0's server side also feeds a host of its own */
        unsigned side = RSTF_SIDE_B;
        uint8_t flags = RSTF_TCP_ACK;

        c->ip_version = k % 2 ? 6 : 4;
        unsigned n = c->flow.ep[0].segments + c->flow.ep[1].segments;
        if (n >= 40) {
            memset(&c->flow, 0, sizeof c->flow);
            n = 0;
        }
        if (n == 0)
            side = RSTF_SIDE_A, flags = RSTF_TCP_SYN;
        else if (n == 1)
            flags = RSTF_TCP_SYN | RSTF_TCP_ACK;
        else if (n == 2 || (rng >> 24) % 5 == 0)
            side = RSTF_SIDE_A;
        /* The client at one TTL; the server too, but for conversation 4
         * (all over the place) and conversation 0 (now and then a hop
         * less).  IPv6: conversation 1 never labels its packets,
         * conversation 3 only after its first few (news to the host). */
        uint8_t ttl = 64;
        if (side == RSTF_SIDE_B)
            ttl = k == 4 ? ttls[(rng >> 8) % sizeof ttls] : k == 0 && (rng >> 40) % 10 == 0 ? 55 : 54;
        uint32_t label = k == 3 && c->flow.ep[side].segments >= 5 ? 0x12345 : 0;
        int64_t ts = (int64_t)i * MS + (int64_t)((rng >> 32) % 1000) * US;

        struct rstf_packet p = told_segment(c, side, flags, ts, ttl, label);
        struct rstf_observation obs;
        struct rstf_news nw[2];
        rsts += rstf_flow_feed(&c->flow, &p, &obs, nw);
        legs += c->flow.leg_measured_now;
        if (side == RSTF_SIDE_B) {
            server_segments++;
            news += c->flow.host_news;
        }

        /* Before: every segment folded into its sender's host. */
        struct rstf_host *eager[2] = { &every[side], single && side == RSTF_SIDE_B ? &every_single : NULL };
        for (unsigned e = 0; e < 2 && eager[e]; e++) {
            rstf_host_learn_ttl(eager[e], p.ttl);
            if (p.ip_version == 6)
                rstf_host_learn_flow_label(eager[e], p.flow_label);
            if (c->flow.leg_measured_now)
                rstf_host_learn_rtt(eager[e], c->flow.ep[side].rtt_leg_ns);
        }
        /* Now: only news, through the call the plugin makes.  The host of
         * its own gets its own copy of the endpoint's bookkeeping. */
        if (eager[1]) {
            struct rstf_flow copy = c->flow;
            rstf_host_learn_segment(&told_single, &copy, &p);
        }
        rstf_host_learn_segment(&told[side], &c->flow, &p);

        for (unsigned h = 0; h < 2; h++) {
            const struct rstf_host *t = &told[h], *e = &every[h];
            wrong_range += t->ttl_known != e->ttl_known || t->ttl_min != e->ttl_min ||
                           t->ttl_max != e->ttl_max;
            wrong_steady += (t->samples >= RSTF_HOST_STEADY_SAMPLES) !=
                            (e->samples >= RSTF_HOST_STEADY_SAMPLES);
            wrong_label += (t->labelled > 0) != (e->labelled > 0);
            wrong_rtt += t->rtt_known != e->rtt_known || t->rtt_ns != e->rtt_ns;
            last_outside += t->ttl_known && (t->ttl_last < t->ttl_min || t->ttl_last > t->ttl_max);
        }
        wrong_last += told_single.ttl_last != every_single.ttl_last ||
                      told_single.ttl_min != every_single.ttl_min ||
                      told_single.ttl_max != every_single.ttl_max;
    }
    CHECK(rsts == 0 && server_segments > SEGMENTS / 2 && legs > 200,
          "%u server segments, %u RSTs, %u legs", server_segments, rsts, legs);
    CHECK(wrong_range == 0, "TTL range differs after %u segments", wrong_range);
    CHECK(wrong_steady == 0, "steadiness differs after %u segments", wrong_steady);
    CHECK(wrong_label == 0, "labelled or not differs after %u segments", wrong_label);
    CHECK(wrong_rtt == 0, "round trip differs after %u segments", wrong_rtt);
    CHECK(last_outside == 0, "last TTL outside the range after %u segments", last_outside);
    CHECK(wrong_last == 0, "one conversation's host: last TTL differs after %u segments", wrong_last);
    CHECK(every[RSTF_SIDE_B].labelled > 0 && every[RSTF_SIDE_B].ttl_min < every[RSTF_SIDE_B].ttl_max &&
              every[RSTF_SIDE_A].rtt_known && every[RSTF_SIDE_B].rtt_known,
          "the test exercised labels, round trips and a TTL range");
    /* Four conversations at one TTL tell the server's host a few things
     * each; the fifth, whose TTL keeps changing, tells it each change. */
    CHECK(news < server_segments / 4, "%u of %u server segments told the host something", news,
          server_segments);
    printf("host news: %u of %u server segments\n", news, server_segments);
}

/* Whether two flows hold the same: byte for byte but for the ring entries'
 * padding, which their compound-literal assignment leaves unspecified. */
static bool same_flow(const struct rstf_flow *a, const struct rstf_flow *b)
{
    struct rstf_flow x = *a, y = *b;
    const size_t used = offsetof(struct rstf_trigger, present) + sizeof x.recent[0][0].present;

    for (unsigned side = 0; side < 2; side++)
        for (unsigned i = 0; i < RSTF_RECENT_SEGMENTS; i++) {
            memset((uint8_t *)&x.recent[side][i] + used, 0, sizeof(struct rstf_trigger) - used);
            memset((uint8_t *)&y.recent[side][i] + used, 0, sizeof(struct rstf_trigger) - used);
        }
    return memcmp(&x, &y, sizeof x) == 0;
}

/* The same verdict, reasons included: what an observation is for. */
static bool same_verdict(const struct rstf_observation *a, const struct rstf_observation *b)
{
    struct rstf_config cfg;
    struct rstf_verdict va, vb;

    rstf_config_default(&cfg);
    rstf_classify(a, &cfg, &va);
    rstf_classify(b, &cfg, &vb);
    if (va.origin != vb.origin || va.confidence != vb.confidence ||
        memcmp(va.score, vb.score, sizeof va.score) != 0 ||
        memcmp(&va.compared, &vb.compared, sizeof va.compared) != 0)
        return false;
    for (unsigned i = 0; i < RSTF_SCORER_COUNT; i++)
        if (va.votes[i].origin != vb.votes[i].origin || va.votes[i].weight != vb.votes[i].weight ||
            strcmp(va.votes[i].reason, vb.votes[i].reason) != 0)
            return false;
    return true;
}

/*
 * A conversation kept as its first segments must be the flow it would have
 * been: every observation, every piece of news, every host and the flow
 * itself after every segment, against flows fed directly.  Conversations of
 * one to seven segments (a scanned port's SYN and RST, handshakes, RSTs
 * first, second or later, SYNs that start over, IPv6 labels, TTLs that
 * move) share their hosts, so what one told a host changes what another
 * tells it.
 */
static void test_flow_start_rebuilds(void)
{
    enum { CONVS = 6, SEGMENTS = 20000 };
    struct { struct rstf_flow flow; struct started_conv started; uint32_t seq[2];
             unsigned length, fed; } conv[CONVS];
    struct rstf_host direct_host[2], started_host[2];
    uint64_t rng = 0x2545f4914f6cdd1dull;
    unsigned wrong_obs = 0, wrong_news = 0, wrong_flow = 0, wrong_host = 0, wrong_rst = 0;
    unsigned wrong_restart = 0;
    unsigned rsts_in_start = 0, outgrown = 0, restarts = 0, ipv6 = 0;

    memset(conv, 0, sizeof conv);
    for (unsigned h = 0; h < 2; h++) {
        rstf_host_init(&direct_host[h]);
        rstf_host_init(&started_host[h]);
    }
    for (unsigned i = 0; i < SEGMENTS; i++) {
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        unsigned k = (unsigned)(rng % CONVS);
        __typeof__(conv[0]) *c = &conv[k];
        unsigned pick = (unsigned)(rng >> 8) % 8;

        if (c->fed == c->length) {
            /* Over: the next segment opens another connection on the same ports. */
            c->length = 1 + (unsigned)(rng >> 16) % 7;
            c->fed = 0;
            c->seq[0] += 100000 + (uint32_t)(rng >> 20);
        }
        unsigned side = c->fed == 0 ? RSTF_SIDE_A : pick < 3 ? RSTF_SIDE_A : RSTF_SIDE_B;
        uint8_t flags = c->fed == 0 ? RSTF_TCP_SYN
                        : c->fed == 1 && pick % 2 ? RSTF_TCP_SYN | RSTF_TCP_ACK
                        : pick == 7 ? RSTF_TCP_RST | RSTF_TCP_ACK
                        : pick == 6 ? RSTF_TCP_FIN | RSTF_TCP_ACK : RSTF_TCP_ACK;
        if (c->fed == 1 && pick == 0)
            flags = RSTF_TCP_RST | RSTF_TCP_ACK, side = RSTF_SIDE_B; /* a closed port */
        static const uint8_t ttls[] = { 64, 64, 64, 63, 54, 54, 55, 250 };
        uint8_t ttl = side == RSTF_SIDE_A ? 64 : ttls[(rng >> 28) % sizeof ttls];
        uint32_t label = (rng >> 33) % 3 == 0 ? 0x5a5a5u : 0;
        struct told_conv shape = { .seq = { c->seq[0], c->seq[1] }, .ip_version = k % 3 == 2 ? 6 : 4 };
        struct rstf_packet p = told_segment(&shape, side, flags,
                                            (int64_t)i * MS + (int64_t)((rng >> 40) % 900) * US, ttl, label);
        c->seq[0] = shape.seq[0];
        c->seq[1] = shape.seq[1];
        c->fed++;
        ipv6 += p.ip_version == 6;

        /* Directly, as a flow per conversation. */
        struct rstf_observation obs_direct, obs_started;
        struct rstf_news news_direct[2], news_started[2];
        struct rstf_flow flow_started;
        bool restarted = rstf_flow_starts_over(&c->flow, &p);
        if (restarted) {
            memset(&c->flow, 0, sizeof c->flow);
            restarts++;
        }
        bool rst_direct = rstf_flow_feed(&c->flow, &p, &obs_direct, news_direct);
        if (!rst_direct)
            rstf_host_learn_segment(&direct_host[side], &c->flow, &p);

        bool was_start = !c->started.outgrown, started_over;
        bool rst_started = started_feed(&c->started, &started_host[side], &p, &started_over,
                                        &obs_started, news_started, &flow_started);
        wrong_restart += started_over != restarted;
        outgrown += was_start && c->started.outgrown;
        rsts_in_start += was_start && rst_started;

        wrong_rst += rst_direct != rst_started;
        wrong_obs += rst_direct && !same_verdict(&obs_direct, &obs_started);
        wrong_news += !same_news(news_direct, news_started);
        wrong_flow += !same_flow(&c->flow, &flow_started);
        wrong_host += !same_host(&direct_host[0], &started_host[0]) ||
                      !same_host(&direct_host[1], &started_host[1]);
    }
    CHECK(wrong_rst == 0 && wrong_obs == 0, "%u RST calls and %u observations differ", wrong_rst,
          wrong_obs);
    CHECK(wrong_restart == 0, "starting over differs on %u segments", wrong_restart);
    CHECK(wrong_news == 0, "news differs after %u segments", wrong_news);
    CHECK(wrong_flow == 0, "the flow differs after %u segments", wrong_flow);
    CHECK(wrong_host == 0, "a host differs after %u segments", wrong_host);
    CHECK(rsts_in_start > 500 && outgrown > 1000 && restarts > 1000 && ipv6 > SEGMENTS / 4,
          "exercised: %u RSTs in a start, %u starts outgrown, %u restarts, %u IPv6 segments",
          rsts_in_start, outgrown, restarts, ipv6);
}

/* When a segment on known addresses and ports opens a new connection. */
static void test_starts_over(void)
{
    struct lab l;
    lab_init(&l, 4);
    struct rstf_packet syn = lab_genuine_rst(&l, l.client, 0);
    syn.tcp_flags = RSTF_TCP_SYN;
    CHECK(!rstf_flow_starts_over(&l.flow, &syn), "a new flow's first SYN is its own start");
    lab_feed(&l, &syn);
    CHECK(!rstf_flow_starts_over(&l.flow, &syn), "a retransmitted SYN continues");

    /* The server's stack refuses; the client's next attempt is a new socket
     * with a new ISN, on the same ports if its port was pinned. */
    struct rstf_packet rst = lab_genuine_rst(&l, lab_server(&l), 1 * MS);
    rst.tcp_flags = RSTF_TCP_RST | RSTF_TCP_ACK;
    rst.ack = syn.seq + 1;
    lab_feed(&l, &rst);
    CHECK(!rstf_flow_starts_over(&l.flow, &syn), "the same SYN after an RST still continues");
    struct rstf_packet again = syn;
    again.seq += 123456;
    CHECK(rstf_flow_starts_over(&l.flow, &again), "a SYN with another ISN starts over");
    again.tcp_flags = RSTF_TCP_SYN | RSTF_TCP_ACK;
    CHECK(!rstf_flow_starts_over(&l.flow, &again), "a SYN-ACK never starts over");

    /* The server only reset: its first SYN is no reuse of anything it said. */
    struct rstf_packet server_syn = syn;
    server_syn.side = (uint8_t)lab_server(&l);
    CHECK(!rstf_flow_starts_over(&l.flow, &server_syn), "a side that only sent RSTs has no ISN to repeat");

    /* Capture started mid-stream: a SYN after data is a new connection. */
    lab_init(&l, 4);
    lab_send(&l, l.client, 100, 0);
    CHECK(rstf_flow_starts_over(&l.flow, &syn), "a SYN after the side's data starts over");
}

int main(void)
{
    test_starts_over();
    test_host_baselines();
    test_host_told_only_news();
    test_flow_start_rebuilds();
    test_roles_and_legs();
    test_rst_never_feeds_baseline();
    test_fin_remembered();
    test_answered_segment();
    test_race();
    test_burst();
    test_genuine_rsts_are_no_burst();
    test_challenge_ack();
    test_real_captures();
    test_seq_wraparound();
    test_window_scaling();
    test_midstream_abstains();
    test_zeroed_flow_is_initialised();
    test_first_packet_is_rst();
    test_ipid_habit_skips_handshake();
    test_syn_answered_by_rst();
    return check_summary("flow");
}
