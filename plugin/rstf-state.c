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
 * A conversation's record holds, after its key, either its flow or, until
 * it outlives them, its first segments (rstf/flow_start.h): a port scan is
 * mostly conversations of a SYN and its RST, and a flow is 832 bytes where
 * a start of four segments is 232.  While a conversation is a start, each
 * of its segments rebuilds the flow on the stack from them.  An answer
 * other than an RST, or a fifth segment, moves it into a record with a
 * flow of its own, and the start's record is used again.
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
#include "rstf/flow_start.h"
#include "rstf/prefetch.h"
#include "rstf-chunks.h"
#include "rstf-pack.h"

struct rstf_addr {
    uint8_t len;          /* 4 or 16 */
    uint8_t bytes[16];
};

struct rstf_host_entry {
    struct rstf_addr addr; /* the key host_index finds it by */
    uint32_t record;       /* its number in host_pool */
    struct rstf_host host;
};

/* What every segment reads first: one cache line, checked on every lookup. */
struct rstf_conv_key {
    uint8_t  addr_len;         /* 4, 16, or 0: ports only */
    uint16_t port[2];          /* [RSTF_SIDE_A]: the sender of the first segment seen */
    uint8_t  addr[2][16];
    uint32_t host[2];          /* each side's host_pool record + 1, looked up once; 0: not yet */
    struct rstf_result *last_rst[2]; /* the last RST carrying each side's address */
};
_Static_assert(sizeof(struct rstf_conv_key) == 64, "the key and the links fill one line");

/* A conversation with a flow of its own, which starts on the line after the
 * key (it is 64-byte aligned). */
struct rstf_conv {
    struct rstf_conv_key key;
    struct rstf_flow flow;
};

/* A conversation that is still its first segments: five lines. */
struct rstf_conv_start {
    _Alignas(64) struct rstf_conv_key key;
    struct rstf_flow_start start;
};
_Static_assert(sizeof(struct rstf_conv_start) == 320, "a start is five lines");

/* The conversation index numbers starts apart from conversations with a
 * flow (rstf-chunks.h numbers records below 2^28). */
#define START_RECORD (1u << 30)
_Static_assert(RSTF_CHUNKS_MAX_RECORDS <= START_RECORD, "record numbers stay below the mark");

static int rstf_proto = -1;
static const struct rstf_conn_memory huge_tables = { rstf_table_alloc, rstf_table_free };
static struct rstf_chunks convs;        /* struct rstf_conv, in order of arrival */
static struct rstf_chunks conv_starts;  /* struct rstf_conv_start */
static uint32_t free_starts;            /* a conv_starts record free for reuse + 1; 0: none */
static struct rstf_conn_index conv_index = { .memory = &huge_tables };
static struct rstf_chunks host_pool;    /* struct rstf_host_entry */
static struct rstf_conn_index host_index = { .memory = &huge_tables };
static struct rstf_chunks results;      /* runs of RESULT_UNIT bytes: a struct rstf_result
                                         * and its packed words per RST */

/* The unit results are counted in: a 4 GiB table holds 16 million RSTs. */
#define RESULT_UNIT 16u
#define OBS_WORDS (sizeof(struct rstf_observation) / 8)
_Static_assert(sizeof(struct rstf_observation) % 8 == 0 && OBS_WORDS <= RSTF_PACK_MAX_WORDS,
               "an observation packs into words, one bit of the mask each");
_Static_assert(sizeof(struct rstf_result) % RESULT_UNIT == 0, "results stay aligned");

static void state_init(void)
{
    rstf_conn_index_free(&conv_index);
    rstf_conn_index_free(&host_index);
    rstf_chunks_reset(&convs, sizeof(struct rstf_conv));
    rstf_chunks_reset(&conv_starts, sizeof(struct rstf_conv_start));
    free_starts = 0;
    rstf_chunks_reset(&host_pool, sizeof(struct rstf_host_entry));
    rstf_chunks_reset(&results, RESULT_UNIT);
}

/* After the file's passes and taps; its proto data, which points into
 * results, goes with the file scope. */
static void state_cleanup(void)
{
    rstf_conn_index_free(&conv_index);
    rstf_conn_index_free(&host_index);
    rstf_chunks_free(&convs);
    rstf_chunks_free(&conv_starts);
    free_starts = 0;
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
static struct rstf_host *conv_host(struct rstf_conv_key *c, unsigned side)
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
static int side_of(const struct rstf_conv_key *c, const struct rstf_segment *s)
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

/* The segment's conversation, as rstf_state_feed() works on it. */
struct conv_ref {
    struct rstf_conv_key *key;
    struct rstf_flow *flow;         /* its record's, or rebuilt from its start */
    struct rstf_conv_start *start;  /* NULL: it has a flow of its own */
    uint32_t start_record;
    struct rstf_conn_probe probe;   /* what found it in conv_index (none when new) */
    unsigned side;                  /* the segment's */
};

static void key_init(struct rstf_conv_key *k, const struct rstf_segment *s)
{
    k->addr_len = s->conv_addr_len;
    k->port[RSTF_SIDE_A] = s->wire.src_port;
    k->port[RSTF_SIDE_B] = s->wire.dst_port;
    memcpy(k->addr[RSTF_SIDE_A], s->conv_src, sizeof k->addr[RSTF_SIDE_A]);
    memcpy(k->addr[RSTF_SIDE_B], s->conv_dst, sizeof k->addr[RSTF_SIDE_B]);
}

/* A fresh start for the segment's conversation, its sender as side A: a
 * start record used before, or a new one.  Its flow is all zero. */
static bool new_start(const struct rstf_segment *s, struct conv_ref *ref, struct rstf_flow *rebuilt)
{
    struct rstf_conv_start *st;
    uint32_t record;

    if (free_starts) {
        record = free_starts - 1;
        st = (struct rstf_conv_start *)rstf_chunks_get(&conv_starts, record);
        memcpy(&free_starts, st, sizeof free_starts);
        memset(st, 0, sizeof *st);
    } else if ((st = (struct rstf_conv_start *)rstf_chunks_append(&conv_starts)) != NULL) {
        record = conv_starts.used - 1;
    } else {
        return false;
    }
    key_init(&st->key, s);
    memset(rebuilt, 0, sizeof *rebuilt);
    ref->key = &st->key;
    ref->flow = rebuilt;
    ref->start = st;
    ref->start_record = record;
    ref->side = RSTF_SIDE_A;
    return true;
}

/* A start record nothing refers to any more: the next new start takes it.
 * Its first bytes link the free ones. */
static void free_start(struct rstf_conv_start *st, uint32_t record)
{
    memcpy(st, &free_starts, sizeof free_starts);
    free_starts = record + 1;
}

/* The conversation a record number of conv_index names; its flow rebuilt
 * into *rebuilt if it is a start. */
static void ref_at(uint32_t record, struct conv_ref *ref, struct rstf_flow *rebuilt)
{
    if (record & START_RECORD) {
        ref->start_record = record & ~START_RECORD;
        ref->start = (struct rstf_conv_start *)rstf_chunks_get(&conv_starts, ref->start_record);
        ref->key = &ref->start->key;
        rstf_flow_start_expand(&ref->start->start, rebuilt);
        ref->flow = rebuilt;
    } else {
        struct rstf_conv *c = (struct rstf_conv *)rstf_chunks_get(&convs, record);
        ref->start = NULL;
        ref->key = &c->key;
        ref->flow = &c->flow;
    }
}

/* The record a candidate of conv_index names, its key's line and (for a
 * conversation with a flow) the flow's first three asked for at once, so
 * that their misses overlap instead of queueing behind the key check: a
 * capture interleaving thousands of conversations finds them out of cache. */
static const struct rstf_conv_key *candidate_key(uint32_t record)
{
    const uint8_t *r;
    unsigned lines;

    if (record & START_RECORD) {
        r = (const uint8_t *)rstf_chunks_get(&conv_starts, record & ~START_RECORD);
        lines = sizeof(struct rstf_conv_start) / 64;
    } else {
        r = (const uint8_t *)rstf_chunks_get(&convs, record);
        lines = 4;
    }
    for (unsigned line = 0; line < lines; line++)
        RSTF_PREFETCH_WRITE(r + 64 * line);
    return (const struct rstf_conv_key *)r;
}

/* The segment's conversation and its side in it, created on first sight or
 * when the segment opens a new connection on the same addresses and ports. */
static bool conv_for(struct rstf_segment *s, struct conv_ref *ref, struct rstf_flow *rebuilt)
{
    uint32_t hash = rstf_conn_hash(s->conv_addr_len, s->conv_src, s->conv_dst,
                                   s->wire.src_port, s->wire.dst_port);
    uint32_t record;
    int found = -1;

    rstf_conn_probe_start(&ref->probe, &conv_index, hash);
    while ((record = rstf_conn_probe_next(&ref->probe)) != RSTF_CONN_NONE)
        if ((found = side_of(candidate_key(record), s)) >= 0)
            break;
    if (found >= 0) {
        ref_at(record, ref, rebuilt);
        s->wire.pkt.side = (uint8_t)found;
        if (!rstf_flow_starts_over(ref->flow, &s->wire.pkt)) {
            ref->side = (unsigned)found;
            return true;
        }
        struct rstf_conv_start *old = ref->start;
        uint32_t old_record = ref->start_record;
        if (!new_start(s, ref, rebuilt))
            return false;
        if (rstf_conn_index_repoint(&conv_index, &ref->probe, ref->start_record | START_RECORD) && old)
            free_start(old, old_record);
        return true;
    }
    return new_start(s, ref, rebuilt) &&
           rstf_conn_index_add(&conv_index, hash, ref->start_record | START_RECORD);
}

/* After a segment of a start: kept in it, or the conversation moves into a
 * record with a flow of its own.  It moves as soon as side B (the side the
 * first segment went to) says anything but an RST: a conversation that
 * lives on would otherwise rebuild its flow for a few more segments.  A
 * scanned port's conversation, a SYN and an RST or none, retried once,
 * stays. */
static void keep_or_grow(struct conv_ref *ref, const struct rstf_packet *pkt, bool is_rst)
{
    struct rstf_conv *c;

    if ((is_rst || ref->side == RSTF_SIDE_A) &&
        rstf_flow_start_keep(&ref->start->start, ref->flow, pkt))
        return;
    if ((c = (struct rstf_conv *)rstf_chunks_append(&convs)) == NULL)
        return;
    c->key = ref->start->key;
    c->flow = *ref->flow;
    if (rstf_conn_index_repoint(&conv_index, &ref->probe, convs.used - 1))
        free_start(ref->start, ref->start_record);
}

/* Look-ahead: what the segment just fed taught about an earlier RST of this
 * conversation (its claimed sender spoke on, the receiver challenged it, the
 * next RST in the same name continued its burst).  Still on the first pass,
 * so the updated verdict is what later passes (tshark -2, the GUI) show; a
 * single-pass tshark printed the RST before. */
static void take_news(struct rstf_conv_key *c, const struct rstf_news news[2])
{
    for (unsigned side = 0; side < 2; side++)
        if (c->last_rst[side])
            (void)rstf_aftermath_take_news(&news[side], c->last_rst[side]->rst_index,
                                           &c->last_rst[side]->after);
}

/* An RST's result, kept for later passes; NULL when memory ran out. */
static struct rstf_result *keep_result(struct conv_ref *ref, const struct rstf_segment *seg,
                                       struct rstf_observation *obs)
{
    struct rstf_host *host;
    struct rstf_result *r;

    /* The RST's source address is its claimed sender's. */
    if ((host = conv_host(ref->key, ref->side)) != NULL)
        obs->claimed_host = *host;
    uint64_t mask, packed[OBS_WORDS];
    struct rstf_aftermath after = obs->after;
    memset(&obs->after, 0, sizeof obs->after);
    unsigned words = rstf_pack(obs, OBS_WORDS, &mask, packed);
    size_t bytes = sizeof *r + words * sizeof packed[0];

    /* In huge-page chunks rather than the file scope's 4 KiB pages: a
     * capture with tens of thousands of RSTs paid a page fault per ten. */
    r = (struct rstf_result *)rstf_chunks_append_run(&results,
                                                     (uint32_t)((bytes + RESULT_UNIT - 1) / RESULT_UNIT));
    if (!r)
        return NULL;
    r->after = after;
    r->packed_mask = mask;
    memcpy(r->packed, packed, words * sizeof packed[0]);
    ref->key->last_rst[ref->side] = r;
    r->rst_index = obs->rst_index;
    r->side = seg->wire.pkt.side;
    r->claimed_role = obs->claimed.role;
    r->peer_role = obs->peer.role;
    r->addr_len = seg->wire.addr_len;
    memcpy(r->src_addr, seg->wire.src_addr, sizeof r->src_addr);
    r->src_port = seg->wire.src_port;
    return r;
}

const struct rstf_result *rstf_state_feed(struct rstf_segment *seg)
{
    struct rstf_flow rebuilt; /* a start's flow, rebuilt for this segment */
    struct rstf_observation obs;
    struct rstf_news news[2];
    struct rstf_result *r = NULL;
    struct rstf_host *host;
    struct conv_ref ref;

    if (!conv_for(seg, &ref, &rebuilt))
        return NULL;
    seg->wire.pkt.side = (uint8_t)ref.side;

    bool is_rst = rstf_flow_feed(ref.flow, &seg->wire.pkt, &obs, news);
    /* Before this RST replaces the last one of its side: news may be about that. */
    take_news(ref.key, news);
    if (is_rst) {
        r = keep_result(&ref, seg, &obs);
    } else if (ref.flow->host_news && (host = conv_host(ref.key, ref.side)) != NULL) {
        /* Most segments tell the host nothing new: its record stays out
         * of the cache (rstf/host.h). */
        rstf_host_learn_segment(host, ref.flow, &seg->wire.pkt);
    }
    /* Last: the key may move, and the start keeps what the host was told. */
    if (ref.start)
        keep_or_grow(&ref, &seg->wire.pkt, is_rst);
    return r;
}

void rstf_result_observation(const struct rstf_result *r, struct rstf_observation *obs)
{
    rstf_unpack(r->packed_mask, r->packed, obs, OBS_WORDS);
    obs->after = r->after;
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
