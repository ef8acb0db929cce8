/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-extract.c - a frame's TCP headers and echo replies -> struct rstf_frame.
 *
 * Cost is the point here.  A field a post-dissector asks for is built as a
 * real field_info on every packet, and building TCP's tcp.stream was the
 * largest cost the plugin added to a filter run (docs/performance.md).  So
 * the plugin reads the protocol items at the top of the tree instead: the
 * "tcp" item's field_info gives the header's bytes (ds_tvb, start) for
 * rstf/wire.h to decode, along with the IP header carrying it.  Up to 4.4
 * a top-level item always has its field_info (proto.c fakes only items
 * under a real parent), so the plugin asks for no per-segment field at
 * all; the wanted fields, the round trips ICMP measures for echo replies,
 * are absent from nearly every packet, and wanting fields is what makes
 * Wireshark build a tree on the first pass.  From 4.6 a node nobody refers
 * to carries no field_info (ws_compat.h), so there the plugin also asks
 * for tcp.srcport, the first field TCP adds under its item, which starts
 * where the header does, and for the icmp and icmpv6 protocols.  Asking
 * for the tcp protocol instead cost ~250 more instructions per segment.
 *
 * A frame can hold several TCP headers (tunnels, ICMP errors quoting the
 * packet that caused them).  A quoted one hangs under the ICMP item, not at
 * the top; the top-level items come in layer order, so a TCP item after
 * an ICMP/ICMPv6 one would be inside the error too, and is skipped.
 * ICMP/ICMPv6 echo replies (outermost ICMP layer only) yield their
 * sender's TTL and round trip.
 */
#include "rstf-extract.h"

#include <string.h>

#include "ws_compat.h"

enum want {
    W_ICMP_RESPTIME, W_ICMP6_RESPTIME,
#if RSTF_NODES_MAY_LACK_FINFO
    W_TCP_SRCPORT, W_ICMP, W_ICMP6,
#endif
    W_COUNT
};

static const char *const want_name[W_COUNT] = {
    [W_ICMP_RESPTIME] = "icmp.resptime",
    [W_ICMP6_RESPTIME] = "icmpv6.resptime",
#if RSTF_NODES_MAY_LACK_FINFO
    [W_TCP_SRCPORT] = "tcp.srcport",
    [W_ICMP] = "icmp",
    [W_ICMP6] = "icmpv6",
#endif
};

static int want_hf[W_COUNT];
static int proto_tcp = -1, proto_icmp = -1, proto_icmpv6 = -1, proto_ip = -1, proto_ipv6 = -1;
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
    proto_tcp = proto_get_id_by_filter_name("tcp");
    proto_icmp = proto_get_id_by_filter_name("icmp");
    proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
    proto_ip = proto_get_id_by_filter_name("ip");
    proto_ipv6 = proto_get_id_by_filter_name("ipv6");
    if (ids->len == 0)
        ws_warning("no ICMP round-trip field is registered: RSTF sees no packets");
    set_postdissector_wanted_hfids(handle, ids);
    want_ready = true;
}

/* The frame's occurrences of a wanted field; NULL when there are none. */
static const GPtrArray *occurrences(proto_tree *tree, enum want w)
{
    const GPtrArray *arr = want_hf[w] >= 0 ? proto_get_finfo_ptr_array(tree, want_hf[w]) : NULL;

    return arr && arr->len > 0 ? arr : NULL;
}

static field_info *fi_at(const GPtrArray *arr, guint i)
{
    return (field_info *)g_ptr_array_index(arr, i);
}

/* The field_info that says where a top-level TCP item's header is: the
 * item's own or, on 4.6 when nobody refers to the tcp protocol, that of
 * its tcp.srcport (TCP reads both ports before it adds its item, then
 * adds tcp.srcport first; the next few children are looked at too, in
 * case a version adds something before it).  NULL: neither. */
static field_info *tcp_header_fi(proto_node *tcp)
{
    field_info *fi = PNODE_FINFO(tcp);

#if RSTF_NODES_MAY_LACK_FINFO
    unsigned looked = 0;

    for (proto_node *c = tcp->first_child; !fi && c && looked < 4; c = c->next, looked++) {
        const header_field_info *hf = rstf_node_hfinfo(c);
        if (hf && hf->id == want_hf[W_TCP_SRCPORT])
            fi = PNODE_FINFO(c);
    }
#endif
    return fi;
}

/* The bytes of the data source a field was found in. */
static bool wire_of(const field_info *fi, struct rstf_wire *w)
{
    tvbuff_t *ds = fi->ds_tvb;

    if (!ds || fi->start < 0)
        return false;
    w->captured = (size_t)tvb_captured_length(ds);
    w->reported = (size_t)tvb_reported_length(ds);
    w->data = w->captured ? tvb_get_ptr(ds, 0, (gint)w->captured) : NULL;
    return w->data != NULL && (size_t)fi->start < w->captured;
}

/* The addresses the dissectors settled on: the innermost IP header's. */
static void frame_addrs(const packet_info *pinfo, struct rstf_wire_addrs *a)
{
    uint8_t len = pinfo->net_src.type == AT_IPv4 ? 4 : pinfo->net_src.type == AT_IPv6 ? 16 : 0;

    memset(a, 0, sizeof *a);
    if (len == 0 || pinfo->net_src.len != len || pinfo->net_dst.type != pinfo->net_src.type ||
        pinfo->net_dst.len != len)
        return;
    a->len = len;
    memcpy(a->src, pinfo->net_src.data, len);
    memcpy(a->dst, pinfo->net_dst.data, len);
}

/* innermost: no IP layer follows this TCP header, so the frame's addresses
 * (the innermost IP header's) are the ones it was sent with. */
static bool extract_segment(field_info *tcp, bool innermost, const struct rstf_wire_addrs *frame,
                            const packet_info *pinfo, struct rstf_segment *s)
{
    struct rstf_wire w;

    if (!wire_of(tcp, &w) || !rstf_wire_segment(&w, (size_t)tcp->start, frame, &s->wire))
        return false;
    s->wire.pkt.ts_ns = rstf_ts_ns((int64_t)pinfo->abs_ts.secs, pinfo->abs_ts.nsecs);
    /* The conversation is named by the IP header carrying the segment or,
     * when its bytes hold none (a reassembled IP datagram), by the frame's
     * addresses if they are that header's.  Otherwise by ports alone. */
    s->conv_addr_len = 0;
    if (s->wire.addr_len) {
        s->conv_addr_len = s->wire.addr_len;
        memcpy(s->conv_src, s->wire.src_addr, sizeof s->conv_src);
        memcpy(s->conv_dst, s->wire.dst_addr, sizeof s->conv_dst);
    } else if (innermost) {
        s->conv_addr_len = frame->len;
        memcpy(s->conv_src, frame->src, sizeof s->conv_src);
        memcpy(s->conv_dst, frame->dst, sizeof s->conv_dst);
    } else {
        /* Compared whole (zero-padded) by rstf-state. */
        memset(s->conv_src, 0, sizeof s->conv_src);
        memset(s->conv_dst, 0, sizeof s->conv_dst);
    }
    return true;
}

/* The first occurrence of a field at or above a layer, NULL: none. */
static field_info *first_from(const GPtrArray *arr, int layer)
{
    for (guint i = 0; arr && i < arr->len; i++)
        if (fi_at(arr, i)->total_layer_num >= layer)
            return fi_at(arr, i);
    return NULL;
}

/* The frame's own (outermost) ICMP header, if it is an echo reply. */
static bool extract_echo(proto_tree *tree, field_info *fi, bool v6,
                         const struct rstf_wire_addrs *addrs, struct rstf_echo *e)
{
    field_info *rt;
    struct rstf_wire w;
    struct rstf_wire_ip ip;
    enum want resptime = v6 ? W_ICMP6_RESPTIME : W_ICMP_RESPTIME;

    if (!wire_of(fi, &w) || w.data[fi->start] != (v6 ? 129 : 0))
        return false;
    if (!rstf_wire_find_ip(&w, (size_t)fi->start, v6 ? RSTF_IPPROTO_ICMPV6 : RSTF_IPPROTO_ICMP,
                           addrs, &ip))
        return false;
    memset(e, 0, sizeof *e);
    e->ttl = ip.ttl;
    e->ttl_known = true;
    e->addr_len = ip.addr_len;
    memcpy(e->src_addr, ip.src, sizeof e->src_addr);
    /* Present only when the request was captured; in milliseconds. */
    rt = first_from(occurrences(tree, resptime), fi->total_layer_num);
    e->rtt_ns = rt ? (int64_t)(fvalue_get_floating(RSTF_FV(rt)) * 1e6 + 0.5) : -1;
    return true;
}

bool rstf_extract(proto_tree *tree, const packet_info *pinfo, struct rstf_frame *out)
{
    field_info *tcp[RSTF_MAX_TCP_LAYERS], *icmp = NULL;
    unsigned n_tcp = 0, tcp_before_last_ip = 0;
    bool icmp_seen = false, icmp_v6 = false;
    struct rstf_wire_addrs addrs;

    if (!tree || !want_ready)
        return false;
    /* The top-level items, in layer order: frame, link, IP, TCP... */
    for (proto_node *node = tree->first_child; node && !icmp_seen; node = node->next) {
        const header_field_info *hf = rstf_node_hfinfo(node);
        field_info *fi = PNODE_FINFO(node);

        if (!hf)
            continue;
        if (hf->id == proto_ip || hf->id == proto_ipv6) {
            tcp_before_last_ip = n_tcp;
        } else if (hf->id == proto_tcp) {
            if ((fi = tcp_header_fi(node)) != NULL && n_tcp < RSTF_MAX_TCP_LAYERS)
                tcp[n_tcp++] = fi;
        } else if (hf->id == proto_icmp || hf->id == proto_icmpv6) {
            /* Everything after the first ICMP item belongs to a quoted packet. */
            icmp_seen = true;
            icmp = fi;
            icmp_v6 = hf->id == proto_icmpv6;
        }
    }
    if (n_tcp == 0 && !icmp)
        return false;
    frame_addrs(pinfo, &addrs);

    out->n_segments = 0;
    for (unsigned i = 0; i < n_tcp; i++)
        if (extract_segment(tcp[i], i >= tcp_before_last_ip, &addrs, pinfo,
                            &out->segments[out->n_segments]))
            out->n_segments++;
    out->echo_reply = icmp && extract_echo(tree, icmp, icmp_v6, &addrs, &out->echo);
    return out->n_segments > 0 || out->echo_reply;
}
