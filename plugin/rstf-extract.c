/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-extract.c - dissected fields -> struct rstf_frame.
 *
 * A frame can hold several IP and TCP headers (tunnels, ICMP errors quoting
 * the packet that caused them).  Fields are told apart by the layer number
 * Wireshark stamps on every field_info (total_layer_num: 1 for frame, +1
 * per dissector called):
 *  - each tcp.srcport starts one TCP header (it is the header's first
 *    field); the header's other fields are those from its layer up to the
 *    next TCP header (a few are added after the payload dissector ran, so
 *    they carry a higher layer number);
 *  - the IP header carrying it is the IPv4/IPv6 layer nearest below;
 *  - a TCP header above an ICMP/ICMPv6 layer is a quoted copy inside an
 *    error message, not a segment: skipped.
 * A missing field only clears its RSTF_HAVE_* bit.
 * ICMP/ICMPv6 echo replies (outermost ICMP layer only) yield their sender's
 * TTL and the round trip Wireshark measured (icmp.resptime).
 */
#include "rstf-extract.h"

#include <limits.h>
#include <string.h>

#include "ws_compat.h"

enum want {
    W_IP_TTL, W_IP_ID, W_IP_DF, W_IP_SRC,
    W_IP6_HLIM, W_IP6_FLOW, W_IP6_SRC,
    W_TCP_SRCPORT, W_TCP_STREAM, W_TCP_FLAGS, W_TCP_SEQ, W_TCP_ACK,
    W_TCP_WINDOW, W_TCP_LEN, W_TCP_HDR_LEN, W_TCP_OPT_KIND, W_TCP_WSCALE,
    W_TCP_TSVAL, W_TCP_TSECR,
    W_ICMP, W_ICMP_TYPE, W_ICMP_RESPTIME,
    W_ICMP6, W_ICMP6_TYPE, W_ICMP6_RESPTIME,
    W_COUNT
};

static const char *const want_name[W_COUNT] = {
    [W_IP_TTL] = "ip.ttl",
    [W_IP_ID] = "ip.id",
    [W_IP_DF] = "ip.flags.df",
    [W_IP_SRC] = "ip.src",
    [W_IP6_HLIM] = "ipv6.hlim",
    [W_IP6_FLOW] = "ipv6.flow",
    [W_IP6_SRC] = "ipv6.src",
    [W_TCP_SRCPORT] = "tcp.srcport",
    [W_TCP_STREAM] = "tcp.stream",
    [W_TCP_FLAGS] = "tcp.flags",
    [W_TCP_SEQ] = "tcp.seq_raw",
    [W_TCP_ACK] = "tcp.ack_raw",
    [W_TCP_WINDOW] = "tcp.window_size_value",
    [W_TCP_LEN] = "tcp.len",
    [W_TCP_HDR_LEN] = "tcp.hdr_len",
    [W_TCP_OPT_KIND] = "tcp.option_kind",
    [W_TCP_WSCALE] = "tcp.options.wscale.shift",
    [W_TCP_TSVAL] = "tcp.options.timestamp.tsval",
    [W_TCP_TSECR] = "tcp.options.timestamp.tsecr",
    [W_ICMP] = "icmp",   /* protocol items: mark where a quoted packet starts */
    [W_ICMP_TYPE] = "icmp.type",
    [W_ICMP_RESPTIME] = "icmp.resptime",
    [W_ICMP6] = "icmpv6",
    [W_ICMP6_TYPE] = "icmpv6.type",
    [W_ICMP6_RESPTIME] = "icmpv6.resptime",
};

static int want_hf[W_COUNT];
static bool want_ready;

void rstf_extract_set_wanted(dissector_handle_t handle)
{
    /* Wireshark takes ownership of the array. */
    GArray *ids = g_array_new(FALSE, FALSE, (guint)sizeof(int));

    for (int i = 0; i < W_COUNT; i++) {
        want_hf[i] = proto_registrar_get_id_byname(want_name[i]);
        if (want_hf[i] < 0)
            ws_warning("field %s is not registered; RSTF treats it as absent", want_name[i]);
        else
            g_array_append_val(ids, want_hf[i]);
    }
    set_postdissector_wanted_hfids(handle, ids);
    want_ready = true;
}

/* The frame's occurrences of each wanted field (NULL: none). */
struct fields {
    GPtrArray *a[W_COUNT];
};

static field_info *fi_at(const GPtrArray *arr, guint i)
{
    return (field_info *)g_ptr_array_index(arr, i);
}

/* First occurrence of a field in layers [lo, hi). */
static field_info *find_in(const struct fields *f, enum want w, int lo, int hi)
{
    const GPtrArray *arr = f->a[w];

    if (!arr)
        return NULL;
    for (guint i = 0; i < arr->len; i++) {
        field_info *fi = fi_at(arr, i);
        if (fi->total_layer_num >= lo && fi->total_layer_num < hi)
            return fi;
    }
    return NULL;
}

/* Highest layer of a field strictly below `below` (0: none). */
static int layer_below(const struct fields *f, enum want w, int below)
{
    const GPtrArray *arr = f->a[w];
    int best = 0;

    if (!arr)
        return 0;
    for (guint i = 0; i < arr->len; i++) {
        int l = fi_at(arr, i)->total_layer_num;
        if (l < below && l > best)
            best = l;
    }
    return best;
}

/* Lowest layer of a field strictly above `above` (INT_MAX: none). */
static int layer_above(const struct fields *f, enum want w, int above)
{
    const GPtrArray *arr = f->a[w];
    int best = INT_MAX;

    if (!arr)
        return INT_MAX;
    for (guint i = 0; i < arr->len; i++) {
        int l = fi_at(arr, i)->total_layer_num;
        if (l > above && l < best)
            best = l;
    }
    return best;
}

static void fill_ipv4(const struct fields *f, int layer, struct rstf_packet *p,
                      uint8_t *addr, uint8_t *addr_len)
{
    field_info *fi;

    p->ip_version = 4;
    if ((fi = find_in(f, W_IP_TTL, layer, layer + 1))) {
        p->ttl = (uint8_t)rstf_fv_uint(fi);
        p->have |= RSTF_HAVE_TTL;
    }
    if ((fi = find_in(f, W_IP_ID, layer, layer + 1))) {
        p->ip_id = (uint16_t)rstf_fv_uint(fi);
        p->have |= RSTF_HAVE_IPID;
    }
    if ((fi = find_in(f, W_IP_DF, layer, layer + 1))) {
        p->df = rstf_fv_bool(fi);
        p->have |= RSTF_HAVE_DF;
    }
    if ((fi = find_in(f, W_IP_SRC, layer, layer + 1))) {
        uint32_t a = rstf_fv_ipv4(fi); /* host order: only compared for equality */
        memcpy(addr, &a, sizeof a);
        *addr_len = 4;
    }
}

static void fill_ipv6(const struct fields *f, int layer, struct rstf_packet *p,
                      uint8_t *addr, uint8_t *addr_len)
{
    field_info *fi;

    p->ip_version = 6;
    if ((fi = find_in(f, W_IP6_HLIM, layer, layer + 1))) {
        p->ttl = (uint8_t)rstf_fv_uint(fi);
        p->have |= RSTF_HAVE_TTL;
    }
    if ((fi = find_in(f, W_IP6_FLOW, layer, layer + 1))) {
        p->flow_label = rstf_fv_uint(fi);
        p->have |= RSTF_HAVE_FLOWLBL;
    }
    if ((fi = find_in(f, W_IP6_SRC, layer, layer + 1))) {
        memcpy(addr, rstf_fv_ipv6(fi), 16);
        *addr_len = 16;
    }
}

static uint8_t option_bit(uint32_t kind)
{
    switch (kind) {
    case 0: /* end of list */
    case 1: /* no-op padding */
        return 0;
    case 2: return RSTF_OPT_MSS;
    case 3: return RSTF_OPT_WSCALE;
    case 4: return RSTF_OPT_SACK_PERM;
    case 5: return RSTF_OPT_SACK;
    case 8: return 0; /* timestamps: set only when both values were decoded */
    default: return RSTF_OPT_OTHER;
    }
}

/*
 * Options count as decoded when the header has none, or when the capture
 * holds the whole header (a snaplen cut inside the options would otherwise
 * look like "no timestamps").
 */
static bool options_complete(field_info *srcport, uint32_t hdr_len)
{
    if (hdr_len <= 20)
        return true;
    if (!srcport->ds_tvb)
        return false;
    return tvb_captured_length_remaining(srcport->ds_tvb, srcport->start) >= (gint)hdr_len;
}

static void fill_tcp(const struct fields *f, field_info *srcport, int lo, int hi,
                     struct rstf_segment *s)
{
    struct rstf_packet *p = &s->pkt;
    const GPtrArray *kinds = f->a[W_TCP_OPT_KIND];
    field_info *fi, *tsecr;

    s->src_port = (uint16_t)rstf_fv_uint(srcport);
    if ((fi = find_in(f, W_TCP_SEQ, lo, hi))) {
        p->seq = rstf_fv_uint(fi);
        p->have |= RSTF_HAVE_SEQ;
    }
    if ((fi = find_in(f, W_TCP_ACK, lo, hi))) {
        p->ack = rstf_fv_uint(fi);
        p->have |= RSTF_HAVE_ACK;
    }
    if ((fi = find_in(f, W_TCP_WINDOW, lo, hi))) {
        p->window = (uint16_t)rstf_fv_uint(fi);
        p->have |= RSTF_HAVE_WINDOW;
    }
    if ((fi = find_in(f, W_TCP_LEN, lo, hi))) {
        p->payload_len = rstf_fv_uint(fi);
        p->have |= RSTF_HAVE_LEN;
    }

    fi = find_in(f, W_TCP_HDR_LEN, lo, hi);
    if (!fi || !options_complete(srcport, rstf_fv_uint(fi)))
        return;
    p->have |= RSTF_HAVE_OPTIONS;
    for (guint i = 0; kinds && i < kinds->len; i++) {
        field_info *k = fi_at(kinds, i);
        if (k->total_layer_num >= lo && k->total_layer_num < hi)
            p->options |= option_bit(rstf_fv_uint(k));
    }
    if ((fi = find_in(f, W_TCP_WSCALE, lo, hi)))
        p->wscale = (uint8_t)rstf_fv_uint(fi);
    fi = find_in(f, W_TCP_TSVAL, lo, hi);
    tsecr = find_in(f, W_TCP_TSECR, lo, hi);
    if (fi && tsecr) {
        p->tsval = rstf_fv_uint(fi);
        p->tsecr = rstf_fv_uint(tsecr);
        p->options |= RSTF_OPT_TIMESTAMP;
    }
}

/* The IP header directly carrying the layer `upper`: the nearest below it. */
static void fill_ip(const struct fields *f, int upper, struct rstf_packet *p,
                    uint8_t *addr, uint8_t *addr_len)
{
    int ip4 = layer_below(f, W_IP_TTL, upper);
    int ip6 = layer_below(f, W_IP6_HLIM, upper);

    if (ip4 > ip6)
        fill_ipv4(f, ip4, p, addr, addr_len);
    else if (ip6 > 0)
        fill_ipv6(f, ip6, p, addr, addr_len);
}

static unsigned extract_segments(const struct fields *f, const packet_info *pinfo,
                                 int quoted_from, struct rstf_segment *out, unsigned max)
{
    const GPtrArray *ports = f->a[W_TCP_SRCPORT];
    unsigned n = 0;

    for (guint i = 0; ports && i < ports->len && n < max; i++) {
        field_info *srcport = fi_at(ports, i), *stream, *flags;
        int tcp_layer = srcport->total_layer_num, hi;
        struct rstf_segment *s = &out[n];

        if (tcp_layer > quoted_from)
            continue;
        hi = layer_above(f, W_TCP_SRCPORT, tcp_layer);
        stream = find_in(f, W_TCP_STREAM, tcp_layer, hi);
        flags = find_in(f, W_TCP_FLAGS, tcp_layer, hi);
        if (!stream || !flags)
            continue;

        memset(s, 0, sizeof *s);
        s->stream = rstf_fv_uint(stream);
        s->pkt.tcp_flags = (uint8_t)(rstf_fv_uint(flags) & 0xff);
        s->pkt.ts_ns = rstf_ts_ns((int64_t)pinfo->abs_ts.secs, pinfo->abs_ts.nsecs);
        fill_ip(f, tcp_layer, &s->pkt, s->src_addr, &s->addr_len);
        fill_tcp(f, srcport, tcp_layer, hi, s);
        n++;
    }
    return n;
}

/* The frame's own (outermost) ICMP layer, if it is an echo reply. */
static bool extract_echo(const struct fields *f, int icmp_layer, bool v6, struct rstf_echo *e)
{
    field_info *type = find_in(f, v6 ? W_ICMP6_TYPE : W_ICMP_TYPE, icmp_layer, icmp_layer + 1);
    field_info *rt;
    struct rstf_packet ip;

    if (!type || rstf_fv_uint(type) != (v6 ? 129u : 0u))
        return false;
    memset(e, 0, sizeof *e);
    memset(&ip, 0, sizeof ip);
    fill_ip(f, icmp_layer, &ip, e->src_addr, &e->addr_len);
    if (e->addr_len == 0)
        return false;
    e->ttl = ip.ttl;
    e->ttl_known = rstf_has(&ip, RSTF_HAVE_TTL);
    /* Present only when the request was captured; in milliseconds. */
    rt = find_in(f, v6 ? W_ICMP6_RESPTIME : W_ICMP_RESPTIME, icmp_layer, INT_MAX);
    e->rtt_ns = rt ? (int64_t)(fvalue_get_floating(RSTF_FV(rt)) * 1e6 + 0.5) : -1;
    return true;
}

static bool present(proto_tree *tree, enum want w)
{
    const GPtrArray *arr = want_hf[w] >= 0 ? proto_get_finfo_ptr_array(tree, want_hf[w]) : NULL;

    return arr && arr->len > 0;
}

bool rstf_extract(proto_tree *tree, const packet_info *pinfo, struct rstf_frame *out)
{
    struct fields f;
    int icmp4, icmp6, quoted_from;

    if (!tree || !want_ready)
        return false;
    /* Cheap exit for the many frames with neither TCP nor ICMP. */
    if (!present(tree, W_TCP_SRCPORT) && !present(tree, W_ICMP) && !present(tree, W_ICMP6))
        return false;
    for (int i = 0; i < W_COUNT; i++)
        f.a[i] = want_hf[i] >= 0 ? proto_get_finfo_ptr_array(tree, want_hf[i]) : NULL;

    /* Everything above the first ICMP layer belongs to a quoted packet. */
    icmp4 = layer_above(&f, W_ICMP, 0);
    icmp6 = layer_above(&f, W_ICMP6, 0);
    quoted_from = icmp4 < icmp6 ? icmp4 : icmp6;

    out->n_segments = extract_segments(&f, pinfo, quoted_from, out->segments, RSTF_MAX_TCP_LAYERS);
    out->echo_reply = quoted_from != INT_MAX &&
                      extract_echo(&f, quoted_from, icmp6 < icmp4, &out->echo);
    return out->n_segments > 0 || out->echo_reply;
}
