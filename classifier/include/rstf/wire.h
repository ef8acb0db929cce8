/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf/wire.h - TCP/IP header facts read straight from captured bytes.
 *
 * The Wireshark plugin asks the dissectors for no per-segment field: the
 * "tcp" protocol item says where the header starts, and the rest is read
 * here, because every field a post-dissector asks for is built for every
 * packet and that, not the scoring, was the plugin's cost
 * (docs/performance.md).
 *
 * Every read is bounds-checked against the captured length; what a
 * truncated frame lacks stays absent in rstf_packet.have.
 */
#ifndef RSTF_WIRE_H
#define RSTF_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rstf/packet.h"

/* IP protocol numbers of the headers RSTF looks for above IP. */
enum { RSTF_IPPROTO_ICMP = 1, RSTF_IPPROTO_TCP = 6, RSTF_IPPROTO_ICMPV6 = 58 };

/* A packet's bytes: `captured` of them at data, `reported` on the wire. */
struct rstf_wire {
    const uint8_t *data;
    size_t captured;
    size_t reported;
};

/* The network addresses the dissectors settled on for the frame (the
 * innermost IP header's); len 0 when there are none. */
struct rstf_wire_addrs {
    uint8_t len; /* 4 or 16 */
    uint8_t src[16];
    uint8_t dst[16];
};

/* The IP header carrying an upper-layer header. */
struct rstf_wire_ip {
    size_t offset;        /* where the IP header starts */
    size_t payload_end;   /* where its payload ends; 0: unknown (IPv6 jumbogram) */
    uint8_t version;      /* 4 or 6 */
    uint8_t ttl;          /* TTL or hop limit */
    uint16_t ip_id;       /* IPv4 */
    bool df;              /* IPv4 */
    uint32_t flow_label;  /* IPv6 */
    uint8_t addr_len;     /* 4 or 16 */
    uint8_t src[16];
    uint8_t dst[16];
};

/*
 * Find the IPv4 or IPv6 header whose payload is the `proto` header at
 * upper_off: an IPv4 header ending right there, or an IPv6 header whose
 * extension headers end there.  A candidate counts only when it names the
 * frame's addresses `expect` or, for IPv4, when its header checksum holds
 * (a TCP header an outer tunnel carries, where the frame's addresses are
 * the inner ones).  False when none does (e.g. IP reassembled into another
 * buffer): the IP facts are then unknown, never guessed.
 */
bool rstf_wire_find_ip(const struct rstf_wire *w, size_t upper_off, uint8_t proto,
                       const struct rstf_wire_addrs *expect, struct rstf_wire_ip *ip);

/* A TCP segment's facts: the header at tcp_off and, if found, its IP header. */
struct rstf_wire_segment {
    struct rstf_packet pkt;  /* everything but ts_ns and side */
    uint16_t src_port, dst_port;
    uint8_t addr_len;        /* 4, 16, or 0 when no IP header was found */
    uint8_t src_addr[16];
    uint8_t dst_addr[16];
    size_t payload_offset;   /* first payload byte; payload_len in pkt when known */
};

/* False when even the 20-byte fixed TCP header was not captured. */
bool rstf_wire_segment(const struct rstf_wire *w, size_t tcp_off,
                       const struct rstf_wire_addrs *expect, struct rstf_wire_segment *seg);

#endif
