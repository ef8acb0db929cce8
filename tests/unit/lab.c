/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "check.h"
#include "lab.h"

int lab_server(const struct lab *l)
{
    return !l->client;
}

void lab_init(struct lab *l, uint8_t ip_version)
{
    memset(l, 0, sizeof *l);
    rstf_flow_init(&l->flow);
    l->client = RSTF_SIDE_A;
    l->now = 1700000000LL * 1000000000LL;
    l->host[RSTF_SIDE_A] = (struct lab_host){ .ttl = 64, .ip_id = 31000, .seq = 1000000,
                                             .tsval = 500000, .window = 502, .wscale = 7,
                                             .ip_version = ip_version, .flow_label = 0x3c0d7 };
    l->host[RSTF_SIDE_B] = (struct lab_host){ .ttl = 54, .ip_id = 12000, .seq = 3284000000u,
                                             .tsval = 9000000, .window = 509, .wscale = 7,
                                             .ip_version = ip_version, .flow_label = 0x5e2a1 };
}

static struct rstf_packet segment(struct lab *l, int side, uint8_t flags, uint32_t len)
{
    struct lab_host *h = &l->host[side];
    struct lab_host *peer = &l->host[!side];
    struct rstf_packet p = {
        .ts_ns = l->now,
        .have = RSTF_HAVE_TTL | RSTF_HAVE_SEQ | RSTF_HAVE_ACK | RSTF_HAVE_WINDOW |
                RSTF_HAVE_OPTIONS | RSTF_HAVE_LEN,
        .ip_version = h->ip_version,
        .ttl = h->ttl,
        .side = (uint8_t)side,
        .tcp_flags = flags,
        .window = h->window,
        .seq = h->seq,
        .ack = (flags & RSTF_TCP_ACK) ? peer->seq : 0,
        .options = RSTF_OPT_TIMESTAMP,
        .tsval = h->tsval,
        .tsecr = peer->tsval,
        .payload_len = len,
    };
    if (h->ip_version == 4) {
        p.have |= RSTF_HAVE_IPID | RSTF_HAVE_DF;
        p.df = true;
        p.ip_id = h->ip_id++;
    } else {
        p.have |= RSTF_HAVE_FLOWLBL;
        p.flow_label = h->flow_label;
    }
    h->tsval += 3;
    return p;
}

bool lab_feed(struct lab *l, const struct rstf_packet *p)
{
    struct rstf_host *sender = &l->hosts[p->side ? 1 : 0];
    bool is_rst = rstf_flow_feed(&l->flow, p, &l->obs, l->news);

    for (unsigned side = 0; side < 2; side++)
        if (l->have_last[side])
            rstf_flow_take_news(&l->news[side], &l->last[side]);
    if (is_rst) {
        l->obs.claimed_host = *sender;
        l->last[p->side ? 1 : 0] = l->obs;
        l->have_last[p->side ? 1 : 0] = true;
        return true;
    }
    rstf_host_learn_segment(sender, &l->flow, p);
    return false;
}

void lab_handshake(struct lab *l, int64_t server_rtt, int64_t client_rtt)
{
    int c = l->client, s = !l->client;
    struct rstf_packet syn = segment(l, c, RSTF_TCP_SYN, 0);
    syn.options = RSTF_OPT_MSS | RSTF_OPT_SACK_PERM | RSTF_OPT_TIMESTAMP | RSTF_OPT_WSCALE;
    syn.wscale = l->host[c].wscale;
    syn.window = 64240;
    lab_feed(l, &syn);
    l->host[c].seq++;

    l->now += server_rtt;
    struct rstf_packet synack = segment(l, s, RSTF_TCP_SYN | RSTF_TCP_ACK, 0);
    synack.options = syn.options;
    synack.wscale = l->host[s].wscale;
    synack.window = 65160;
    synack.ip_id = 0; /* Linux SYN-ACKs: IP-ID 0 */
    l->host[s].ip_id--;
    lab_feed(l, &synack);
    l->host[s].seq++;

    l->now += client_rtt;
    struct rstf_packet ack = segment(l, c, RSTF_TCP_ACK, 0);
    lab_feed(l, &ack);
}

void lab_send(struct lab *l, int side, uint32_t len, int64_t after)
{
    l->now += after;
    struct rstf_packet p = segment(l, side, RSTF_TCP_ACK | (len ? RSTF_TCP_PSH : 0), len);
    CHECK(!lab_feed(l, &p), "an ordinary segment must not yield an observation");
    l->host[side].seq += len;
}

struct rstf_packet lab_genuine_rst(struct lab *l, int side, int64_t after)
{
    l->now += after;
    return segment(l, side, RSTF_TCP_RST | RSTF_TCP_ACK, 0);
}

void lab_classify(struct lab *l, const struct rstf_packet *rst, struct rstf_verdict *v)
{
    struct rstf_config cfg;
    rstf_config_default(&cfg);
    CHECK(lab_feed(l, rst), "an RST must yield an observation");
    rstf_classify(&l->obs, &cfg, v);
}
