/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-chunks.c - see rstf-chunks.h.
 *
 * Chunks come from mmap rather than malloc: anonymous pages are zero
 * already (no memset touching every page of a capture's last, mostly empty
 * chunk), alignment to 2 MiB is easy to get, and madvise(MADV_HUGEPAGE)
 * applies to whole mappings.  Debian's default THP mode is "madvise":
 * only regions that ask get huge pages.  Elsewhere, plain zeroed memory,
 * aligned to a cache line at least, as records may require.
 */
#if defined(__linux__)
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, madvise under -std=c11 */
#include <sys/mman.h>
#endif

#include "rstf-chunks.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#define CHUNK_BYTES ((size_t)2 << 20)

#if defined(__linux__) && defined(MAP_ANONYMOUS)
static uint8_t *chunk_alloc(void)
{
    /* Map twice the size and trim to an aligned 2 MiB in the middle. */
    size_t span = 2 * CHUNK_BYTES;
    uint8_t *raw = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        return NULL;
    uint8_t *aligned = (uint8_t *)(((uintptr_t)raw + CHUNK_BYTES - 1) & ~(uintptr_t)(CHUNK_BYTES - 1));
    size_t head = (size_t)(aligned - raw), tail = span - head - CHUNK_BYTES;
    if (head)
        munmap(raw, head);
    if (tail)
        munmap(aligned + CHUNK_BYTES, tail);
#if defined(MADV_HUGEPAGE)
    (void)madvise(aligned, CHUNK_BYTES, MADV_HUGEPAGE); /* a hint: fine if refused */
#endif
    return aligned;
}

static void chunk_free(uint8_t *chunk)
{
    munmap(chunk, CHUNK_BYTES);
}
#else
/* Records may ask for cache-line alignment (struct rstf_flow does). */
static uint8_t *chunk_alloc(void)
{
    uint8_t *chunk = (uint8_t *)aligned_alloc(64, CHUNK_BYTES);
    if (chunk)
        memset(chunk, 0, CHUNK_BYTES);
    return chunk;
}

static void chunk_free(uint8_t *chunk)
{
    free(chunk);
}
#endif

void rstf_chunks_free(struct rstf_chunks *t)
{
    for (uint32_t i = 0; i < t->n_chunks; i++)
        if (t->chunks[i])
            chunk_free(t->chunks[i]);
    g_free(t->chunks);
    t->chunks = NULL;
    t->n_chunks = 0;
    t->used = 0;
}

void rstf_chunks_reset(struct rstf_chunks *t, size_t record_size)
{
    rstf_chunks_free(t);
    t->record_size = record_size;
    t->per_chunk = (uint32_t)(CHUNK_BYTES / record_size);
}

void *rstf_chunks_at(struct rstf_chunks *t, uint32_t index)
{
    if (index >= RSTF_CHUNKS_MAX_RECORDS || t->per_chunk == 0)
        return NULL;
    uint32_t chunk = index / t->per_chunk;

    if (chunk >= t->n_chunks) {
        uint32_t n = MAX(chunk + 1, t->n_chunks * 2);

        t->chunks = (uint8_t **)g_realloc(t->chunks, n * sizeof *t->chunks);
        memset(t->chunks + t->n_chunks, 0, (n - t->n_chunks) * sizeof *t->chunks);
        t->n_chunks = n;
    }
    if (!t->chunks[chunk] && !(t->chunks[chunk] = chunk_alloc()))
        return NULL;
    return t->chunks[chunk] + (size_t)(index % t->per_chunk) * t->record_size;
}

void *rstf_chunks_append(struct rstf_chunks *t)
{
    void *r = rstf_chunks_at(t, t->used);

    if (r)
        t->used++;
    return r;
}
