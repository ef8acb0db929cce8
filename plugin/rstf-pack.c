/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "rstf-pack.h"

#include <string.h>

unsigned rstf_pack(const void *record, unsigned words, uint64_t *mask, uint64_t *out)
{
    const uint8_t *bytes = (const uint8_t *)record;
    unsigned n = 0;

    *mask = 0;
    for (unsigned i = 0; i < words && i < RSTF_PACK_MAX_WORDS; i++) {
        uint64_t w;

        /* memcpy: the record need not be 8-byte aligned, nor a uint64_t. */
        memcpy(&w, bytes + 8 * i, sizeof w);
        if (w) {
            *mask |= (uint64_t)1 << i;
            out[n++] = w;
        }
    }
    return n;
}

void rstf_unpack(uint64_t mask, const uint64_t *packed, void *record, unsigned words)
{
    uint8_t *bytes = (uint8_t *)record;
    const uint64_t zero = 0;

    for (unsigned i = 0; i < words && i < RSTF_PACK_MAX_WORDS; i++)
        memcpy(bytes + 8 * i, (mask >> i) & 1 ? packed++ : &zero, 8);
}
