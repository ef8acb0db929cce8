/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-state.c - conversations keyed by addresses and ports, hosts keyed by
 * address.
 *
 * A conversation is its two addresses and ports (rstf/conn_index.h finds
 * its record) until a SYN opens a new connection on them
 * (rstf_flow_starts_over()): then a fresh record takes over, as a new
 * tcp.stream would.  The plugin does not read tcp.stream: asking for it on
 * every segment cost more than all of the plugin's own work, and its
 * port-reuse rule differs between Wireshark 4.0 and 4.4, which this one
 * does not.  Host baselines (an address's TTL and round trip across all its
 * conversations and echo replies) let an RST be judged when its
 * conversation has no baseline, e.g. one answering a SYN to a closed port.
 * Everything lives in file scope and vanishes when a file is closed or
 * reloaded.
 *
 * Conversations and hosts are stored in chunks of records (rstf-chunks.h)
 * rather than one allocation each: records are numbered densely in order
 * of arrival, and sit together in huge pages instead of scattered among
 * Wireshark's own file-scope data.  On a capture of 100 000 conversations
 * the cache and TLB misses on scattered records were most of what the
 * plugin cost per packet.  Both kinds are found through rstf/conn_index.h
 * (a host once per conversation side, which then keeps its record number).
 * RST results live in chunks too.  The chunks and the indexes (their slots
 * in huge pages as well, from 1 MiB) are not in a wmem scope, so the
 * cleanup routine frees them when the file closes.
 */
#include "rstf-state.h"

#include <string.h>

#include <epan/proto_data.h>

#include "rstf/conn_index.h"
#include "rstf/prefetch.h"
#include "rstf-chunks.h"

struct rstf_addr {
    uint8_t len;          /* 4 or 16 */
    uint8_t bytes[16];
};

struct rstf_host_entry {
    struct rstf_addr addr; /* the key host_index finds it by */
    uint32_t record;       /* its number in host_pool */
    struct rstf_host host;
};

/* What every segment reads comes first: one cache line (the key, checked
 * on every lookup), then the flow, which starts on the next line (it is
 * 64-byte aligned). */
struct rstf_conv {
    uint8_t  addr_len;         /* 4, 16, or 0: ports only */
    uint16_t port[2];          /* [RSTF_SIDE_A]: the sender of the first segment seen */
    uint8_t  addr[2][16];
    uint32_t host[2];          /* each side's host_pool record + 1, looked up once; 0: not yet */
    struct rstf_result *last_rst[2]; /* the last RST carrying each side's address */
    struct rstf_flow flow;
};
_Static_assert(offsetof(struct rstf_conv, flow) == 64, "the key and the links fill one line");

static int rstf_proto = -1;
static const struct rstf_conn_memory huge_tables = { rstf_table_alloc, rstf_table_free };
static struct rstf_chunks convs;        /* in order of arrival */
static struct rstf_conn_index conv_index = { .memory = &huge_tables };
static struct rstf_chunks host_pool;    /* struct rstf_host_entry */
static struct rstf_conn_index host_index = { .memory = &huge_tables };
static struct rstf_chunks results;      /* struct rstf_result, one per RST */

static void state_init(void)
{
    rstf_conn_index_free(&conv_index);
    rstf_conn_index_free(&host_index);
    rstf_chunks_reset(&convs, sizeof(struct rstf_conv));
    rstf_chunks_reset(&host_pool, sizeof(struct rstf_host_entry));
    rstf_chunks_reset(&results, sizeof(struct rstf_result));
}

/* After the file's passes and taps; its proto data, which points into
 * results, goes with the file scope. */
static void state_cleanup(void)
{
    rstf_conn_index_free(&conv_index);
    rstf_conn_index_free(&host_index);
    rstf_chunks_free(&convs);
    rstf_chunks_free(&host_pool);
    rstf_chunks_free(&results);
}

void rstf_state_register(int proto)
{
    rstf_proto = proto;
    /* Called as each file's dissection starts, after file scope begins,
     * and as it ends. */
    register_init_routine(state_init);
    register_cleanup_routine(state_cleanup);
}

/* The host_pool record of an address, created on first sight; NULL without one. */
static struct rstf_host_entry *host_entry(const uint8_t *bytes, uint8_t len)
{
    struct rstf_conn_probe probe;
    struct rstf_host_entry *e;
    uint32_t hash, record;

    if (len != 4 && len != 16)
        return NULL;
    hash = rstf_addr_hash(len, bytes);
    rstf_conn_probe_start(&probe, &host_index, hash);
    while ((record = rstf_conn_probe_next(&probe)) != RSTF_CONN_NONE) {
        e = (struct rstf_host_entry *)rstf_chunks_get(&host_pool, record);
        if (e->addr.len == len && memcmp(e->addr.bytes, bytes, len) == 0)
            return e;
    }
    e = (struct rstf_host_entry *)rstf_chunks_append(&host_pool);
    if (!e || !rstf_conn_index_add(&host_index, hash, host_pool.used - 1))
        return NULL;
    e->addr.len = len;
    memcpy(e->addr.bytes, bytes, len);
    e->record = host_pool.used - 1;
    rstf_host_init(&e->host);
    return e;
}

static struct rstf_host *host_for(const uint8_t *bytes, uint8_t len)
{
    struct rstf_host_entry *e = host_entry(bytes, len);

    return e ? &e->host : NULL;
}

/* A conversation side's host, through the record number it keeps. */
static struct rstf_host *conv_host(struct rstf_conv *c, unsigned side)
{
    struct rstf_host_entry *e;

    if (c->host[side])
        e = (struct rstf_host_entry *)rstf_chunks_get(&host_pool, c->host[side] - 1);
    else if ((e = host_entry(c->addr[side], c->addr_len)) != NULL)
        c->host[side] = e->record + 1;
    return e ? &e->host : NULL;
}

void rstf_state_learn_echo(const struct rstf_echo *echo)
{
    struct rstf_host *h = host_for(echo->src_addr, echo->addr_len);

    if (!h)
        return;
    if (echo->ttl_known)
        rstf_host_learn_ttl(h, echo->ttl);
    if (echo->rtt_ns >= 0)
        rstf_host_learn_rtt(h, echo->rtt_ns);
}

/* Which side of the conversation sent the segment; -1: not this conversation.
 * Addresses are zero-padded to 16 bytes: fixed-size compares, no calls. */
static int side_of(const struct rstf_conv *c, const struct rstf_segment *s)
{
    if (s->conv_addr_len != c->addr_len)
        return -1;
    /* Both ends may use the same port (179 <-> 179): addresses decide then. */
    if (s->wire.src_port == c->port[RSTF_SIDE_A] && s->wire.dst_port == c->port[RSTF_SIDE_B] &&
        memcmp(s->conv_src, c->addr[RSTF_SIDE_A], 16) == 0 &&
        memcmp(s->conv_dst, c->addr[RSTF_SIDE_B], 16) == 0)
        return RSTF_SIDE_A;
    if (s->wire.src_port == c->port[RSTF_SIDE_B] && s->wire.dst_port == c->port[RSTF_SIDE_A] &&
        memcmp(s->conv_src, c->addr[RSTF_SIDE_B], 16) == 0 &&
        memcmp(s->conv_dst, c->addr[RSTF_SIDE_A], 16) == 0)
        return RSTF_SIDE_B;
    return -1;
}

/* A fresh record for the segment's conversation, its sender as side A. */
static struct rstf_conv *new_conv(const struct rstf_segment *s, uint32_t *record)
{
    struct rstf_conv *c = (struct rstf_conv *)rstf_chunks_append(&convs);

    if (!c)
        return NULL;
    /* Records start zeroed, and a zeroed flow is an initialised one: no
     * rstf_flow_init(), which would write every line of it. */
    *record = convs.used - 1;
    c->addr_len = s->conv_addr_len;
    c->port[RSTF_SIDE_A] = s->wire.src_port;
    c->port[RSTF_SIDE_B] = s->wire.dst_port;
    memcpy(c->addr[RSTF_SIDE_A], s->conv_src, sizeof c->addr[RSTF_SIDE_A]);
    memcpy(c->addr[RSTF_SIDE_B], s->conv_dst, sizeof c->addr[RSTF_SIDE_B]);
    return c;
}

/* The segment's conversation and its side in it, created on first sight or
 * when the segment opens a new connection on the same addresses and ports. */
static struct rstf_conv *conv_for(struct rstf_segment *s, unsigned *side)
{
    uint32_t hash = rstf_conn_hash(s->conv_addr_len, s->conv_src, s->conv_dst,
                                   s->wire.src_port, s->wire.dst_port);
    struct rstf_conn_probe probe;
    struct rstf_conv *c;
    uint32_t record;
    int found = -1;

    rstf_conn_probe_start(&probe, &conv_index, hash);
    while ((record = rstf_conn_probe_next(&probe)) != RSTF_CONN_NONE) {
        c = (struct rstf_conv *)rstf_chunks_get(&convs, record);
        /* A capture interleaving thousands of conversations finds their
         * records out of cache: ask for the key's line and the flow's first
         * three (flags, both endpoints) at once, so that their misses
         * overlap instead of queueing behind the key check. */
        for (unsigned line = 0; line < 4; line++)
            RSTF_PREFETCH_WRITE((const uint8_t *)c + 64 * line);
        if ((found = side_of(c, s)) >= 0)
            break;
    }
    if (found >= 0) {
        s->wire.pkt.side = (uint8_t)found;
        if (!rstf_flow_starts_over(&c->flow, &s->wire.pkt)) {
            *side = (unsigned)found;
            return c;
        }
        if ((c = new_conv(s, &record)) != NULL)
            rstf_conn_index_repoint(&conv_index, &probe, record);
    } else if ((c = new_conv(s, &record)) != NULL && !rstf_conn_index_add(&conv_index, hash, record)) {
        return NULL;
    }
    *side = RSTF_SIDE_A;
    return c;
}

/* Look-ahead: what the segment just fed taught about an earlier RST of this
 * conversation (its claimed sender spoke on, the receiver challenged it, the
 * next RST in the same name continued its burst).  Still on the first pass,
 * so the updated verdict is what later passes (tshark -2, the GUI) show; a
 * single-pass tshark printed the RST before. */
static void take_news(struct rstf_conv *c, const struct rstf_news news[2])
{
    for (unsigned side = 0; side < 2; side++)
        if (c->last_rst[side])
            (void)rstf_flow_take_news(&news[side], &c->last_rst[side]->obs);
}

const struct rstf_result *rstf_state_feed(struct rstf_segment *seg)
{
    struct rstf_observation obs;
    struct rstf_news news[2];
    struct rstf_result *r;
    struct rstf_host *host;
    unsigned side;
    struct rstf_conv *c = conv_for(seg, &side);

    if (!c)
        return NULL;
    seg->wire.pkt.side = (uint8_t)side;

    bool is_rst = rstf_flow_feed(&c->flow, &seg->wire.pkt, &obs, news);
    /* Before this RST replaces the last one of its side: news may be about that. */
    take_news(c, news);
    if (!is_rst) {
        /* Most segments tell the host nothing new: its record stays out
         * of the cache (rstf/host.h). */
        if (c->flow.host_news && (host = conv_host(c, side)) != NULL)
            rstf_host_learn_segment(host, &c->flow, &seg->wire.pkt);
        return NULL;
    }

    /* The RST's source address is its claimed sender's. */
    if ((host = conv_host(c, side)) != NULL)
        obs.claimed_host = *host;
    /* In huge-page chunks rather than the file scope's 4 KiB pages: a
     * capture with tens of thousands of RSTs paid a page fault per ten. */
    r = (struct rstf_result *)rstf_chunks_append(&results);
    if (!r)
        return NULL;
    r->obs = obs;
    c->last_rst[side] = r;
    r->rst_index = obs.rst_index;
    r->side = seg->wire.pkt.side;
    r->claimed_role = obs.claimed.role;
    r->peer_role = obs.peer.role;
    r->addr_len = seg->wire.addr_len;
    memcpy(r->src_addr, seg->wire.src_addr, sizeof r->src_addr);
    r->src_port = seg->wire.src_port;
    return r;
}

void rstf_state_store(packet_info *pinfo, unsigned idx, const struct rstf_result *r)
{
    /* proto data is not const-correct; after the first pass the result is
     * never modified. */
    p_add_proto_data(wmem_file_scope(), pinfo, rstf_proto, idx, (void *)(uintptr_t)r);
}

const struct rstf_result *rstf_state_lookup(packet_info *pinfo, unsigned idx)
{
    return (const struct rstf_result *)p_get_proto_data(wmem_file_scope(), pinfo, rstf_proto, idx);
}
