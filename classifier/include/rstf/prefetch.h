/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf/prefetch.h - ask for a cache line that is about to be written.
 *
 * Conversation records come back after hundreds of other packets, out of
 * cache; asking early lets their misses overlap.  A hint only: compilers
 * without the builtin lose nothing but speed.
 */
#ifndef RSTF_PREFETCH_H
#define RSTF_PREFETCH_H

#if defined(__GNUC__) || defined(__clang__)
#define RSTF_PREFETCH_WRITE(addr) __builtin_prefetch((addr), 1)
#else
#define RSTF_PREFETCH_WRITE(addr) ((void)(addr))
#endif

#endif
