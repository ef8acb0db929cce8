/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf/conn_index.h - find a TCP conversation's record by its addresses and
 * ports.
 *
 * The caller keeps one record per conversation, numbered densely from 0,
 * with its addresses and ports in it; this index maps a conversation hash
 * to record numbers.  Hashes collide, so a lookup yields candidates and the
 * caller compares the key it stored in each.  The hash does not depend on
 * direction: both endpoints' segments find the same record.
 *
 * Why not Wireshark's tcp.stream: a post-dissector only sees it by asking
 * for the field on every segment, and building that field was the largest
 * single cost the plugin added to a filter run (docs/performance.md).
 *
 * Open addressing with linear probing, at most half full: a lookup reads
 * one or two adjacent slots.  Slots hold the full 32-bit hash, so growing
 * needs no keys.
 */
#ifndef RSTF_CONN_INDEX_H
#define RSTF_CONN_INDEX_H

#include <stdbool.h>
#include <stdint.h>

/* The hash of a conversation, the same for (src, dst) and (dst, src).
 * addr_len is 4, 16, or 0 (no addresses: ports only). */
uint32_t rstf_conn_hash(uint8_t addr_len, const uint8_t *src, const uint8_t *dst,
                        uint16_t src_port, uint16_t dst_port);

struct rstf_conn_index {
    uint64_t *slots;   /* hash << 32 | (record + 1); 0: empty */
    uint32_t mask;     /* number of slots - 1; slots == NULL: none yet */
    uint32_t used;
};

/* An all-zero index is an empty one. */
void rstf_conn_index_free(struct rstf_conn_index *ix);

/* Adds record under hash (duplicates allowed); false when memory ran out
 * or the index is full (2^31 records). */
bool rstf_conn_index_add(struct rstf_conn_index *ix, uint32_t hash, uint32_t record);

/* Candidates for a hash, in insertion order for equal hashes. */
struct rstf_conn_probe {
    const struct rstf_conn_index *ix;
    uint32_t hash;
    uint32_t pos;
    uint32_t slot;     /* the slot of the candidate last returned */
};

#define RSTF_CONN_NONE UINT32_MAX

void rstf_conn_probe_start(struct rstf_conn_probe *p, const struct rstf_conn_index *ix,
                           uint32_t hash);

/* The next record stored under the probe's hash; RSTF_CONN_NONE: no more. */
uint32_t rstf_conn_probe_next(struct rstf_conn_probe *p);

/* Makes the slot of the candidate last returned by the probe hold another
 * record: a conversation that starts over on the same addresses and ports
 * (a new SYN) replaces the old one, which is no longer found. */
void rstf_conn_index_repoint(struct rstf_conn_index *ix, const struct rstf_conn_probe *p,
                             uint32_t record);

#endif
