/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "rstf-pack.h"

#include <string.h>

unsigned rstf_pack(const void *record, unsigned words, uint64_t *mask, uint64_t *out)
{
    const uint8_t *bytes = (const uint8_t *)record;
    unsigned limit = words < RSTF_PACK_MAX_WORDS ? words : RSTF_PACK_MAX_WORDS;
    uint64_t m = 0;
    unsigned n = 0;

    for (unsigned i = 0; i < limit; i++) {
        uint64_t w;

        /* memcpy: the record need not be 8-byte aligned, nor a uint64_t. */
        memcpy(&w, bytes + 8 * i, sizeof w);
        if (w) {
            m |= (uint64_t)1 << i;
            out[n++] = w;
        }
    }
    *mask = m;
    return n;
}

void rstf_unpack(uint64_t mask, const uint64_t *packed, void *record, unsigned words)
{
    uint8_t *bytes = (uint8_t *)record;

    if (words > RSTF_PACK_MAX_WORDS)
        words = RSTF_PACK_MAX_WORDS;
    memset(bytes, 0, (size_t)words * 8);
    if (words < RSTF_PACK_MAX_WORDS)
        mask &= ((uint64_t)1 << words) - 1;
    /* Only the kept words: one step per set bit. */
    for (; mask; mask &= mask - 1)
        memcpy(bytes + 8 * (unsigned)__builtin_ctzll(mask), packed++, 8);
}
