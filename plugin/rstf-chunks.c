/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-chunks.c - see rstf-chunks.h.
 *
 * Chunks (and large tables) come from mmap rather than malloc: anonymous
 * pages are zero already (no memset touching every page of a capture's
 * last, mostly empty chunk), alignment to 2 MiB is easy to get, and
 * madvise(MADV_HUGEPAGE) applies to whole mappings.  Debian's default THP
 * mode is "madvise": only regions that ask get huge pages.  Elsewhere,
 * plain zeroed memory, aligned to a cache line at least, as records may
 * require.
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

/* Bytes rounded up to whole 2 MiB pages; 0 when that overflows. */
static size_t whole_pages(size_t bytes)
{
    return bytes > SIZE_MAX - (CHUNK_BYTES - 1) ? 0 : (bytes + CHUNK_BYTES - 1) & ~(CHUNK_BYTES - 1);
}

#if defined(__linux__) && defined(MAP_ANONYMOUS)
static uint8_t *pages_alloc(size_t bytes)
{
    /* Map 2 MiB more and trim to an aligned run in the middle. */
    if (bytes > SIZE_MAX - CHUNK_BYTES)
        return NULL;
    size_t span = bytes + CHUNK_BYTES;
    uint8_t *raw = mmap(NULL, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        return NULL;
    uint8_t *aligned = (uint8_t *)(((uintptr_t)raw + CHUNK_BYTES - 1) & ~(uintptr_t)(CHUNK_BYTES - 1));
    size_t head = (size_t)(aligned - raw), tail = span - head - bytes;
    if (head)
        munmap(raw, head);
    if (tail)
        munmap(aligned + bytes, tail);
#if defined(MADV_HUGEPAGE)
    (void)madvise(aligned, bytes, MADV_HUGEPAGE); /* a hint: fine if refused */
#endif
    return aligned;
}

static void pages_free(uint8_t *p, size_t bytes)
{
    munmap(p, bytes);
}
#else
/* Records may ask for cache-line alignment (struct rstf_flow does). */
static uint8_t *pages_alloc(size_t bytes)
{
    uint8_t *p = (uint8_t *)aligned_alloc(64, bytes);
    if (p)
        memset(p, 0, bytes);
    return p;
}

static void pages_free(uint8_t *p, size_t bytes)
{
    (void)bytes;
    free(p);
}
#endif

static uint8_t *chunk_alloc(void)
{
    return pages_alloc(CHUNK_BYTES);
}

static void chunk_free(uint8_t *chunk)
{
    pages_free(chunk, CHUNK_BYTES);
}

/* Tables of 1 MiB or more get whole huge pages: a few faults instead of
 * hundreds, and no page walks.  Smaller ones would waste most of a page. */
#define TABLE_HUGE_FROM ((size_t)1 << 20)

void *rstf_table_alloc(size_t bytes)
{
    /* The index treats NULL as out of memory: no aborting g_malloc0. */
    if (bytes < TABLE_HUGE_FROM)
        return g_try_malloc0(bytes ? bytes : 1);
    size_t whole = whole_pages(bytes);
    return whole ? pages_alloc(whole) : NULL;
}

void rstf_table_free(void *p, size_t bytes)
{
    if (!p)
        return;
    if (bytes < TABLE_HUGE_FROM)
        g_free(p);
    else
        pages_free((uint8_t *)p, whole_pages(bytes));
}

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

void *rstf_chunks_append_run(struct rstf_chunks *t, uint32_t n)
{
    uint32_t first = t->used;

    if (n == 0 || n > t->per_chunk)
        return NULL;
    if (first % t->per_chunk + n > t->per_chunk)
        first += t->per_chunk - first % t->per_chunk;
    void *r = rstf_chunks_at(t, first);
    if (r)
        t->used = first + n;
    return r;
}
