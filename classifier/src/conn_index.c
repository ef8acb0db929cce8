/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "rstf/conn_index.h"

#include <stdlib.h>
#include <string.h>

#define INITIAL_SLOTS 1024u
#define MAX_SLOTS (1u << 31)

/* A 64-bit finaliser (the murmur3 / splitmix shape): every input bit moves
 * every output bit, so sequential addresses and ports spread out. */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 31;
    x *= 0x7fb5d329728ea185ull;
    x ^= x >> 27;
    x *= 0x81dadef4bc2dd44dull;
    x ^= x >> 33;
    return x;
}

static uint64_t endpoint_hash(uint8_t addr_len, const uint8_t *addr, uint16_t port)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ port;

    for (unsigned i = 0; i + 4 <= addr_len; i += 4) {
        uint32_t w;

        memcpy(&w, addr + i, sizeof w);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
    }
    return mix64(h);
}

uint32_t rstf_conn_hash(uint8_t addr_len, const uint8_t *src, const uint8_t *dst,
                        uint16_t src_port, uint16_t dst_port)
{
    uint64_t a, b;

    if (addr_len == 4) {
        /* Nearly every segment: an address and a port fill one word. */
        uint32_t s4, d4;

        memcpy(&s4, src, sizeof s4);
        memcpy(&d4, dst, sizeof d4);
        a = mix64((uint64_t)s4 << 16 | src_port);
        b = mix64((uint64_t)d4 << 16 | dst_port);
    } else {
        if (addr_len != 16)
            addr_len = 0;
        a = endpoint_hash(addr_len, src, src_port);
        b = endpoint_hash(addr_len, dst, dst_port);
    }
    /* A sum does not depend on the order of its terms. */
    return (uint32_t)(mix64(a + b) >> 32);
}

uint32_t rstf_addr_hash(uint8_t addr_len, const uint8_t *addr)
{
    if (addr_len != 4 && addr_len != 16)
        addr_len = 0;
    return (uint32_t)(endpoint_hash(addr_len, addr, 0) >> 32);
}

static uint64_t *slots_alloc(const struct rstf_conn_index *ix, uint32_t n)
{
    size_t bytes = (size_t)n * sizeof(uint64_t);

    return ix->memory ? (uint64_t *)ix->memory->alloc(bytes) : (uint64_t *)calloc(n, sizeof(uint64_t));
}

static void slots_release(const struct rstf_conn_index *ix, uint64_t *slots, uint32_t n)
{
    if (!slots)
        return;
    if (ix->memory)
        ix->memory->release(slots, (size_t)n * sizeof(uint64_t));
    else
        free(slots);
}

void rstf_conn_index_free(struct rstf_conn_index *ix)
{
    const struct rstf_conn_memory *memory = ix->memory;

    slots_release(ix, ix->slots, ix->slots ? ix->mask + 1 : 0);
    memset(ix, 0, sizeof *ix);
    ix->memory = memory;
}

static uint64_t entry_of(uint32_t hash, uint32_t record)
{
    return (uint64_t)hash << 32 | (record + 1u);
}

static uint64_t *recent_of(struct rstf_conn_index *ix, uint32_t hash)
{
    return &ix->recent[hash & (RSTF_CONN_RECENT_SLOTS - 1)];
}

static void put(uint64_t *slots, uint32_t mask, uint64_t entry)
{
    uint32_t pos = (uint32_t)(entry >> 32) & mask;

    while (slots[pos])
        pos = (pos + 1) & mask;
    slots[pos] = entry;
}

static bool grow(struct rstf_conn_index *ix)
{
    uint32_t old_n = ix->slots ? ix->mask + 1 : 0;
    uint32_t n = old_n ? old_n * 2 : INITIAL_SLOTS;
    uint64_t *slots;

    if (old_n >= MAX_SLOTS)
        return false;
    slots = slots_alloc(ix, n);
    if (!slots)
        return false;
    for (uint32_t i = 0; i < old_n; i++)
        if (ix->slots[i])
            put(slots, n - 1, ix->slots[i]);
    slots_release(ix, ix->slots, old_n);
    ix->slots = slots;
    ix->mask = n - 1;
    return true;
}

bool rstf_conn_index_add(struct rstf_conn_index *ix, uint32_t hash, uint32_t record)
{
    if (record >= UINT32_MAX - 1)
        return false;
    /* At most half full: probes stay short. */
    if ((!ix->slots || (uint64_t)(ix->used + 1) * 2 > (uint64_t)ix->mask + 1) && !grow(ix))
        return false;
    put(ix->slots, ix->mask, entry_of(hash, record));
    *recent_of(ix, hash) = entry_of(hash, record);
    ix->used++;
    return true;
}

void rstf_conn_probe_start(struct rstf_conn_probe *p, struct rstf_conn_index *ix, uint32_t hash)
{
    *p = (struct rstf_conn_probe){
        .ix = ix,
        .hash = hash,
        .pos = hash & ix->mask,
        .slot = RSTF_CONN_NONE,
    };
}

uint32_t rstf_conn_probe_next(struct rstf_conn_probe *p)
{
    struct rstf_conn_index *ix = p->ix;

    if (!p->recent_tried) {
        uint64_t e = *recent_of(ix, p->hash);

        p->recent_tried = true;
        if (e && (uint32_t)(e >> 32) == p->hash) {
            p->recent = p->entry = e;
            p->slot = RSTF_CONN_NONE;
            return (uint32_t)e - 1u;
        }
    }
    if (!ix->slots)
        return RSTF_CONN_NONE;
    /* Never endless: the index is at most half full, so an empty slot
     * ends every probe. */
    for (uint64_t s; (s = ix->slots[p->pos]) != 0; p->pos = (p->pos + 1) & ix->mask) {
        if ((uint32_t)(s >> 32) == p->hash && s != p->recent) {
            p->entry = s;
            p->slot = p->pos;
            p->pos = (p->pos + 1) & ix->mask;
            *recent_of(ix, p->hash) = s;
            return (uint32_t)s - 1u;
        }
    }
    return RSTF_CONN_NONE;
}

/* The slot holding entry, found by probing from its hash's place. */
static uint32_t slot_of(const struct rstf_conn_index *ix, uint64_t entry)
{
    if (!ix->slots)
        return RSTF_CONN_NONE;
    for (uint32_t pos = (uint32_t)(entry >> 32) & ix->mask; ix->slots[pos] != 0;
         pos = (pos + 1) & ix->mask)
        if (ix->slots[pos] == entry)
            return pos;
    return RSTF_CONN_NONE;
}

bool rstf_conn_index_repoint(struct rstf_conn_index *ix, const struct rstf_conn_probe *p,
                             uint32_t record)
{
    if (p->ix != ix || p->entry == 0 || record >= UINT32_MAX - 1)
        return false;
    uint32_t slot = p->slot != RSTF_CONN_NONE ? p->slot : slot_of(ix, p->entry);
    if (slot == RSTF_CONN_NONE)
        return false;
    ix->slots[slot] = entry_of(p->hash, record);
    *recent_of(ix, p->hash) = entry_of(p->hash, record);
    return true;
}
