/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-chunks.h - a growable table of fixed-size records in 2 MiB chunks.
 *
 * Records are numbered densely in order of arrival, start zeroed, and
 * never move: a chunk is allocated when a number first falls in it.
 * Chunks are 2 MiB, aligned, and asked for as transparent huge pages where
 * the system has them: one TLB entry then covers over two thousand
 * conversation records, which otherwise cost a page walk each time a
 * conversation comes back (docs/performance.md).
 * Records whose size is a multiple of 64 bytes start on a cache line.
 */
#ifndef RSTF_CHUNKS_H
#define RSTF_CHUNKS_H

#include <stddef.h>
#include <stdint.h>

struct rstf_chunks {
    size_t   record_size;
    uint32_t per_chunk;   /* records in one chunk */
    uint8_t **chunks;     /* NULL where no record number has fallen yet */
    uint32_t n_chunks;
    uint32_t used;        /* records handed out by rstf_chunks_append() */
};

/* Frees what the table held, then makes it empty for records of this size. */
void rstf_chunks_reset(struct rstf_chunks *t, size_t record_size);

/* Frees what the table holds; it stays usable (empty). */
void rstf_chunks_free(struct rstf_chunks *t);

/* Record `index`, allocating its chunk on first use; NULL beyond
 * RSTF_CHUNKS_MAX_RECORDS or when memory runs out. */
void *rstf_chunks_at(struct rstf_chunks *t, uint32_t index);

/* The next unused record (index `used`). */
void *rstf_chunks_append(struct rstf_chunks *t);

/* The next n unused records, consecutive in one chunk: when they do not fit
 * in the rest of the current chunk, they start the next one and the rest
 * stays unused.  NULL when n is 0 or more than a chunk holds, or as
 * rstf_chunks_at(). */
void *rstf_chunks_append_run(struct rstf_chunks *t, uint32_t n);

/* A record rstf_chunks_append() handed out (index < used): no checks, no
 * call, as every segment looks up its conversation and host this way. */
static inline void *rstf_chunks_get(const struct rstf_chunks *t, uint32_t index)
{
    return t->chunks[index / t->per_chunk] + (size_t)(index % t->per_chunk) * t->record_size;
}

/*
 * Zeroed memory for a large table (rstf/conn_index.h's slots): from 1 MiB
 * up, whole 2 MiB huge pages like the chunks', so that it costs a few page
 * faults rather than hundreds; below, the heap.  rstf_table_free() must get
 * the size the block was allocated with.
 */
void *rstf_table_alloc(size_t bytes);
void rstf_table_free(void *p, size_t bytes);

/* A quarter billion records: conversations beyond them are not tracked. */
#define RSTF_CHUNKS_MAX_RECORDS (1u << 28)

#endif
