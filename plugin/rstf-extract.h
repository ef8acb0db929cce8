/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-extract.h - a frame's TCP segments, turned into struct rstf_packet plus
 * what identifies the sender within its conversation, and ICMP echo replies
 * (a host's TTL and round trip for host baselines).
 */
#ifndef RSTF_EXTRACT_H
#define RSTF_EXTRACT_H

#include <stdbool.h>
#include <stdint.h>

#include <epan/packet.h>

#include "rstf/packet.h"
#include "rstf/wire.h"

/* TCP headers analysed per frame (more than one only with TCP-in-TCP
 * tunnels); further ones are ignored. */
#define RSTF_MAX_TCP_LAYERS 4

/* One TCP segment of a frame: its decoded headers and its conversation's
 * addresses (the IP header's, or the frame's when its bytes hold none). */
struct rstf_segment {
    struct rstf_wire_segment wire; /* wire.pkt.side is left for rstf-state to decide */
    uint8_t conv_addr_len;         /* 4, 16, or 0: none known */
    uint8_t conv_src[16], conv_dst[16];
};

/* An ICMP or ICMPv6 echo reply: what it shows of its sender. */
struct rstf_echo {
    int64_t  rtt_ns;          /* request -> reply at the capture point; -1: request not seen */
    uint8_t  ttl;
    bool     ttl_known;
    uint8_t  addr_len;        /* 4 or 16 */
    uint8_t  src_addr[16];
};

/* What one frame holds for RSTF. */
struct rstf_frame {
    unsigned n_segments;
    struct rstf_segment segments[RSTF_MAX_TCP_LAYERS]; /* outermost first */
    bool echo_reply;
    struct rstf_echo echo;
};

/* Handoff: look up the fields we read and ask for them on the first pass. */
void rstf_extract_set_wanted(dissector_handle_t handle);

/*
 * Fill *out from the frame; false when it holds nothing of interest.  TCP
 * headers quoted inside ICMP/ICMPv6 errors and headers cut before their
 * 20th byte are skipped.  Needs a tree: Wireshark builds one on the first
 * pass because the plugin wants fields (rstf_extract_set_wanted()).
 */
bool rstf_extract(proto_tree *tree, const packet_info *pinfo, struct rstf_frame *out);

#endif
