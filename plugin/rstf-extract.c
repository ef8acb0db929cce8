/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-extract.c - a frame's TCP headers and echo replies -> struct rstf_frame.
 *
 * Cost is the point here.  Every field a post-dissector asks for is built
 * as a real field_info on every packet (about 2 200 instructions each, see
 * docs/performance.md), so the plugin asks for one field per TCP header:
 * tcp.stream, TCP's conversation index, which TCP adds at the first byte
 * of its header.  That gives the header's bytes (field_info ds_tvb and
 * start) and rstf/wire.h decodes the header and the IP header carrying it
 * from them.  The other wanted fields are absent from nearly every packet:
 * icmp/icmpv6 (protocol items: where the ICMP header starts) and the round
 * trip ICMP measured for echo replies.
 *
 * A frame can hold several TCP headers (tunnels, ICMP errors quoting the
 * packet that caused them).  Wireshark stamps each field_info with its
 * layer number (total_layer_num: 1 for frame, +1 per dissector called), so
 * a TCP header above an ICMP/ICMPv6 layer is a quoted copy inside an error
 * message, not a segment: skipped.  ICMP/ICMPv6 echo replies (outermost
 * ICMP layer only) yield their sender's TTL and round trip.
 */
#include "rstf-extract.h"

#include <limits.h>
#include <string.h>

#include "ws_compat.h"

enum want {
    W_TCP_STREAM,
    W_ICMP, W_ICMP_RESPTIME,
    W_ICMP6, W_ICMP6_RESPTIME,
    W_COUNT
};

static const char *const want_name[W_COUNT] = {
    [W_TCP_STREAM] = "tcp.stream",
    [W_ICMP] = "icmp",
    [W_ICMP_RESPTIME] = "icmp.resptime",
    [W_ICMP6] = "icmpv6",
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

/* The occurrence in the lowest layer (the outermost); NULL: none. */
static field_info *outermost(const GPtrArray *arr)
{
    field_info *best = NULL;

    for (guint i = 0; arr && i < arr->len; i++)
        if (!best || fi_at(arr, i)->total_layer_num < best->total_layer_num)
            best = fi_at(arr, i);
    return best;
}

static int lowest_layer(const GPtrArray *arr)
{
    field_info *fi = outermost(arr);

    return fi ? fi->total_layer_num : INT_MAX;
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

static bool extract_segment(field_info *stream, const struct rstf_wire_addrs *addrs,
                            const packet_info *pinfo, struct rstf_segment *s)
{
    struct rstf_wire w;

    if (!wire_of(stream, &w) || !rstf_wire_segment(&w, (size_t)stream->start, addrs, &s->wire))
        return false;
    s->wire.pkt.ts_ns = rstf_ts_ns((int64_t)pinfo->abs_ts.secs, pinfo->abs_ts.nsecs);
    s->stream = rstf_fv_uint(stream);
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
static bool extract_echo(proto_tree *tree, const GPtrArray *icmp, bool v6,
                         const struct rstf_wire_addrs *addrs, struct rstf_echo *e)
{
    field_info *fi = outermost(icmp), *rt;
    struct rstf_wire w;
    struct rstf_wire_ip ip;

    if (!fi || !wire_of(fi, &w) || w.data[fi->start] != (v6 ? 129 : 0))
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
    rt = first_from(occurrences(tree, v6 ? W_ICMP6_RESPTIME : W_ICMP_RESPTIME), fi->total_layer_num);
    e->rtt_ns = rt ? (int64_t)(fvalue_get_floating(RSTF_FV(rt)) * 1e6 + 0.5) : -1;
    return true;
}

bool rstf_extract(proto_tree *tree, const packet_info *pinfo, struct rstf_frame *out)
{
    const GPtrArray *streams, *icmp4, *icmp6;
    struct rstf_wire_addrs addrs;
    int quoted_from;

    if (!tree || !want_ready)
        return false;
    streams = occurrences(tree, W_TCP_STREAM);
    icmp4 = occurrences(tree, W_ICMP);
    icmp6 = occurrences(tree, W_ICMP6);
    if (!streams && !icmp4 && !icmp6)
        return false;
    frame_addrs(pinfo, &addrs);

    /* Everything above the first ICMP layer belongs to a quoted packet. */
    quoted_from = MIN(lowest_layer(icmp4), lowest_layer(icmp6));

    out->n_segments = 0;
    for (guint i = 0; streams && i < streams->len && out->n_segments < RSTF_MAX_TCP_LAYERS; i++) {
        field_info *stream = fi_at(streams, i);

        if (stream->total_layer_num < quoted_from &&
            extract_segment(stream, &addrs, pinfo, &out->segments[out->n_segments]))
            out->n_segments++;
    }
    out->echo_reply = quoted_from != INT_MAX &&
                      extract_echo(tree, lowest_layer(icmp4) < lowest_layer(icmp6) ? icmp4 : icmp6,
                                   lowest_layer(icmp6) < lowest_layer(icmp4), &addrs, &out->echo);
    return out->n_segments > 0 || out->echo_reply;
}
