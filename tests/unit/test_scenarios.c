/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whole conversations through tracker and classifier: the article's BigBank
 * forgery, a client giving up, the server's own abort, and the aggregation
 * rules (unanimity, abstentions, contest, tie, silence).
 */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "lab.h"

static int votes_for(const struct rstf_verdict *v, enum rstf_origin o)
{
    int n = 0;
    for (int i = 0; i < RSTF_SCORER_COUNT; i++)
        n += v->votes[i].origin == o;
    return n;
}

/* Handshake, ClientHello, server flight, client reply: the state BigBank's
 * capture had when the forged RST arrived.  The server's ISN is chosen so the
 * client's receive window is the article's [3284100132,3284165668]. */
static void bigbank_conversation(struct lab *l)
{
    lab_init(l, 4);
    l->host[RSTF_SIDE_B].ttl = 64;
    l->host[RSTF_SIDE_B].seq = 3284100132u - 1u - 2536u;
    l->host[RSTF_SIDE_A].window = 512; /* x 2^7 = 65536 */
    lab_handshake(l, 54 * MS, 50 * US);
    lab_send(l, l->client, 517, 1 * MS);
    lab_send(l, lab_server(l), 1400, 54 * MS);
    lab_send(l, lab_server(l), 1136, 10 * US);
    lab_send(l, l->client, 126, 2 * MS);
}

static struct rstf_packet bigbank_forgery(struct lab *l)
{
    l->now += 800 * US;
    return (struct rstf_packet){
        .ts_ns = l->now,
        .have = RSTF_HAVE_TTL | RSTF_HAVE_IPID | RSTF_HAVE_DF | RSTF_HAVE_SEQ | RSTF_HAVE_ACK |
                RSTF_HAVE_WINDOW | RSTF_HAVE_OPTIONS | RSTF_HAVE_LEN,
        .ip_version = 4, .ttl = 240, .ip_id = 38291, .df = false,
        .side = (uint8_t)lab_server(l),
        .tcp_flags = RSTF_TCP_RST | RSTF_TCP_ACK,
        .seq = 0, .ack = l->host[l->client].seq, .window = 0, .options = 0,
    };
}

static void test_bigbank(void)
{
    struct lab l;
    struct rstf_verdict v;
    bigbank_conversation(&l);
    struct rstf_packet rst = bigbank_forgery(&l);
    lab_classify(&l, &rst, &v);

    CHECK(v.origin == RSTF_ORIGIN_MIDPATH, "BigBank verdict %s", rstf_origin_name(v.origin));
    CHECK(v.confidence == 1.0, "BigBank confidence %f", v.confidence);
    CHECK(v.votes[RSTF_SCORER_TTL].origin == RSTF_ORIGIN_MIDPATH, "TTL votes midpath");
    CHECK_STR_CONTAINS(v.votes[RSTF_SCORER_TTL].reason, "TTL 240 exceeds server baseline 64 by 176: another stack");
    /* The capture is at the server: the box that started at 255 is 15 hops out. */
    CHECK_STR_CONTAINS(v.votes[RSTF_SCORER_TTL].reason,
                       "RST left a stack with initial TTL 255, 15 hops away; the server's packets "
                       "start at 64 and are 0 hops away");
    CHECK(v.votes[RSTF_SCORER_WINDOW].origin == RSTF_ORIGIN_MIDPATH, "window votes midpath");
    CHECK_STR_CONTAINS(v.votes[RSTF_SCORER_WINDOW].reason, "window 0 matches firewall sentinel set");
    CHECK(v.votes[RSTF_SCORER_SEQ].origin == RSTF_ORIGIN_MIDPATH, "seq votes midpath");
    CHECK_STR_CONTAINS(v.votes[RSTF_SCORER_SEQ].reason, "seq 0 outside receive window [3284100132,3284165668]");
    CHECK(v.votes[RSTF_SCORER_TIMING].origin == RSTF_ORIGIN_MIDPATH, "timing votes midpath");
    CHECK_STR_CONTAINS(v.votes[RSTF_SCORER_TIMING].reason,
                       "Δ=0.0008s < ½ RTT (0.0270s); too fast for the server to have replied");
    CHECK(v.compared.ttl_baseline == 64 && v.compared.ttl_delta == 176, "compared TTL values");
    CHECK(v.compared.window_known && v.compared.window_left == 3284100132u &&
          v.compared.window_right == 3284165668u, "compared window edges");
    CHECK(v.compared.delay_ns == 800 * US && v.compared.rtt_leg_ns == 54 * MS, "compared timing");
    CHECK(v.score[RSTF_ORIGIN_SERVER] == 0.0 && v.score[RSTF_ORIGIN_CLIENT] == 0.0,
          "no endpoint vote for a forgery");
}

/* The client idles 3 s after the server's last segment, then aborts. */
static void client_gives_up(struct lab *l)
{
    lab_init(l, 4);
    lab_handshake(l, 54 * MS, 50 * US);
    lab_send(l, l->client, 200, 1 * MS);
    lab_send(l, lab_server(l), 900, 54 * MS);
    lab_send(l, l->client, 0, 40 * MS);
}

static void test_client_gives_up(void)
{
    struct lab l;
    struct rstf_verdict v;
    client_gives_up(&l);
    struct rstf_packet rst = lab_genuine_rst(&l, l.client, 3000 * MS);
    lab_classify(&l, &rst, &v);

    CHECK(v.origin == RSTF_ORIGIN_CLIENT, "client give-up verdict %s", rstf_origin_name(v.origin));
    CHECK(votes_for(&v, RSTF_ORIGIN_MIDPATH) == 0, "no midpath vote on the client's own RST");
    CHECK(v.votes[RSTF_SCORER_TTL].origin == RSTF_ORIGIN_CLIENT, "TTL fits the client");
    CHECK(v.votes[RSTF_SCORER_IPID].origin == RSTF_ORIGIN_CLIENT, "IP-ID continues the client's");
    CHECK(v.votes[RSTF_SCORER_SEQ].origin == RSTF_ORIGIN_CLIENT, "seq continues the client's");
    CHECK(votes_for(&v, RSTF_ORIGIN_CLIENT) >= 4, "CLIENT on its own merits, not one timing vote");
    CHECK_STR_CONTAINS(v.votes[RSTF_SCORER_TTL].reason, "client baseline 64");
}

/* The same moment, but the RST carries the server's address and fingerprints. */
static void test_server_aborts(void)
{
    struct lab l;
    struct rstf_verdict v;
    client_gives_up(&l);
    struct rstf_packet rst = lab_genuine_rst(&l, lab_server(&l), 3000 * MS);
    lab_classify(&l, &rst, &v);

    CHECK(v.origin == RSTF_ORIGIN_SERVER, "server abort verdict %s", rstf_origin_name(v.origin));
    CHECK(v.confidence == 1.0, "unanimous server: confidence %f", v.confidence);
    CHECK(votes_for(&v, RSTF_ORIGIN_MIDPATH) == 0, "no midpath vote on the server's own RST");
    CHECK_STR_CONTAINS(v.votes[RSTF_SCORER_TTL].reason, "server baseline 54");
}

/* An injector that mimics the server (TTL, next IP-ID, its window, exact
 * seq) but strips timestamps: a close call until the real server, still
 * talking, races it. */
static void test_mimic_and_race(void)
{
    struct lab l;
    struct rstf_verdict v;
    struct rstf_config cfg;
    rstf_config_default(&cfg);
    lab_init(&l, 4);
    lab_handshake(&l, 54 * MS, 50 * US);
    lab_send(&l, l.client, 300, 1 * MS);
    lab_send(&l, lab_server(&l), 1400, 54 * MS);
    lab_send(&l, l.client, 200, 1 * MS);
    struct rstf_packet rst = lab_genuine_rst(&l, lab_server(&l), 30 * MS);
    rst.options = 0;
    lab_classify(&l, &rst, &v);
    CHECK(v.votes[RSTF_SCORER_OPTIONS].origin == RSTF_ORIGIN_MIDPATH, "stripped timestamps noticed");
    CHECK(v.origin == RSTF_ORIGIN_SERVER, "copied fields outvote it: %s", rstf_origin_name(v.origin));

    l.obs.after = (struct rstf_aftermath){ .race = true, .race_after_ns = 20 * MS };
    rstf_classify(&l.obs, &cfg, &v);
    CHECK(v.origin == RSTF_ORIGIN_MIDPATH && v.confidence > 0.5 && v.confidence < 1.0,
          "the race decides: %s %f", rstf_origin_name(v.origin), v.confidence);
}

static void test_aggregation(void)
{
    struct lab l;
    struct rstf_verdict v;
    struct rstf_config cfg;

    /* Abstentions are not counted: IP-ID abstains (the RST's flow label was
     * not captured), the rest agree. */
    lab_init(&l, 6);
    lab_handshake(&l, 54 * MS, 50 * US);
    lab_send(&l, l.client, 100, 1 * MS);
    lab_send(&l, lab_server(&l), 100, 54 * MS);
    struct rstf_packet rst = lab_genuine_rst(&l, lab_server(&l), 60 * MS);
    rst.have &= ~RSTF_HAVE_FLOWLBL;
    lab_classify(&l, &rst, &v);
    CHECK(v.votes[RSTF_SCORER_IPID].origin == RSTF_ORIGIN_UNKNOWN, "IP-ID abstains");
    CHECK(v.origin == RSTF_ORIGIN_SERVER && v.confidence == 1.0,
          "abstention ignored: %s %f", rstf_origin_name(v.origin), v.confidence);

    double sum = 0;
    for (int i = 0; i < RSTF_SCORER_COUNT; i++)
        sum += v.votes[i].weight;
    CHECK(v.score[RSTF_ORIGIN_SERVER] == sum, "server total is the sum of the cast weights");

    /* Contested: a genuine RST whose TTL alone disagrees. */
    lab_init(&l, 4);
    lab_handshake(&l, 54 * MS, 50 * US);
    lab_send(&l, l.client, 100, 1 * MS);
    lab_send(&l, lab_server(&l), 100, 54 * MS);
    rst = lab_genuine_rst(&l, lab_server(&l), 60 * MS);
    rst.ttl = 250; /* a stack that started at 255, 5 hops away: the server is 10 */
    lab_classify(&l, &rst, &v);
    CHECK(v.origin == RSTF_ORIGIN_SERVER, "contested still server");
    CHECK(v.confidence > 0.5 && v.confidence < 1.0, "contested confidence %f in (0.5,1)", v.confidence);
    CHECK(v.score[RSTF_ORIGIN_MIDPATH] == 0.85, "midpath total is the TTL weight");

    /* Exact tie: only TTL (midpath) and seq (server) vote, with equal weight. */
    rstf_config_default(&cfg);
    for (int i = 0; i < RSTF_SCORER_COUNT; i++)
        cfg.enabled[i] = i == RSTF_SCORER_TTL || i == RSTF_SCORER_SEQ;
    cfg.w_seq_exact = cfg.w_ttl_closer;
    rstf_classify(&l.obs, &cfg, &v);
    CHECK(v.origin == RSTF_ORIGIN_UNKNOWN && v.confidence == 0.0, "a tie is unknown");

    /* A lone vote is never certainty: its weight is the confidence. */
    for (int i = 0; i < RSTF_SCORER_COUNT; i++)
        cfg.enabled[i] = i == RSTF_SCORER_TTL;
    rstf_classify(&l.obs, &cfg, &v);
    CHECK(v.origin == RSTF_ORIGIN_MIDPATH && v.confidence == cfg.w_ttl_closer,
          "single vote: %s at %f", rstf_origin_name(v.origin), v.confidence);

    /* No votes at all. */
    for (int i = 0; i < RSTF_SCORER_COUNT; i++)
        cfg.enabled[i] = false;
    rstf_classify(&l.obs, &cfg, &v);
    CHECK(v.origin == RSTF_ORIGIN_UNKNOWN && v.confidence == 0.0, "no votes is unknown");
    CHECK(strcmp(rstf_origin_name(v.origin), "unknown") == 0, "unknown is named");
}

/* The percentage shown in the Info column and the protocol item is the
 * text "%.0f" gave for confidence * 100, ties (12.5, 62.5) included. */
static void test_confidence_percent(void)
{
    int differ = 0;
    char want[16];

    for (int k = 0; k <= 200000; k++) {
        double c = k / 200000.0;
        snprintf(want, sizeof want, "%.0f", c * 100.0);
        if (rstf_confidence_percent(c) != atoi(want) && differ++ < 5)
            CHECK(false, "confidence %.17g: %d, printf says %s", c, rstf_confidence_percent(c), want);
    }
    CHECK(differ == 0, "%d of 200001 confidences round unlike printf", differ);
    /* Exact binary ties: 12.5, 37.5, 62.5, 87.5. */
    CHECK(rstf_confidence_percent(0.125) == 12 && rstf_confidence_percent(0.375) == 38 &&
              rstf_confidence_percent(0.625) == 62 && rstf_confidence_percent(0.875) == 88,
          "ties go to even: %d %d %d %d", rstf_confidence_percent(0.125),
          rstf_confidence_percent(0.375), rstf_confidence_percent(0.625),
          rstf_confidence_percent(0.875));
    CHECK(rstf_confidence_percent(-0.5) == 0 && rstf_confidence_percent(1.5) == 100 &&
              rstf_confidence_percent(NAN) == 0,
          "out of range clamps");
}

int main(void)
{
    test_bigbank();
    test_client_gives_up();
    test_server_aborts();
    test_mimic_and_race();
    test_aggregation();
    test_confidence_percent();
    return check_summary("scenarios");
}
