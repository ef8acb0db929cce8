/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-state.c - conversations keyed by tcp.stream, hosts keyed by address.
 *
 * tcp.stream is TCP's own conversation index: a reused 5-tuple (new SYN
 * after RST/FIN) gets a new number, so it starts a fresh rstf_flow, and the
 * key does not depend on the conversation-table lookup rules that changed
 * between 4.0 and 4.4.  Host baselines (an address's TTL and round trip
 * across all its conversations and echo replies) let an RST be judged when
 * its conversation has no baseline, e.g. one answering a SYN to a closed
 * port.  Everything lives in file scope and vanishes when a file is closed
 * or reloaded.
 *
 * Conversations and hosts are stored in chunks of records (rstf-chunks.h)
 * rather than one allocation each: tcp.stream numbers are dense, so a
 * conversation is found by index instead of by hashing, and the records sit
 * together in huge pages instead of scattered among Wireshark's own
 * file-scope data.  On a capture of 100 000 conversations the hash lookups
 * and the cache and TLB misses on scattered records were most of what the
 * plugin cost per packet.  The chunks are not in a wmem scope, so the
 * cleanup routine frees them when the file closes.
 */
#include "rstf-state.h"

#include <string.h>

#include <epan/proto_data.h>

#include "rstf-chunks.h"

struct rstf_addr {
    uint8_t len;          /* 4 or 16 */
    uint8_t bytes[16];
};

struct rstf_host_entry {
    struct rstf_addr addr; /* the map key */
    struct rstf_host host;
};

/* What every segment reads comes first: one cache line, then the flow,
 * which starts on the next line (it is 64-byte aligned). */
struct rstf_conv {
    bool     in_use;           /* records start zeroed: set once initialised */
    uint8_t  a_addr_len;
    uint16_t a_port;
    uint8_t  a_addr[16];       /* side A: the sender of the first segment seen */
    struct rstf_host *host[2]; /* each side's address, looked up once */
    struct rstf_result *last_rst[2]; /* the last RST carrying each side's address */
    struct rstf_flow flow;
};

static int rstf_proto = -1;
static struct rstf_chunks convs;        /* indexed by tcp.stream */
static struct rstf_chunks host_pool;    /* struct rstf_host_entry */
static wmem_map_t *hosts;               /* address -> its entry in host_pool */

static guint addr_hash(gconstpointer key)
{
    const struct rstf_addr *a = (const struct rstf_addr *)key;
    guint h = 2166136261u; /* FNV-1a */

    for (unsigned i = 0; i < a->len; i++)
        h = (h ^ a->bytes[i]) * 16777619u;
    return h;
}

static gboolean addr_equal(gconstpointer x, gconstpointer y)
{
    const struct rstf_addr *a = (const struct rstf_addr *)x, *b = (const struct rstf_addr *)y;

    return a->len == b->len && memcmp(a->bytes, b->bytes, a->len) == 0;
}

static void state_init(void)
{
    rstf_chunks_reset(&convs, sizeof(struct rstf_conv));
    rstf_chunks_reset(&host_pool, sizeof(struct rstf_host_entry));
}

static void state_cleanup(void)
{
    rstf_chunks_free(&convs);
    rstf_chunks_free(&host_pool);
}

void rstf_state_register(int proto)
{
    rstf_proto = proto;
    hosts = wmem_map_new_autoreset(wmem_epan_scope(), wmem_file_scope(),
                                   addr_hash, addr_equal);
    /* Called as each file's dissection starts, after file scope begins,
     * and as it ends. */
    register_init_routine(state_init);
    register_cleanup_routine(state_cleanup);
}

/* The host baseline of an address, created on first sight; NULL without one. */
static struct rstf_host *host_for(const uint8_t *bytes, uint8_t len)
{
    struct rstf_addr key;
    struct rstf_host_entry *e;

    if (len != 4 && len != 16)
        return NULL;
    memset(&key, 0, sizeof key);
    key.len = len;
    memcpy(key.bytes, bytes, len);
    e = (struct rstf_host_entry *)wmem_map_lookup(hosts, &key);
    if (!e) {
        e = (struct rstf_host_entry *)rstf_chunks_append(&host_pool);
        if (!e)
            return NULL;
        e->addr = key;
        rstf_host_init(&e->host);
        wmem_map_insert(hosts, &e->addr, e);
    }
    return &e->host;
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

static enum rstf_side side_of(const struct rstf_conv *c, const struct rstf_segment *s)
{
    if (s->wire.src_port != c->a_port)
        return RSTF_SIDE_B;
    /* Same port on both ends happens (e.g. 179 <-> 179): the address decides. */
    if (s->wire.addr_len && c->a_addr_len &&
        (s->wire.addr_len != c->a_addr_len ||
         memcmp(s->wire.src_addr, c->a_addr, s->wire.addr_len) != 0))
        return RSTF_SIDE_B;
    return RSTF_SIDE_A;
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
    struct rstf_conv *c = (struct rstf_conv *)rstf_chunks_at(&convs, seg->stream);
    struct rstf_observation obs;
    struct rstf_news news[2];
    struct rstf_result *r;
    struct rstf_host *host;
    unsigned side;

    if (!c)
        return NULL;
    if (!c->in_use) {
        /* Records start zeroed, and a zeroed flow is an initialised one:
         * no rstf_flow_init(), which would write every line of it. */
        c->in_use = true;
        memcpy(c->a_addr, seg->wire.src_addr, sizeof c->a_addr);
        c->a_addr_len = seg->wire.addr_len;
        c->a_port = seg->wire.src_port;
    }
    side = side_of(c, seg);
    seg->wire.pkt.side = (uint8_t)side;
    if (!c->host[side])
        c->host[side] = host_for(seg->wire.src_addr, seg->wire.addr_len);
    host = c->host[side];

    bool is_rst = rstf_flow_feed(&c->flow, &seg->wire.pkt, &obs, news);
    /* Before this RST replaces the last one of its side: news may be about that. */
    take_news(c, news);
    if (!is_rst) {
        if (host)
            rstf_host_learn_segment(host, &c->flow, &seg->wire.pkt);
        return NULL;
    }

    /* The RST's source address is its claimed sender's. */
    if (host)
        obs.claimed_host = *host;
    r = wmem_new0(wmem_file_scope(), struct rstf_result);
    r->obs = obs;
    c->last_rst[side] = r;
    r->stream = seg->stream;
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
