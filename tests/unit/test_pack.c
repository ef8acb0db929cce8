/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_pack.c - records kept as their non-zero words (plugin/rstf-pack.c):
 * every record comes back byte for byte, only its non-zero words are kept,
 * and what is unpacked over is fully overwritten.
 */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "rstf-pack.h"

int main(void)
{
    uint64_t rng = 0x2545f4914f6cdd1dull;
    unsigned wrong = 0, wrong_count = 0, stale = 0, records = 0;

    for (unsigned words = 1; words <= RSTF_PACK_MAX_WORDS; words++)
        for (unsigned trial = 0; trial < 200; trial++) {
            /* Bytes at odd offsets too: zero words, words with one byte
             * set, full words; the record itself not 8-byte aligned. */
            uint8_t buf[8 * RSTF_PACK_MAX_WORDS + 1], *record = buf + 1;
            uint8_t back[8 * RSTF_PACK_MAX_WORDS];
            uint64_t packed[RSTF_PACK_MAX_WORDS], mask;
            unsigned nonzero = 0;

            for (unsigned i = 0; i < words; i++) {
                rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
                uint64_t w = (rng >> 8) % 3 == 0 ? 0 : (rng >> 8) % 3 == 1 ? (uint64_t)1 << (rng % 64) : rng;
                memcpy(record + 8 * i, &w, 8);
                nonzero += w != 0;
            }
            unsigned n = rstf_pack(record, words, &mask, packed);
            wrong_count += n != nonzero || (unsigned)__builtin_popcountll(mask) != n;
            memset(back, 0x5a, sizeof back);
            rstf_unpack(mask, packed, back, words);
            wrong += memcmp(back, record, (size_t)8 * words) != 0;
            stale += words < RSTF_PACK_MAX_WORDS && back[8 * words] != 0x5a;
            records++;
        }
    CHECK(wrong == 0, "%u of %u records came back different", wrong, records);
    CHECK(wrong_count == 0, "%u of %u records kept other than their non-zero words", wrong_count,
          records);
    CHECK(stale == 0, "%u unpacks wrote past their record", stale);

    /* All zero: nothing kept, and zeroes come back over anything. */
    uint64_t zeros[8] = { 0 }, packed[8], mask = 1;
    uint8_t back[64];
    CHECK(rstf_pack(zeros, 8, &mask, packed) == 0 && mask == 0, "an all-zero record keeps nothing");
    memset(back, 0xff, sizeof back);
    rstf_unpack(0, packed, back, 8);
    CHECK(memcmp(back, zeros, sizeof back) == 0, "and comes back all zero");
    return check_summary("pack");
}
