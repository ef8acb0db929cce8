/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_chunks.c - the plugin's record tables (plugin/rstf-chunks.c).
 *
 * Captures in CI hold a few hundred conversations, one chunk's worth: this
 * walks several chunks, a sparse index, the limits and a reset, and checks
 * that records start zeroed, never overlap and never move.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rstf-chunks.h"

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
    return check_summary("chunks");
}
