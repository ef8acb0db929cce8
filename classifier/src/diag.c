/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The RST diagnostic payload (draft-ietf-tcpm-rst-diagnostic-payload). */
#include "rstf/diag.h"

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool rstf_diag_parse(const uint8_t *bytes, size_t captured_len, size_t segment_len,
                     struct rstf_diag *out)
{
    *out = (struct rstf_diag){ .status = RSTF_DIAG_ABSENT };
    if (!bytes)
        captured_len = 0;
    if (segment_len == 0)
        return false;
    if (captured_len < 2) {
        out->status = RSTF_DIAG_TRUNCATED;
        return false;
    }
    if (be16(bytes) != RSTF_DIAG_MAGIC) {
        out->status = RSTF_DIAG_FOREIGN;
        return false;
    }
    if (segment_len != RSTF_DIAG_LEN) {
        out->status = RSTF_DIAG_MALFORMED;
        return false;
    }
    if (captured_len < RSTF_DIAG_LEN) {
        out->status = RSTF_DIAG_TRUNCATED;
        return false;
    }
    uint16_t reason = be16(bytes + 2);
    if (reason == 0) {
        out->status = RSTF_DIAG_MALFORMED;
        return false;
    }
    out->status = RSTF_DIAG_VALID;
    out->reason = reason;
    out->pen = be32(bytes + 4);
    return true;
}

const char *rstf_diag_reason_text(uint16_t reason, uint32_t pen)
{
    /* The draft's initial "TCP Failure Causes" registry. */
    static const char *const iana[] = {
        [1] = "Illegal option length",
        [2] = "Desynchronized state",
        [3] = "New data is received after CLOSE is called",
        [4] = "ABORT process",
        [5] = "Unexpected ACK received by non-synchronized state connection",
        [6] = "Unexpected SYN in the window",
        [7] = "Unexpected security compartment",
        [8] = "Malformed message",
        [9] = "Not authorized",
        [10] = "Resource exceeded",
        [11] = "Network failure",
        [12] = "Reset received from the peer",
        [13] = "Destination unreachable",
        [14] = "Connection timeout",
        [15] = "Too much outstanding data",
        [16] = "Unacceptable performance",
        [17] = "Middlebox interference",
    };

    if (pen != 0)
        return "vendor-specific reason";
    if (reason < sizeof iana / sizeof iana[0] && iana[reason])
        return iana[reason];
    return "unassigned reason";
}

bool rstf_diag_service_reason(uint16_t reason, uint32_t pen)
{
    return pen == 0 && reason >= 8 && reason <= 14;
}
