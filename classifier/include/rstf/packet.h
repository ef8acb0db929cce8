/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf/packet.h - the facts of one TCP segment, as the scorers need them.
 *
 * Filled by whoever decodes packets (the Wireshark plugin, a test, a fuzzer).
 * Fields a truncated or odd frame did not provide are marked absent in
 * `have`, so the scorers that need them abstain instead of guessing.
 */
#ifndef RSTF_PACKET_H
#define RSTF_PACKET_H

#include <stdbool.h>
#include <stdint.h>

#include "rstf/diag.h"

/* TCP header flag bits, as on the wire. */
enum {
    RSTF_TCP_FIN = 0x01,
    RSTF_TCP_SYN = 0x02,
    RSTF_TCP_RST = 0x04,
    RSTF_TCP_PSH = 0x08,
    RSTF_TCP_ACK = 0x10,
    RSTF_TCP_URG = 0x20,
};

/* TCP option kinds present on a segment (bit set). */
enum {
    RSTF_OPT_MSS       = 1u << 0,
    RSTF_OPT_WSCALE    = 1u << 1,
    RSTF_OPT_SACK_PERM = 1u << 2,
    RSTF_OPT_SACK      = 1u << 3,
    RSTF_OPT_TIMESTAMP = 1u << 4,
    RSTF_OPT_OTHER     = 1u << 5,
};

/* Which fields of struct rstf_packet were actually decoded. */
enum {
    RSTF_HAVE_TTL     = 1u << 0,
    RSTF_HAVE_IPID    = 1u << 1, /* IPv4 only: IPv6 has no IP-ID */
    RSTF_HAVE_DF      = 1u << 2, /* IPv4 only */
    RSTF_HAVE_SEQ     = 1u << 3,
    RSTF_HAVE_ACK     = 1u << 4, /* the ack number field (meaningful with the ACK flag) */
    RSTF_HAVE_WINDOW  = 1u << 5,
    RSTF_HAVE_OPTIONS = 1u << 6, /* the option list was decoded (present even if empty) */
    RSTF_HAVE_LEN     = 1u << 7,
    RSTF_HAVE_FLOWLBL = 1u << 8, /* IPv6 only */
    RSTF_HAVE_PAYLOAD = 1u << 9, /* diag holds rstf_diag_parse() of the payload bytes */
};

/* The two endpoints of a conversation, in the decoder's own numbering. */
enum rstf_side { RSTF_SIDE_A = 0, RSTF_SIDE_B = 1 };

/* Timestamps stay within ±(2^62 - 1) ns (±146 years) so that the difference of
 * any two fits an int64_t: decoders build them with rstf_ts_ns(). */
#define RSTF_TS_LIMIT (((int64_t)1 << 62) - 1)

static inline int64_t rstf_ts_ns(int64_t secs, int64_t nsecs)
{
    const int64_t limit_s = RSTF_TS_LIMIT / 1000000000;
    if (secs >= limit_s)
        return RSTF_TS_LIMIT;
    if (secs <= -limit_s)
        return -RSTF_TS_LIMIT;
    return secs * 1000000000 + nsecs;
}

struct rstf_packet {
    int64_t  ts_ns;        /* capture time, nanoseconds (any fixed epoch), see rstf_ts_ns() */
    uint32_t have;         /* RSTF_HAVE_* */
    uint8_t  ip_version;   /* 4 or 6 */
    uint8_t  ttl;          /* TTL or IPv6 hop limit */
    uint16_t ip_id;
    bool     df;
    uint8_t  side;         /* enum rstf_side: the endpoint whose address is the source */
    uint8_t  tcp_flags;    /* RSTF_TCP_* */
    uint8_t  wscale;       /* shift carried by a window-scale option */
    uint8_t  options;      /* RSTF_OPT_* */
    uint16_t window;       /* raw, unscaled */
    uint32_t seq;          /* raw sequence number */
    uint32_t ack;          /* raw acknowledgement number */
    uint32_t tsval, tsecr; /* valid when options has RSTF_OPT_TIMESTAMP */
    uint32_t payload_len;
    uint32_t flow_label;   /* IPv6 flow label */
    struct rstf_diag diag; /* RSTs: their payload, decoded (with RSTF_HAVE_PAYLOAD) */
};

static inline bool rstf_has(const struct rstf_packet *p, uint32_t bits)
{
    return (p->have & bits) == bits;
}

/*
 * Stacks start TTLs (hop limits) at 32, 64, 128 or 255: the smallest of
 * these at or above what arrived is where the sender most likely started,
 * and the difference is its distance in hops.  Paths over 32 hops (rare)
 * make a 64 look like a 32.
 */
static inline unsigned rstf_initial_ttl(unsigned observed)
{
    return observed <= 32 ? 32 : observed <= 64 ? 64 : observed <= 128 ? 128 : 255;
}

static inline unsigned rstf_hops(unsigned observed)
{
    return rstf_initial_ttl(observed) - observed;
}

#endif
