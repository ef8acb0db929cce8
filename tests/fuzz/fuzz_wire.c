/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_wire.c - the header decoder (rstf/wire.h) on arbitrary frames.  The
 * plugin hands it the bytes of every captured TCP segment, so it must never
 * read past the captured length whatever the bytes say.
 *
 * Input: [0..1] TCP header offset (big-endian, taken modulo the frame
 * length + 1); [2] low 2 bits: which addresses the frame claims (0 none,
 * 1 IPv4 and 2 IPv6, both read from the 8 / 32 bytes before the TCP header
 * so that matching headers are reachable, 3 IPv4 that match nothing);
 * [3] bytes the wire had beyond those captured; the rest is the frame,
 * copied to a buffer of exactly its size so ASan sees any overread.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_flow.h"
#include "rstf/wire.h"

#define WIRE_HEADER_BYTES 4

static void claimed_addrs(uint8_t mode, const uint8_t *frame, size_t len, size_t tcp_off,
                          struct rstf_wire_addrs *a)
{
    size_t alen = mode == 2 ? 16 : 4;

    memset(a, 0, sizeof *a);
    if (mode == 0)
        return;
    a->len = (uint8_t)alen;
    if (mode == 3) {
        memset(a->src, 0xee, alen);
        return;
    }
    if (tcp_off >= 2 * alen && tcp_off <= len) {
        memcpy(a->src, frame + tcp_off - 2 * alen, alen);
        memcpy(a->dst, frame + tcp_off - alen, alen);
    }
}

static void check(int ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rstf_wire_addrs addrs;
    struct rstf_wire_segment seg;
    struct rstf_wire_ip ip;
    struct rstf_wire w;
    uint8_t *frame;
    size_t len, tcp_off;

    if (size < WIRE_HEADER_BYTES)
        return 0;
    len = size - WIRE_HEADER_BYTES;
    frame = malloc(len ? len : 1);
    if (!frame)
        return 0;
    memcpy(frame, data + WIRE_HEADER_BYTES, len);
    tcp_off = (((size_t)data[0] << 8) | data[1]) % (len + 1);
    claimed_addrs(data[2] & 3, frame, len, tcp_off, &addrs);
    w = (struct rstf_wire){len ? frame : NULL, len, len + data[3]};

    if (rstf_wire_segment(&w, tcp_off, &addrs, &seg)) {
        check(tcp_off + 20 <= len);
        check(seg.addr_len == 0 || seg.addr_len == 4 || seg.addr_len == 16);
        check(seg.payload_offset >= tcp_off + 20);
        /* Options are decoded only from a fully captured header. */
        check(!(seg.pkt.have & RSTF_HAVE_OPTIONS) || seg.payload_offset <= len);
        check(!(seg.pkt.have & RSTF_HAVE_TTL) == (seg.addr_len == 0));
    }
    for (uint8_t proto = 0; proto < 3; proto++) {
        static const uint8_t protos[3] = {RSTF_IPPROTO_TCP, RSTF_IPPROTO_ICMP,
                                          RSTF_IPPROTO_ICMPV6};
        if (rstf_wire_find_ip(&w, tcp_off, protos[proto], &addrs, &ip)) {
            check(ip.offset < tcp_off);
            check(ip.version == 4 || ip.version == 6);
            check(ip.addr_len == (ip.version == 4 ? 4 : 16));
        }
    }
    free(frame);
    return 0;
}
