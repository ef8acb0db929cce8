/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf/diag.h - the TCP RST diagnostic payload of the IETF tcpm draft
 * draft-ietf-tcpm-rst-diagnostic-payload (experimental):
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |         magic 0x33AA          |          reason-code          |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                              pen                              |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Network byte order; the RST's payload is exactly these 8 bytes; reason
 * 0 is reserved; pen 0 means the IANA "TCP Failure Causes" registry, any
 * other value a Private Enterprise Number's own registry.  A payload with
 * the magic that breaks these rules is malformed and receivers ignore it.
 * The draft lets both endpoints and on-path service functions (NAT,
 * firewall, CGN) send one.
 */
#ifndef RSTF_DIAG_H
#define RSTF_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RSTF_DIAG_MAGIC 0x33AAu
#define RSTF_DIAG_LEN   8u

enum rstf_diag_status {
    RSTF_DIAG_ABSENT = 0, /* no payload (or the decoder did not look: see RSTF_HAVE_PAYLOAD) */
    RSTF_DIAG_VALID,      /* the draft's payload: reason and pen are meaningful */
    RSTF_DIAG_MALFORMED,  /* the magic, but a length other than 8 or reason 0 */
    RSTF_DIAG_TRUNCATED,  /* the magic, but the capture holds too few of the bytes */
    RSTF_DIAG_FOREIGN,    /* a payload that is not the draft's (no magic) */
};

struct rstf_diag {
    uint8_t  status;      /* enum rstf_diag_status */
    uint16_t reason;      /* reason-code, host order (valid only) */
    uint32_t pen;         /* Private Enterprise Number, host order; 0: IANA registry */
};

/*
 * Decode an RST's payload.  bytes holds the captured_len bytes of it that
 * the capture has (NULL allowed when captured_len is 0); segment_len is its
 * length on the wire (IP length minus headers), so a snapped capture is
 * told apart from a malformed payload.  Reads bytes[0 .. min(captured_len,
 * 8) - 1] only, never more; needs no alignment; fills *out completely and
 * returns out->status == RSTF_DIAG_VALID.  Pure: no state, no allocation.
 */
bool rstf_diag_parse(const uint8_t *bytes, size_t captured_len, size_t segment_len,
                     struct rstf_diag *out);

/* The registry's description of reason (pen 0), "vendor-specific reason"
 * (pen != 0) or "unassigned reason"; never NULL. */
const char *rstf_diag_reason_text(uint16_t reason, uint32_t pen);

/* Reasons the registry says on-path service functions may use (8..14,
 * pen 0): a NAT or firewall may be telling who it is. */
bool rstf_diag_service_reason(uint16_t reason, uint32_t pen);

#endif
