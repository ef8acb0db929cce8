/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-stats.c - counts the RST verdicts the "rstf" tap reports.
 *
 * The dissector queues every RST's cached result on every pass, but
 * Wireshark runs tap listeners on one pass only (tshark: the only pass, or
 * the second with -2; the GUI: a retap of the whole file), so each RST is
 * counted once.  Nodes:
 *   RSTs by verdict          server / midpath / client / unknown
 *   RSTs by claimed sender   address:port -> verdict
 *   Scorer votes             ttl, ipid, ... -> server / midpath / client / abstain
 *                            (the votes cast only)
 */
#include "rstf-stats.h"

#include <stdio.h>
#include <string.h>

#include <epan/packet.h>
#include <epan/stats_tree.h>
#include <wsutil/inet_addr.h>

#include "rstf-state.h"
#include "ws_compat.h"

static const char st_by_verdict[] = "RSTs by verdict";
static const char st_by_sender[] = "RSTs by claimed sender";
static const char st_votes[] = "Scorer votes";

static int node_by_verdict = -1;
static int node_by_sender = -1;
static int node_votes = -1;
static int node_scorer[RSTF_SCORER_COUNT];

static const char *const verdict_order[] = { "server", "midpath", "client", "unknown" };

/* Every verdict and every scorer is shown, with 0 if need be, so the table
 * has the same shape for every capture; a scorer's votes appear as cast
 * (a row per scorer per possible vote, mostly 0, would bury them). */
static void stats_init(stats_tree *st)
{
    node_by_verdict = stats_tree_create_node(st, st_by_verdict, 0, STAT_DT_INT, true);
    for (size_t i = 0; i < array_length(verdict_order); i++)
        stats_tree_create_node(st, verdict_order[i], node_by_verdict, STAT_DT_INT, false);

    node_by_sender = stats_tree_create_node(st, st_by_sender, 0, STAT_DT_INT, true);

    node_votes = stats_tree_create_node(st, st_votes, 0, STAT_DT_INT, true);
    for (int s = 0; s < RSTF_SCORER_COUNT; s++)
        node_scorer[s] = stats_tree_create_node(st, rstf_scorer_name((enum rstf_scorer)s),
                                                node_votes, STAT_DT_INT, true);
}

/* "192.0.2.1:443", "[2001:db8::1]:443"; "port 443" without an IP header. */
static void format_sender(char *buf, size_t len, const struct rstf_result *r)
{
    char addr[64];

    if (r->addr_len == 4) {
        ws_inet_ntop4(r->src_addr, addr, sizeof addr);
        snprintf(buf, len, "%s:%u", addr, (unsigned)r->src_port);
    } else if (r->addr_len == 16) {
        ws_inet_ntop6(r->src_addr, addr, sizeof addr);
        snprintf(buf, len, "[%s]:%u", addr, (unsigned)r->src_port);
    } else {
        snprintf(buf, len, "port %u", (unsigned)r->src_port);
    }
}

static tap_packet_status stats_packet(stats_tree *st, packet_info *pinfo _U_,
                                      epan_dissect_t *edt _U_, const void *data,
                                      tap_flags_t flags _U_)
{
    const struct rstf_shown *shown = (const struct rstf_shown *)data;
    const struct rstf_result *r = shown->result;
    const struct rstf_verdict *v = &shown->verdict;
    enum rstf_origin o = (unsigned)v->origin < RSTF_ORIGIN_COUNT ? v->origin : RSTF_ORIGIN_UNKNOWN;
    const char *verdict = rstf_origin_name(o);
    char sender[96];
    int node;

    tick_stat_node(st, st_by_verdict, 0, true);
    tick_stat_node(st, verdict, node_by_verdict, false);

    format_sender(sender, sizeof sender, r);
    tick_stat_node(st, st_by_sender, 0, true);
    node = tick_stat_node(st, sender, node_by_sender, true);
    tick_stat_node(st, verdict, node, false);

    tick_stat_node(st, st_votes, 0, true);
    for (int s = 0; s < RSTF_SCORER_COUNT; s++) {
        enum rstf_origin vo = v->votes[s].origin;
        const char *vote = vo == RSTF_ORIGIN_UNKNOWN || (unsigned)vo >= RSTF_ORIGIN_COUNT
                               ? "abstain" : rstf_origin_name(vo);

        tick_stat_node(st, rstf_scorer_name((enum rstf_scorer)s), node_votes, true);
        tick_stat_node(st, vote, node_scorer[s], false);
    }
    return TAP_PACKET_REDRAW;
}

void rstf_stats_register(void)
{
    /* No "/" in the name: 4.0 splits menu paths at "/", 4.6 at "//". */
    rstf_stats_tree_register("rstf", "rstf", "RST Forensics", stats_packet, stats_init);
}
