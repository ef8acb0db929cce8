/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_chunks.c - the plugin's record tables (plugin/rstf-chunks.c).
 *
 * Captures in CI hold a few hundred conversations, one chunk's worth: this
 * walks several chunks, a sparse index, the limits and a reset, and checks
 * that records start zeroed, never overlap and never move.  Likewise the
 * large-table memory the conversation index takes its slots from, which
 * only a capture of 65 536 conversations would reach.  And runs of records,
 * which RST results of varying length take.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rstf-chunks.h"
#include "rstf/conn_index.h"

/* Not a divisor of 2 MiB, like the real conversation record. */
#define RECORD 1072u

static bool all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

static void fill(uint8_t *p, uint32_t index)
{
    for (size_t i = 0; i < RECORD; i++)
        p[i] = (uint8_t)(index * 31u + i);
}

static bool holds(const uint8_t *p, uint32_t index)
{
    for (size_t i = 0; i < RECORD; i++)
        if (p[i] != (uint8_t)(index * 31u + i))
            return false;
    return true;
}

/* Heap below 1 MiB, whole huge pages from there: zeroed and writable to
 * the last byte either way, and freed by size. */
static void test_tables(void)
{
    static const size_t sizes[] = { 8192, (1u << 20) - 8, 1u << 20, (2u << 20) + 8, 4u << 20 };

    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t size = sizes[k];
        uint8_t *p = rstf_table_alloc(size);

        CHECK(p != NULL && all_zero(p, size), "a %zu-byte table starts zeroed", size);
        if (!p)
            continue;
#if defined(__linux__)
        if (size >= (1u << 20))
            CHECK(((uintptr_t)p & ((2u << 20) - 1)) == 0, "a %zu-byte table sits on huge pages", size);
#endif
        memset(p, 0xa5, size);
        CHECK(p[0] == 0xa5 && p[size - 1] == 0xa5, "a %zu-byte table is writable throughout", size);
        rstf_table_free(p, size);
    }

    /* An index grown past 1 MiB of slots on that memory, as the plugin's. */
    static const struct rstf_conn_memory huge = { rstf_table_alloc, rstf_table_free };
    static struct rstf_conn_index ix = { .memory = &huge };
    enum { N = 70000 };
    bool all_found = true;

    for (uint32_t r = 0; r < N; r++)
        all_found = rstf_conn_index_add(&ix, rstf_addr_hash(4, (const uint8_t *)&r), r) && all_found;
    CHECK(((size_t)ix.mask + 1) * sizeof *ix.slots > (1u << 20), "the slots outgrew 1 MiB");
    for (uint32_t r = 0; r < N; r++) {
        struct rstf_conn_probe probe;
        uint32_t got, hits = 0;

        rstf_conn_probe_start(&probe, &ix, rstf_addr_hash(4, (const uint8_t *)&r));
        while ((got = rstf_conn_probe_next(&probe)) != RSTF_CONN_NONE)
            hits += got == r;
        all_found = all_found && hits == 1;
    }
    CHECK(all_found, "every one of %u records found in huge-page slots", (unsigned)N);
    rstf_conn_index_free(&ix);
    CHECK(ix.slots == NULL && ix.memory == &huge, "freed, and still on that memory");
}

/* Runs of records (RST results of varying length): each run is zeroed,
 * inside one chunk and after the one before, and a run that would cross a
 * chunk's end starts the next chunk instead. */
static void test_runs(void)
{
    static struct rstf_chunks w;
    uint64_t rng = 0x9e3779b97f4a7c15ull;
    unsigned crossed = 0, skipped = 0, overlapped = 0, dirty = 0;
    uint8_t *last_end = NULL;

    rstf_chunks_reset(&w, 16);
    for (unsigned i = 0; i < 400000; i++) {
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        uint32_t n = 1 + (uint32_t)(rng % 40), before = w.used;
        uint8_t *r = rstf_chunks_append_run(&w, n);
        if (!r) {
            CHECK(false, "run %u of %u records", i, n);
            break;
        }
        uint32_t first = w.used - n;
        if (first / w.per_chunk != (w.used - 1) / w.per_chunk) {
            crossed++; /* its end is not memory of the chunk: do not touch it */
            last_end = NULL;
            continue;
        }
        skipped += first != before;
        overlapped += last_end && first == before && first % w.per_chunk != 0 && r != last_end;
        dirty += !all_zero(r, (size_t)n * 16);
        memset(r, 0xa5, (size_t)n * 16);
        last_end = r + (size_t)n * 16;
    }
    CHECK(crossed == 0 && overlapped == 0 && dirty == 0,
          "%u runs crossed a chunk, %u did not follow the one before, %u were not zeroed", crossed,
          overlapped, dirty);
    CHECK(skipped > 10 && w.used > 4 * w.per_chunk, "%u chunk ends skipped over %u chunks", skipped,
          w.used / w.per_chunk);
    CHECK(rstf_chunks_append_run(&w, 0) == NULL && rstf_chunks_append_run(&w, w.per_chunk + 1) == NULL,
          "no empty run, none longer than a chunk");
    rstf_chunks_free(&w);
}

int main(void)
{
    static struct rstf_chunks t; /* zeroed, as the plugin's statics are */

    rstf_chunks_reset(&t, RECORD);
    CHECK(t.per_chunk > 1000 && t.per_chunk * RECORD <= (2u << 20),
          "a 2 MiB chunk holds %u records", t.per_chunk);

    /* Three and a half chunks, in order: zeroed on arrival, then filled. */
    uint32_t n = t.per_chunk * 3 + t.per_chunk / 2;
    uint8_t **at = calloc(n, sizeof *at);
    CHECK(at != NULL, "test memory");
    for (uint32_t i = 0; at && i < n; i++) {
        at[i] = rstf_chunks_at(&t, i);
        CHECK(at[i] != NULL, "record %u exists", i);
        if (!at[i])
            break;
        CHECK(all_zero(at[i], RECORD), "record %u starts zeroed", i);
        fill(at[i], i);
    }
    /* Nothing overlapped and nothing moved. */
    for (uint32_t i = 0; at && i < n && at[i]; i++) {
        CHECK(holds(at[i], i), "record %u kept its bytes", i);
        CHECK(rstf_chunks_at(&t, i) == at[i], "record %u stayed where it was", i);
    }

    /* A sparse index far ahead allocates only its own chunk. */
    uint32_t far = t.per_chunk * 40 + 7;
    uint8_t *f = rstf_chunks_at(&t, far);
    CHECK(f != NULL && all_zero(f, RECORD), "a far index gets a zeroed record");
    CHECK(t.n_chunks > 40 && t.chunks[20] == NULL, "chunks between stay unallocated");
    CHECK(at && at[0] && at[n - 1] && holds(at[0], 0) && holds(at[n - 1], n - 1),
          "growing the chunk list kept the old records");
    CHECK(rstf_chunks_at(&t, RSTF_CHUNKS_MAX_RECORDS) == NULL, "beyond the limit: no record");

    /* Append hands out records from its own counter. */
    struct rstf_chunks hosts = { 0 };
    rstf_chunks_reset(&hosts, 48);
    for (uint32_t i = 0; i < 50000; i++) {
        uint8_t *h = rstf_chunks_append(&hosts);
        if (!h || h != rstf_chunks_at(&hosts, i) || hosts.used != i + 1) {
            CHECK(false, "append %u is record %u", i, i);
            break;
        }
    }
    rstf_chunks_free(&hosts);
    CHECK(hosts.chunks == NULL && hosts.used == 0, "free empties the table");

    /* A new file: everything freed, records zeroed again. */
    rstf_chunks_reset(&t, RECORD);
    CHECK(t.n_chunks == 0 && t.used == 0, "reset empties the table");
    uint8_t *again = rstf_chunks_at(&t, 5);
    CHECK(again != NULL && all_zero(again, RECORD), "after a reset records start zeroed");
    rstf_chunks_free(&t);
    free(at);
    test_tables();
    test_runs();
    return check_summary("chunks");
}
