/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-pack.h - a fixed-size record kept as its non-zero 8-byte words.
 *
 * An RST's observation is 392 bytes, and much of it is zero: the endpoint
 * an RST claims to come from has often sent nothing (a SYN to a closed
 * port), and look-ahead, bursts and the host are mostly absent.  A port
 * scan's capture holds hundreds of thousands of them for later passes, so
 * rstf-state.c keeps each as a mask of its non-zero words and those words.
 * Lossless, padding included, and blind to what the words mean.
 */
#ifndef RSTF_PACK_H
#define RSTF_PACK_H

#include <stdint.h>

/* Records of at most 64 words: one bit of the mask each. */
#define RSTF_PACK_MAX_WORDS 64u

/* The non-zero words of record (`words` of them): their positions as bits
 * of *mask, the words in order into out.  Returns how many there are. */
unsigned rstf_pack(const void *record, unsigned words, uint64_t *mask, uint64_t *out);

/* The record back from what rstf_pack() gave: zero where mask has no bit. */
void rstf_unpack(uint64_t mask, const uint64_t *packed, void *record, unsigned words);

#endif
