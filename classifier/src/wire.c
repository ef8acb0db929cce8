/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * wire.c - TCP, IPv4 and IPv6 headers from captured bytes (see rstf/wire.h).
 */
#include "rstf/wire.h"

#include <string.h>

#include "rstf/diag.h"

#define IPV4_MIN_HDR 20
#define IPV4_MAX_HDR 60
#define IPV6_HDR 40
#define TCP_MIN_HDR 20
/* Extension headers between an IPv6 header and TCP: searched up to this
 * many bytes back, and this many headers deep. */
#define IPV6_MAX_EXT_BYTES 512
#define IPV6_MAX_EXT_HEADERS 16

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static bool have(const struct rstf_wire *w, size_t off, size_t len)
{
    return off <= w->captured && len <= w->captured - off;
}

static bool ipv4_checksum_ok(const uint8_t *h, size_t hlen)
{
    uint32_t sum = 0;

    for (size_t i = 0; i < hlen; i += 2)
        sum += get16(h + i);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return sum == 0xffff;
}

static bool names(const uint8_t *src, const uint8_t *dst, uint8_t len,
                  const struct rstf_wire_addrs *expect)
{
    return expect && expect->len == len && memcmp(src, expect->src, len) == 0 &&
           memcmp(dst, expect->dst, len) == 0;
}

static bool find_ipv4(const struct rstf_wire *w, size_t upper_off, uint8_t proto,
                      const struct rstf_wire_addrs *expect, struct rstf_wire_ip *ip)
{
    for (size_t hlen = IPV4_MIN_HDR; hlen <= IPV4_MAX_HDR && hlen <= upper_off; hlen += 4) {
        size_t off = upper_off - hlen;
        const uint8_t *h = w->data + off;
        size_t total;

        if (!have(w, off, hlen) || h[0] != (0x40 | (hlen / 4)) || h[9] != proto)
            continue;
        if (!names(h + 12, h + 16, 4, expect) && !ipv4_checksum_ok(h, hlen))
            continue;
        total = get16(h + 2);
        /* Total length 0: a segment captured before TCP segmentation
         * offload filled it in; Wireshark then takes the frame's length. */
        if (total == 0)
            total = w->reported - off;
        memset(ip, 0, sizeof *ip);
        ip->offset = off;
        ip->payload_end = total >= hlen ? off + total : 0;
        ip->version = 4;
        ip->ttl = h[8];
        ip->ip_id = get16(h + 4);
        ip->df = (h[6] & 0x40) != 0;
        ip->addr_len = 4;
        memcpy(ip->src, h + 12, 4);
        memcpy(ip->dst, h + 16, 4);
        return true;
    }
    return false;
}

/* Does the chain of extension headers after the IPv6 header at off end at
 * upper_off with next header `proto`? */
static bool ipv6_chain_reaches(const struct rstf_wire *w, size_t off, size_t upper_off,
                               uint8_t proto)
{
    uint8_t next = w->data[off + 6];
    size_t at = off + IPV6_HDR;

    for (int depth = 0; depth <= IPV6_MAX_EXT_HEADERS; depth++) {
        size_t len;

        if (at == upper_off)
            return next == proto;
        if (at > upper_off || !have(w, at, 2))
            return false;
        switch (next) {
        case 0:   /* hop-by-hop options */
        case 43:  /* routing */
        case 60:  /* destination options */
        case 135: /* mobility */
        case 139: /* HIP */
        case 140: /* shim6 */
            len = ((size_t)w->data[at + 1] + 1) * 8;
            break;
        case 44:  /* fragment */
            len = 8;
            break;
        case 51:  /* authentication header */
            len = ((size_t)w->data[at + 1] + 2) * 4;
            break;
        default:
            return false;
        }
        next = w->data[at];
        at += len;
    }
    return false;
}

static bool find_ipv6(const struct rstf_wire *w, size_t upper_off, uint8_t proto,
                      const struct rstf_wire_addrs *expect, struct rstf_wire_ip *ip)
{
    /* IPv6 has no header checksum: only the frame's addresses vouch for it. */
    if (!expect || expect->len != 16)
        return false;
    for (size_t ext = 0; ext <= IPV6_MAX_EXT_BYTES && IPV6_HDR + ext <= upper_off; ext += 8) {
        size_t off = upper_off - IPV6_HDR - ext;
        const uint8_t *h = w->data + off;
        size_t plen;

        if (!have(w, off, IPV6_HDR) || (h[0] >> 4) != 6 || !names(h + 8, h + 24, 16, expect) ||
            !ipv6_chain_reaches(w, off, upper_off, proto))
            continue;
        plen = get16(h + 4);
        memset(ip, 0, sizeof *ip);
        ip->offset = off;
        ip->payload_end = plen ? off + IPV6_HDR + plen : 0; /* 0: jumbogram */
        ip->version = 6;
        ip->ttl = h[7];
        ip->flow_label = get32(h) & 0xfffff;
        ip->addr_len = 16;
        memcpy(ip->src, h + 8, 16);
        memcpy(ip->dst, h + 24, 16);
        return true;
    }
    return false;
}

bool rstf_wire_find_ip(const struct rstf_wire *w, size_t upper_off, uint8_t proto,
                       const struct rstf_wire_addrs *expect, struct rstf_wire_ip *ip)
{
    if (!w->data || upper_off > w->captured)
        return false;
    /* Try the family of the frame's addresses first: that is nearly always it. */
    if (expect && expect->len == 16)
        return find_ipv6(w, upper_off, proto, expect, ip) ||
               find_ipv4(w, upper_off, proto, expect, ip);
    return find_ipv4(w, upper_off, proto, expect, ip) ||
           find_ipv6(w, upper_off, proto, expect, ip);
}

static uint8_t option_bit(uint8_t kind)
{
    switch (kind) {
    case 2: return RSTF_OPT_MSS;
    case 3: return RSTF_OPT_WSCALE;
    case 4: return RSTF_OPT_SACK_PERM;
    case 5: return RSTF_OPT_SACK;
    case 8: return 0; /* timestamps: set only with a well-formed option */
    default: return RSTF_OPT_OTHER;
    }
}

/* The option list, as far as it is well formed (as Wireshark decodes it:
 * a bad length ends the list). */
static void parse_options(const uint8_t *o, size_t len, struct rstf_packet *p)
{
    size_t i = 0;

    while (i < len) {
        uint8_t kind = o[i], olen;

        if (kind == 0) /* end of list */
            break;
        if (kind == 1) { /* no-op padding */
            i++;
            continue;
        }
        if (i + 1 >= len || (olen = o[i + 1]) < 2 || olen > len - i)
            break;
        p->options |= option_bit(kind);
        if (kind == 3 && olen == 3)
            p->wscale = o[i + 2];
        if (kind == 8 && olen == 10) {
            p->tsval = get32(o + i + 2);
            p->tsecr = get32(o + i + 6);
            p->options |= RSTF_OPT_TIMESTAMP;
        }
        i += olen;
    }
}

bool rstf_wire_segment(const struct rstf_wire *w, size_t tcp_off,
                       const struct rstf_wire_addrs *expect, struct rstf_wire_segment *seg)
{
    struct rstf_packet *p = &seg->pkt;
    struct rstf_wire_ip ip;
    const uint8_t *t;
    size_t hlen;

    memset(seg, 0, sizeof *seg);
    if (!w->data || !have(w, tcp_off, TCP_MIN_HDR))
        return false;
    t = w->data + tcp_off;
    hlen = (size_t)(t[12] >> 4) * 4;
    if (hlen < TCP_MIN_HDR) /* not a TCP header Wireshark would decode either */
        return false;
    seg->src_port = get16(t);
    seg->dst_port = get16(t + 2);
    p->seq = get32(t + 4);
    p->tcp_flags = t[13];
    p->window = get16(t + 14);
    p->have |= RSTF_HAVE_SEQ | RSTF_HAVE_WINDOW;
    if (p->tcp_flags & RSTF_TCP_ACK) {
        p->ack = get32(t + 8);
        p->have |= RSTF_HAVE_ACK;
    }
    /* Options count as decoded only when the whole header was captured: a
     * snaplen cut inside them must not read as "no timestamps". */
    if (have(w, tcp_off, hlen)) {
        parse_options(t + TCP_MIN_HDR, hlen - TCP_MIN_HDR, p);
        p->have |= RSTF_HAVE_OPTIONS;
    }
    seg->payload_offset = tcp_off + hlen;

    if (!rstf_wire_find_ip(w, tcp_off, RSTF_IPPROTO_TCP, expect, &ip))
        return true;
    p->ip_version = ip.version;
    p->ttl = ip.ttl;
    p->have |= RSTF_HAVE_TTL;
    if (ip.version == 4) {
        p->ip_id = ip.ip_id;
        p->df = ip.df;
        p->have |= RSTF_HAVE_IPID | RSTF_HAVE_DF;
    } else {
        p->flow_label = ip.flow_label;
        p->have |= RSTF_HAVE_FLOWLBL;
    }
    if (ip.payload_end >= seg->payload_offset) {
        p->payload_len = (uint32_t)(ip.payload_end - seg->payload_offset);
        p->have |= RSTF_HAVE_LEN;
    }
    /* Data on an RST is there to explain it (RFC 9293 3.5.3): the tcpm
     * draft's diagnostic payload, or something of its own. */
    if ((p->tcp_flags & RSTF_TCP_RST) && rstf_has(p, RSTF_HAVE_LEN) && p->payload_len > 0) {
        size_t captured = w->captured > seg->payload_offset ? w->captured - seg->payload_offset : 0;

        rstf_diag_parse(captured ? w->data + seg->payload_offset : NULL, captured,
                        p->payload_len, &p->diag);
        p->have |= RSTF_HAVE_PAYLOAD;
    }
    seg->addr_len = ip.addr_len;
    memcpy(seg->src_addr, ip.src, sizeof seg->src_addr);
    memcpy(seg->dst_addr, ip.dst, sizeof seg->dst_addr);
    return true;
}
