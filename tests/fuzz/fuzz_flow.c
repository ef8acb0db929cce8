/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_flow.c - libFuzzer entry point: arbitrary packet-fact sequences
 * through the flow tracker, the host baselines and the scorers.
 *
 * The input is decoded into what the plugin hands the classifier: up to
 * FUZZ_MAX_FLOWS conversations sharing FUZZ_MAX_HOSTS address baselines
 * (as conversations of one server share its host entry), fed segments from
 * either side with arbitrary flags, "have" bits, options and numbers, and
 * timestamps that may stand still or go backwards.  Every RST is
 * classified twice (results must be equal: no hidden state) and its
 * verdict checked against the documented invariants; whenever a later
 * segment brings look-ahead news about it (a race, a challenge ACK, the
 * next RST of a burst: rstf_flow_take_news), it is classified once more,
 * as the plugin does.  Each flow is also kept the plugin's way, as its
 * first segments until it outgrows them (rstf/flow_start.h), with hosts of
 * its own: both ways must agree on every RST, verdict, piece of news and
 * host.  RSTs with RSTF_HAVE_PAYLOAD get their diagnostic
 * payload from rstf_diag_parse() over record bytes copied into a buffer of
 * exactly the claimed length, so a read past it is a sanitizer finding.  A violation aborts, which
 * libFuzzer and the replay driver report as a finding.
 *
 * Layout (see tests/fuzz/README.md): a 10-byte header that tweaks the
 * configuration (all zero: the defaults), then 40-byte records.  A short
 * trailing record is ignored.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rstf/config.h"
#include "rstf/flow.h"
#include "rstf/host.h"
#include "rstf/packet.h"
#include "rstf/verdict.h"

#include "fuzz_flow.h"
#include "started.h"

#define FUZZ_MAX_FLOWS 4
#define FUZZ_MAX_HOSTS 4
/* Bounds one input's work (libFuzzer's -max_len bounds it too). */
#define FUZZ_MAX_RECORDS 4096

/* Record kinds, byte 0 of a record. */
#define REC_FLOW_MASK  0x03u /* conversation index (mod the header's count) */
#define REC_SIDE       0x04u /* side B sent it */
#define REC_ECHO       0x08u /* an ICMP echo reply from that side's host instead */
#define REC_V6         0x10u /* IPv6 (else IPv4) */
#define REC_RAW_VER    0x20u /* ip_version is byte 7's raw value: a decoder gone wrong */
#define REC_TS_SHIFT   6     /* bits 6-7: how the timestamp moves */

enum ts_mode { TS_FORWARD = 0, TS_BACKWARD, TS_ABSOLUTE, TS_SAME };

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void fail(const char *what)
{
    fprintf(stderr, "rstf fuzz: invariant violated: %s\n", what);
    abort();
}

/* Header bytes; every zero byte keeps the default. */
static unsigned decode_header(const uint8_t *h, struct rstf_config *cfg,
                              uint8_t host_of[FUZZ_MAX_FLOWS][2])
{
    rstf_config_default(cfg);
    for (int i = 0; i < RSTF_SCORER_COUNT; i++)
        if (h[0] & (1u << i))
            cfg->enabled[i] = false;
    if (h[1])
        cfg->ttl_tolerance = h[1] - 1u;
    if (rd16(h + 2))
        cfg->ipid_max_gap = rd16(h + 2);
    if (h[4]) {
        /* The caller's contract: n_firewall_windows never exceeds the array. */
        cfg->n_firewall_windows = h[4] % (RSTF_MAX_FIREWALL_WINDOWS + 1u);
        for (unsigned i = 0; i < cfg->n_firewall_windows; i++)
            cfg->firewall_windows[i] = (uint16_t)(h[4] * 257u * i);
    }
    if (h[5])
        cfg->socket_alive_s = h[5] / 4.0;
    if (h[6])
        cfg->timing_fast_fraction = h[6] / 128.0;
    /* Two bits per (flow, side): which host baseline that address shares. */
    for (unsigned f = 0; f < FUZZ_MAX_FLOWS; f++)
        for (unsigned s = 0; s < 2; s++) {
            unsigned slot = f * 2 + s;
            host_of[f][s] = (uint8_t)((rd16(h + 8) >> (2 * slot)) & 3u);
        }
    /* Distinct hosts by default: slot k -> host k % 4 when the map is 0. */
    if (rd16(h + 8) == 0)
        for (unsigned f = 0; f < FUZZ_MAX_FLOWS; f++)
            for (unsigned s = 0; s < 2; s++)
                host_of[f][s] = (uint8_t)((f * 2 + s) % FUZZ_MAX_HOSTS);
    return 1u + h[7] % FUZZ_MAX_FLOWS;
}

/*
 * Timestamps stay in [-RSTF_TS_LIMIT, RSTF_TS_LIMIT], the library's
 * contract (rstf/packet.h: decoders build them with rstf_ts_ns()), so the
 * difference of any two fits an int64; this walks the whole of it.
 */
static int64_t next_ts(int64_t now, enum ts_mode mode, uint32_t v)
{
    int64_t d = (int64_t)v * 1000; /* microseconds: up to 71 minutes */

    switch (mode) {
    case TS_FORWARD:
        return now <= RSTF_TS_LIMIT - d ? now + d : RSTF_TS_LIMIT;
    case TS_BACKWARD:
        return now >= -RSTF_TS_LIMIT + d ? now - d : -RSTF_TS_LIMIT;
    case TS_ABSOLUTE:
        /* seconds over the whole range, both signs, saturating past it */
        return rstf_ts_ns((int64_t)(int32_t)v * 4, 0);
    default:
        return now;
    }
}

/*
 * The payload bytes are the record's bytes 20..35 (timestamps, length,
 * label: the magic 0x33AA is two bytes for the fuzzer to find); byte 35
 * says how many of them the "capture" holds, the packet's payload_len how
 * long the segment's payload is.
 */
static void parse_payload(const uint8_t *r, struct rstf_packet *p)
{
    size_t captured = r[35] % 17u;
    uint8_t *copy = captured ? malloc(captured) : NULL;

    if (captured && !copy)
        return;
    if (copy)
        memcpy(copy, r + 20, captured);
    bool valid = rstf_diag_parse(copy, captured, p->payload_len, &p->diag);
    if (valid != (p->diag.status == RSTF_DIAG_VALID))
        fail("rstf_diag_parse's result and status disagree");
    if (valid && (p->diag.reason == 0 || p->payload_len != RSTF_DIAG_LEN || captured < RSTF_DIAG_LEN))
        fail("a diagnostic payload accepted against the draft's rules");
    if (p->diag.status != RSTF_DIAG_VALID && (p->diag.reason != 0 || p->diag.pen != 0))
        fail("reason or pen left over from an invalid payload");
    if (rstf_diag_reason_text(p->diag.reason, p->diag.pen) == NULL)
        fail("no text for a reason");
    free(copy);
}

static void decode_packet(const uint8_t *r, int64_t ts, struct rstf_packet *p)
{
    memset(p, 0, sizeof *p);
    p->ts_ns = ts;
    p->side = (r[0] & REC_SIDE) ? RSTF_SIDE_B : RSTF_SIDE_A;
    p->ip_version = (r[0] & REC_RAW_VER) ? r[7] : (r[0] & REC_V6) ? 6 : 4;
    p->tcp_flags = r[1];
    p->have = rd16(r + 2) & 0x3ffu;
    p->ttl = r[4];
    p->options = r[5];
    p->wscale = r[6];
    p->df = (r[7] & 1) != 0;
    p->ip_id = rd16(r + 8);
    p->window = rd16(r + 10);
    p->seq = rd32(r + 12);
    p->ack = rd32(r + 16);
    p->tsval = rd32(r + 20);
    p->tsecr = rd32(r + 24);
    p->payload_len = rd32(r + 28);
    p->flow_label = rd32(r + 32) & 0xfffffu; /* bytes 32..34 */
    if (rstf_has(p, RSTF_HAVE_PAYLOAD))
        parse_payload(r, p);
}

static void check_string(const char *s, size_t cap, const char *what)
{
    if (memchr(s, '\0', cap) == NULL)
        fail(what);
}

/* What rstf/verdict.h promises about every verdict. */
static void check_verdict(const struct rstf_verdict *v, const struct rstf_config *cfg)
{
    if ((unsigned)v->origin >= RSTF_ORIGIN_COUNT)
        fail("verdict origin out of range");
    if (!isfinite(v->confidence) || v->confidence < 0.0 || v->confidence > 1.0)
        fail("confidence outside 0..1");
    if (v->origin == RSTF_ORIGIN_UNKNOWN && v->confidence != 0.0)
        fail("unknown verdict with a confidence");
    if (v->score[RSTF_ORIGIN_UNKNOWN] != 0.0)
        fail("weight counted for 'unknown'");
    for (int i = 0; i < RSTF_SCORER_COUNT; i++) {
        const struct rstf_vote *vote = &v->votes[i];
        if ((unsigned)vote->origin >= RSTF_ORIGIN_COUNT)
            fail("vote origin out of range");
        check_string(vote->reason, sizeof vote->reason, "vote reason not terminated");
        if (vote->reason[0] == '\0')
            fail("vote or abstention without a reason");
        if (vote->origin == RSTF_ORIGIN_UNKNOWN && vote->weight != 0.0)
            fail("abstention with a weight");
        if (!cfg->enabled[i] && vote->origin != RSTF_ORIGIN_UNKNOWN)
            fail("a disabled scorer voted");
        if (!isfinite(vote->weight))
            fail("vote weight not finite");
    }
    for (int o = 0; o < RSTF_ORIGIN_COUNT; o++) {
        if (!isfinite(v->score[o]) || v->score[o] < 0.0)
            fail("score not finite or negative");
    }
    if (v->origin != RSTF_ORIGIN_UNKNOWN && !(v->score[v->origin] > 0.0))
        fail("verdict for an origin nobody voted for");
    if (v->compared.ttl_baseline < -1 || v->compared.ttl_baseline > 255)
        fail("TTL baseline out of range");
    if (v->compared.rtt_leg_ns < -1)
        fail("negative round trip reported");
}

/* Same verdict, votes and reasons, or fail with why they should have been. */
static void check_same(const struct rstf_verdict *a, const struct rstf_verdict *b, const char *why)
{
    if (a->origin != b->origin || a->confidence != b->confidence)
        fail(why);
    for (int i = 0; i < RSTF_SCORER_COUNT; i++)
        if (a->votes[i].origin != b->votes[i].origin ||
            a->votes[i].weight != b->votes[i].weight ||
            strcmp(a->votes[i].reason, b->votes[i].reason) != 0)
            fail(why);
}

/* Skipping the reasons' text changes nothing else (the plugin skips it
 * when no one looks at the evidence). */
static void check_terse(const struct rstf_observation *obs, const struct rstf_config *cfg,
                        const struct rstf_verdict *full)
{
    struct rstf_verdict t;

    rstf_classify_without_reasons(obs, cfg, &t);
    if (t.origin != full->origin || t.confidence != full->confidence ||
        memcmp(t.score, full->score, sizeof t.score) != 0 ||
        memcmp(&t.compared, &full->compared, sizeof t.compared) != 0)
        fail("classifying without reasons changed the verdict");
    for (int i = 0; i < RSTF_SCORER_COUNT; i++)
        if (t.votes[i].origin != full->votes[i].origin ||
            t.votes[i].weight != full->votes[i].weight || t.votes[i].reason[0] != '\0')
            fail("classifying without reasons changed a vote");
}

/* The plugin's look-ahead: news about either side's last RST classifies it
 * again (before a new RST of that side replaces it). */
static void take_news(const struct rstf_news news[2], struct rstf_observation last[2],
                      const bool have[2], const struct rstf_config *cfg)
{
    for (unsigned side = 0; side < 2; side++) {
        struct rstf_verdict v;

        if (have[side] && rstf_flow_take_news(&news[side], &last[side])) {
            rstf_classify(&last[side], cfg, &v);
            check_verdict(&v, cfg);
        } else if (news[side].rst_index != 0 && have[side] &&
                   news[side].rst_index > last[side].rst_index) {
            fail("news about an RST newer than the last one kept");
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rstf_config cfg;
    struct rstf_flow flows[FUZZ_MAX_FLOWS];
    struct rstf_host hosts[FUZZ_MAX_HOSTS], shadow_hosts[FUZZ_MAX_HOSTS];
    /* Every flow kept the plugin's way too (tests/unit/started.h), with
     * hosts of its own: it must agree with the flow on every segment. */
    static struct started_conv shadows[FUZZ_MAX_FLOWS];
    uint8_t host_of[FUZZ_MAX_FLOWS][2];
    uint32_t rsts[FUZZ_MAX_FLOWS] = { 0 };
    /* The last RST carrying each side's address, as the plugin keeps it
     * to classify again when that side speaks after it (a race). */
    struct rstf_observation last_rst[FUZZ_MAX_FLOWS][2];
    bool have_last[FUZZ_MAX_FLOWS][2] = { { false } };
    /* 2023-11-14 in ns: realistic magnitudes unless the input says otherwise. */
    int64_t now = INT64_C(1700000000000000000);
    unsigned n_flows;
    size_t n_rec;

    if (size < FUZZ_HEADER_BYTES)
        return 0;
    n_flows = decode_header(data, &cfg, host_of);
    for (unsigned i = 0; i < FUZZ_MAX_FLOWS; i++)
        rstf_flow_init(&flows[i]);
    for (unsigned i = 0; i < FUZZ_MAX_HOSTS; i++) {
        rstf_host_init(&hosts[i]);
        rstf_host_init(&shadow_hosts[i]);
    }
    memset(shadows, 0, sizeof shadows);

    n_rec = (size - FUZZ_HEADER_BYTES) / FUZZ_RECORD_BYTES;
    if (n_rec > FUZZ_MAX_RECORDS)
        n_rec = FUZZ_MAX_RECORDS;
    for (size_t i = 0; i < n_rec; i++) {
        const uint8_t *r = data + FUZZ_HEADER_BYTES + i * FUZZ_RECORD_BYTES;
        unsigned f = (r[0] & REC_FLOW_MASK) % n_flows;
        unsigned side = (r[0] & REC_SIDE) ? 1u : 0u;
        struct rstf_host *host = &hosts[host_of[f][side]];
        struct rstf_host *shadow_host = &shadow_hosts[host_of[f][side]];
        struct rstf_packet pkt;
        struct rstf_observation obs, shadow_obs;
        struct rstf_news news[2], shadow_news[2];

        now = next_ts(now, (enum ts_mode)(r[0] >> REC_TS_SHIFT), rd32(r + 36));
        if (r[0] & REC_ECHO) {
            /* The plugin's echo path: a TTL, and a round trip or -1. */
            for (unsigned h = 0; h < 2; h++) {
                struct rstf_host *learner = h ? shadow_host : host;
                rstf_host_learn_ttl(learner, r[4]);
                rstf_host_learn_rtt(learner, (r[35] & 1) ? -1 : (int64_t)rd32(r + 12) * 1000);
            }
            continue;
        }
        decode_packet(r, now, &pkt);
        /* As the plugin does: a SYN that opens a new connection on the
         * conversation's ports gets a fresh flow. */
        bool starts_over = rstf_flow_starts_over(&flows[f], &pkt);
        if (starts_over) {
            rstf_flow_init(&flows[f]);
            rsts[f] = 0;
            have_last[f][0] = have_last[f][1] = false;
        }
        bool is_rst = rstf_flow_feed(&flows[f], &pkt, &obs, news);
        if (!is_rst)
            rstf_host_learn_segment(host, &flows[f], &pkt);
        bool shadow_started_over;
        if (started_feed(&shadows[f], shadow_host, &pkt, &shadow_started_over, &shadow_obs,
                         shadow_news, NULL) != is_rst)
            fail("a start and its flow disagree on an RST");
        if (shadow_started_over != starts_over)
            fail("a start and its flow disagree on starting over");
        if (!same_news(news, shadow_news))
            fail("a start's news differs");
        if (!same_host(host, shadow_host))
            fail("a start told its host something else");
        if (!is_rst) {
            if (pkt.tcp_flags & RSTF_TCP_RST)
                fail("an RST was folded into a baseline");
            take_news(news, last_rst[f], have_last[f], &cfg);
            continue;
        }
        take_news(news, last_rst[f], have_last[f], &cfg);
        if (!(pkt.tcp_flags & RSTF_TCP_RST))
            fail("an observation for a segment without RST");
        if (rsts[f] < UINT32_MAX)
            rsts[f]++;
        if (obs.rst_index != rsts[f])
            fail("rst_index does not count the conversation's RSTs");
        /* The plugin fills the claimed sender's host baseline. */
        obs.claimed_host = *host;
        shadow_obs.claimed_host = *shadow_host;

        struct rstf_verdict v1, v2;
        rstf_classify(&obs, &cfg, &v1);
        check_verdict(&v1, &cfg);
        rstf_classify(&obs, &cfg, &v2);
        check_same(&v1, &v2, "classify is not deterministic: same observation, another verdict");
        rstf_classify(&shadow_obs, &cfg, &v2);
        check_same(&v1, &v2, "a start's RST gets another verdict than its flow's");
        check_terse(&obs, &cfg, &v1);
        last_rst[f][side] = obs;
        have_last[f][side] = true;
    }
    return 0;
}
