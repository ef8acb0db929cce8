/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The RST diagnostic payload parser, table-driven, with payloads built as
 * draft-ietf-tcpm-rst-diagnostic-payload lays them out: magic 0x33AA,
 * reason-code, pen, network byte order, exactly 8 bytes.  Each payload is
 * copied into a buffer of exactly its captured length, so a read past it is
 * an ASan finding in the sanitized build.
 */
#include <stdlib.h>

#include "check.h"
#include "rstf/diag.h"

struct row {
    const char *name;
    uint8_t bytes[16];
    size_t captured, segment;
    enum rstf_diag_status want;
    uint16_t reason;
    uint32_t pen;
};

static const struct row rows[] = {
    /* The draft's three examples. */
    { "LISTEN got an ACK (fig. 1)", { 0x33, 0xAA, 0x00, 0x02, 0, 0, 0, 0 }, 8, 8, RSTF_DIAG_VALID, 2, 0 },
    { "NAT mapping expired (fig. 2)", { 0x33, 0xAA, 0x00, 0x0E, 0, 0, 0, 0 }, 8, 8, RSTF_DIAG_VALID, 14, 0 },
    { "vendor 1234, PEN 32473 (fig. 3)", { 0x33, 0xAA, 0x04, 0xD2, 0x00, 0x00, 0x7E, 0xD9 }, 8, 8,
      RSTF_DIAG_VALID, 1234, 32473 },
    { "byte order", { 0x33, 0xAA, 0xFF, 0x01, 0x01, 0x02, 0x03, 0x04 }, 8, 8, RSTF_DIAG_VALID, 0xFF01, 0x01020304 },
    /* What a receiver must ignore. */
    { "reason 0 is reserved", { 0x33, 0xAA, 0, 0, 0, 0, 0, 0 }, 8, 8, RSTF_DIAG_MALFORMED, 0, 0 },
    { "SEG.LEN 9", { 0x33, 0xAA, 0, 2, 0, 0, 0, 0, 0 }, 9, 9, RSTF_DIAG_MALFORMED, 0, 0 },
    { "SEG.LEN 4", { 0x33, 0xAA, 0, 2 }, 4, 4, RSTF_DIAG_MALFORMED, 0, 0 },
    { "Linux's 1000-byte experiment", { 14, 0, 0, 0, 0, 0, 0, 0 }, 8, 1000, RSTF_DIAG_FOREIGN, 0, 0 },
    { "magic byte-swapped", { 0xAA, 0x33, 0, 2, 0, 0, 0, 0 }, 8, 8, RSTF_DIAG_FOREIGN, 0, 0 },
    /* Captures that hold less than the segment. */
    { "snapped after 6 bytes", { 0x33, 0xAA, 0, 2, 0, 0 }, 6, 8, RSTF_DIAG_TRUNCATED, 0, 0 },
    { "snapped after 1 byte", { 0x33 }, 1, 8, RSTF_DIAG_TRUNCATED, 0, 0 },
    { "nothing captured", { 0 }, 0, 8, RSTF_DIAG_TRUNCATED, 0, 0 },
    { "no payload", { 0 }, 0, 0, RSTF_DIAG_ABSENT, 0, 0 },
    /* Bytes past the segment (Ethernet padding) are not payload. */
    { "padding beyond the segment", { 0x33, 0xAA, 0, 2, 0, 0, 0, 0, 0xEE, 0xEE }, 10, 8, RSTF_DIAG_VALID, 2, 0 },
};

static void test_rows(void)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct row *r = &rows[i];
        uint8_t *copy = r->captured ? malloc(r->captured) : NULL;
        struct rstf_diag d;

        if (copy)
            memcpy(copy, r->bytes, r->captured);
        bool valid = rstf_diag_parse(copy, r->captured, r->segment, &d);
        CHECK(d.status == r->want, "[%s] status %u, want %u", r->name, d.status, r->want);
        CHECK(valid == (r->want == RSTF_DIAG_VALID), "[%s] return value follows the status", r->name);
        CHECK(d.reason == r->reason && d.pen == r->pen, "[%s] reason %u pen %u, want %u %u",
              r->name, d.reason, d.pen, r->reason, r->pen);
        free(copy);
    }
}

static void test_null_and_stale(void)
{
    struct rstf_diag d = { .status = RSTF_DIAG_VALID, .reason = 9, .pen = 7 };

    CHECK(!rstf_diag_parse(NULL, 8, 8, &d) && d.status == RSTF_DIAG_TRUNCATED,
          "NULL bytes are no bytes, whatever the length says");
    CHECK(d.reason == 0 && d.pen == 0, "nothing left over from the previous value");
}

static void test_reason_text(void)
{
    CHECK_STR_CONTAINS(rstf_diag_reason_text(14, 0), "Connection timeout");
    CHECK_STR_CONTAINS(rstf_diag_reason_text(17, 0), "Middlebox interference");
    CHECK_STR_CONTAINS(rstf_diag_reason_text(18, 0), "unassigned");
    CHECK_STR_CONTAINS(rstf_diag_reason_text(0, 0), "unassigned");
    CHECK_STR_CONTAINS(rstf_diag_reason_text(14, 32473), "vendor-specific");
    CHECK(rstf_diag_service_reason(8, 0) && rstf_diag_service_reason(14, 0),
          "8..14 are the draft's service-function reasons");
    CHECK(!rstf_diag_service_reason(7, 0) && !rstf_diag_service_reason(15, 0) &&
          !rstf_diag_service_reason(9, 32473), "others are not");
}

int main(void)
{
    test_rows();
    test_null_and_stale();
    test_reason_text();
    return check_summary("diag");
}
