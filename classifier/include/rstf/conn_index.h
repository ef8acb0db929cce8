/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf/conn_index.h - find a record by a hash of its key: a TCP
 * conversation's by its addresses and ports, a host's by its address.
 *
 * The caller keeps its records numbered densely from 0, with their keys in
 * them; this index maps a hash to record numbers.  Hashes collide, so a
 * lookup yields candidates and the caller compares the key it stored in
 * each.  The conversation hash does not depend on direction: both
 * endpoints' segments find the same record.
 *
 * Why not Wireshark's tcp.stream: a post-dissector only sees it by asking
 * for the field on every segment, and building that field was the largest
 * single cost the plugin added to a filter run (docs/performance.md).
 *
 * Open addressing with linear probing, at most half full: a lookup reads
 * one or two adjacent slots.  Slots hold the full 32-bit hash, so growing
 * needs no keys.
 *
 * In front of the slots sits a small direct-mapped table of the entries
 * last found or added.  A capture holds up to millions of conversations,
 * but the ones with segments in flight at any moment number hundreds or
 * thousands, and their entries in a 32 KiB table stay in cache while the
 * slots (2 MiB at 100 000 conversations) do not: a lookup there was one
 * cache miss, and in a virtual machine a page walk, on every segment.
 */
#ifndef RSTF_CONN_INDEX_H
#define RSTF_CONN_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The hash of a conversation, the same for (src, dst) and (dst, src).
 * addr_len is 4, 16, or 0 (no addresses: ports only). */
uint32_t rstf_conn_hash(uint8_t addr_len, const uint8_t *src, const uint8_t *dst,
                        uint16_t src_port, uint16_t dst_port);

/* The hash of one address (addr_len 4 or 16; anything else hashes as none). */
uint32_t rstf_addr_hash(uint8_t addr_len, const uint8_t *addr);

#define RSTF_CONN_RECENT_SLOTS 4096u /* a power of two */

/*
 * Where the slots' memory comes from.  alloc returns `bytes` zeroed (NULL:
 * out of memory); release gets back the pointer and the same size.  An
 * index without one uses calloc and free.  The plugin hands out huge
 * pages: at 100 000 conversations the slots were a thousand 4 KiB page
 * faults, and a fault is tens of microseconds in a virtual machine.
 */
struct rstf_conn_memory {
    void *(*alloc)(size_t bytes);
    void (*release)(void *p, size_t bytes);
};

struct rstf_conn_index {
    const struct rstf_conn_memory *memory; /* NULL: calloc and free */
    uint64_t *slots;   /* hash << 32 | (record + 1); 0: empty */
    uint32_t mask;     /* number of slots - 1; slots == NULL: none yet */
    uint32_t used;
    /* [hash % RSTF_CONN_RECENT_SLOTS]: the entry last found, added or
     * repointed under a hash that lands there; 0: none.  Always also in
     * slots: an entry leaves both together, as equal hashes share a place. */
    uint64_t recent[RSTF_CONN_RECENT_SLOTS];
};

/* An all-zero index is an empty one; so is a freed one, which keeps its
 * memory (set it before the first add). */
void rstf_conn_index_free(struct rstf_conn_index *ix);

/* Adds record under hash (duplicates allowed); false when memory ran out
 * or the index is full (2^31 records). */
bool rstf_conn_index_add(struct rstf_conn_index *ix, uint32_t hash, uint32_t record);

/* Candidates for a hash, each once: the one last found or added under it
 * first, then the others in insertion order. */
struct rstf_conn_probe {
    struct rstf_conn_index *ix;
    uint32_t hash;
    uint32_t pos;
    uint32_t slot;     /* the slot of the candidate last returned; RSTF_CONN_NONE:
                        * not known (it came from the recent table) */
    uint64_t entry;    /* the candidate last returned; 0: none yet */
    uint64_t recent;   /* the candidate the recent table gave; 0: none */
    bool     recent_tried;
};

#define RSTF_CONN_NONE UINT32_MAX

void rstf_conn_probe_start(struct rstf_conn_probe *p, struct rstf_conn_index *ix,
                           uint32_t hash);

/* The next record stored under the probe's hash; RSTF_CONN_NONE: no more.
 * A candidate from the slots becomes the recent one: the caller probes
 * until it finds its key, so the last candidate is usually the match. */
uint32_t rstf_conn_probe_next(struct rstf_conn_probe *p);

/* Makes the slot of the candidate last returned by the probe hold another
 * record: a conversation that starts over on the same addresses and ports
 * (a new SYN) replaces the old one, which is no longer found.  False, and
 * nothing changed, when the probe returned no candidate. */
bool rstf_conn_index_repoint(struct rstf_conn_index *ix, const struct rstf_conn_probe *p,
                             uint32_t record);

#endif
