/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A pocket TCP conversation for unit tests: two Linux-like hosts whose
 * segments go through the real flow tracker, so tests build baselines the
 * way the plugin does instead of writing structs by hand.
 */
#ifndef RSTF_TEST_LAB_H
#define RSTF_TEST_LAB_H

#include "rstf/host.h"
#include "rstf/verdict.h"

#define MS (1000000LL)
#define US (1000LL)

struct lab_host {
    uint8_t  ttl;        /* TTL as it arrives at the capture point */
    uint16_t ip_id;      /* next IP-ID (per-socket counter) */
    uint32_t seq;        /* next sequence number */
    uint32_t tsval;
    uint16_t window;     /* raw advertised window after the handshake */
    uint8_t  wscale;
    uint8_t  ip_version;
    uint32_t flow_label;  /* IPv6: the socket's label */
};

struct lab {
    struct rstf_flow flow;
    struct lab_host host[2]; /* indexed by side */
    int64_t now;
    int client;              /* side of the client */
    struct rstf_host hosts[2]; /* each side's address, as the plugin keeps them */
    struct rstf_observation obs;
    struct rstf_news news[2];  /* the last feed's look-ahead, by side */
    struct rstf_observation last[2]; /* each side's last RST, look-ahead news merged */
    bool have_last[2];
};

/* Client on side A at TTL 64 (capture on the client host), server on side B
 * 10 hops away at TTL 54; both negotiate timestamps and window scale 7. */
void lab_init(struct lab *l, uint8_t ip_version);

/* SYN, SYN-ACK after server_rtt, ACK after client_rtt. */
void lab_handshake(struct lab *l, int64_t server_rtt, int64_t client_rtt);

/* An ordinary segment (with ACK) of len bytes from side, after a pause. */
void lab_send(struct lab *l, int side, uint32_t len, int64_t after);

/* The RST side's own live socket would send (exact seq, TS, window, DF,
 * next IP-ID), stamped after a pause: tests mutate it into forgeries. */
struct rstf_packet lab_genuine_rst(struct lab *l, int side, int64_t after);

/* Feeds p through the tracker and the sender's host baseline, as the
 * plugin does; for an RST returns true and fills l->obs.  Look-ahead news
 * is merged into l->last[] as the plugin merges it into its results. */
bool lab_feed(struct lab *l, const struct rstf_packet *p);

/* lab_feed + rstf_classify with the default config. */
void lab_classify(struct lab *l, const struct rstf_packet *rst, struct rstf_verdict *v);

int lab_server(const struct lab *l);

#endif
