/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_flow.h - the fuzz input format shared by the libFuzzer harness, the
 * plain replay driver and the seed maker (tests/fuzz/make-seeds).
 */
#ifndef RSTF_FUZZ_FLOW_H
#define RSTF_FUZZ_FLOW_H

#include <stddef.h>
#include <stdint.h>

#define FUZZ_HEADER_BYTES 10
#define FUZZ_RECORD_BYTES 40

/* libFuzzer's entry point; the replay driver calls it once per file. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
