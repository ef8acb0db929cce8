/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-tree.c - verdict -> "RST Forensics" subtree, expert info, Info column.
 *
 * All items are generated (they describe no bytes of the frame).  Expert
 * summaries are constant so `tshark -z expert` groups them; the numbers are
 * in fields.  Time values use FT_RELATIVE_TIME (seconds in filters, e.g.
 * `rstf.delay < 0.001`), like tcp.time_delta.
 */
#include "rstf-tree.h"

#include <stdio.h>

#include <epan/expert.h>

#include "ws_compat.h"

static int hf_verdict = -1;
static int hf_confidence = -1;
static int hf_claimed = -1;
static int hf_direction = -1;
static int hf_score[RSTF_ORIGIN_COUNT] = { -1, -1, -1, -1 };
static int hf_evidence = -1;
static int hf_ev_scorer = -1;
static int hf_ev_origin = -1;
static int hf_ev_weight = -1;
static int hf_ev_reason = -1;
static int hf_ttl_baseline = -1;
static int hf_ttl_delta = -1;
static int hf_rtt_leg = -1;
static int hf_delay = -1;
static int hf_seq_expected = -1;
static int hf_window_left = -1;
static int hf_window_right = -1;

/* 4.0 aborts at startup on an ett left at 0. */
static int ett_rstf = -1;
static int ett_evidence = -1;

static expert_field ei_verdict[RSTF_ORIGIN_COUNT] = { EI_INIT, EI_INIT, EI_INIT, EI_INIT };

/* The Info column's " [RST <origin> <percent>%]" for every origin and whole
 * percent, formatted once at registration: every RST appends one, on every
 * pass, and col_append_fstr() cost ~800 instructions more per RST than
 * col_append_str() (callgrind, a port-scan capture's filter run). */
#define INFO_TEXT_MAX 24
static char info_text[RSTF_ORIGIN_COUNT][101][INFO_TEXT_MAX];

static void info_text_build(void)
{
    for (int o = 0; o < RSTF_ORIGIN_COUNT; o++)
        for (int pct = 0; pct <= 100; pct++) {
            if (o == RSTF_ORIGIN_UNKNOWN)
                snprintf(info_text[o][pct], INFO_TEXT_MAX, " [RST unknown]");
            else
                snprintf(info_text[o][pct], INFO_TEXT_MAX, " [RST %s %d%%]",
                         rstf_origin_name((enum rstf_origin)o), pct);
        }
}

static int proto_rstf = -1;

/* Confidence is stored as 0..1 (filters: rstf.confidence >= 0.8) and shown
 * as a percentage. */
static void format_percent(char *buf, double v)
{
    snprintf(buf, ITEM_LABEL_LENGTH, "%.1f%%", v * 100.0);
}

void rstf_tree_register(int proto)
{
    static hf_register_info hf[] = {
        { &hf_verdict, { "Verdict", "rstf.verdict", FT_STRING, BASE_NONE, NULL, 0x0,
            "Who sent the RST: server, midpath (a middlebox forging an endpoint's address), client or unknown", HFILL } },
        { &hf_confidence, { "Confidence", "rstf.confidence", FT_DOUBLE, BASE_CUSTOM, CF_FUNC(format_percent), 0x0,
            "Share of the cast vote weight won by the verdict, 0..1", HFILL } },
        { &hf_claimed, { "Claimed sender", "rstf.claimed", FT_STRING, BASE_NONE, NULL, 0x0,
            "Role of the endpoint whose address the RST carries", HFILL } },
        { &hf_direction, { "Direction", "rstf.direction", FT_STRING, BASE_NONE, NULL, 0x0,
            "Claimed sender -> receiver, by role, or by side (A sent the conversation's first segment) when roles are unknown", HFILL } },
        { &hf_score[RSTF_ORIGIN_SERVER], { "Server score", "rstf.score.server", FT_DOUBLE, BASE_NONE, NULL, 0x0,
            "Summed weight of the votes for server", HFILL } },
        { &hf_score[RSTF_ORIGIN_MIDPATH], { "Midpath score", "rstf.score.midpath", FT_DOUBLE, BASE_NONE, NULL, 0x0,
            "Summed weight of the votes for midpath", HFILL } },
        { &hf_score[RSTF_ORIGIN_CLIENT], { "Client score", "rstf.score.client", FT_DOUBLE, BASE_NONE, NULL, 0x0,
            "Summed weight of the votes for client", HFILL } },
        { &hf_evidence, { "Evidence", "rstf.evidence", FT_NONE, BASE_NONE, NULL, 0x0,
            "One scorer's vote or abstention", HFILL } },
        { &hf_ev_scorer, { "Scorer", "rstf.evidence.scorer", FT_STRING, BASE_NONE, NULL, 0x0,
            NULL, HFILL } },
        { &hf_ev_origin, { "Vote", "rstf.evidence.origin", FT_STRING, BASE_NONE, NULL, 0x0,
            "server, midpath, client or abstain", HFILL } },
        { &hf_ev_weight, { "Weight", "rstf.evidence.weight", FT_DOUBLE, BASE_NONE, NULL, 0x0,
            NULL, HFILL } },
        { &hf_ev_reason, { "Reason", "rstf.evidence.reason", FT_STRING, BASE_NONE, NULL, 0x0,
            NULL, HFILL } },
        { &hf_ttl_baseline, { "TTL baseline", "rstf.ttl.baseline", FT_UINT8, BASE_DEC, NULL, 0x0,
            "TTL / hop limit the claimed sender's segments arrive with", HFILL } },
        { &hf_ttl_delta, { "TTL delta", "rstf.ttl.delta", FT_INT32, BASE_DEC, NULL, 0x0,
            "RST TTL minus the baseline (positive: sent from closer)", HFILL } },
        { &hf_rtt_leg, { "RTT leg", "rstf.rtt_leg", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Round trip from the capture point to the claimed sender and back", HFILL } },
        { &hf_delay, { "Delay since trigger", "rstf.delay", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Time from the receiver's last segment to the RST", HFILL } },
        { &hf_seq_expected, { "Expected sequence number", "rstf.seq.expected", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Next sequence number of the claimed sender (raw)", HFILL } },
        { &hf_window_left, { "Receive window left edge", "rstf.window.left", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Receiver's acceptable sequence range, start (raw)", HFILL } },
        { &hf_window_right, { "Receive window right edge", "rstf.window.right", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Receiver's acceptable sequence range, end (raw)", HFILL } },
    };
    static int *ett[] = { &ett_rstf, &ett_evidence };
    /* Names differ from every hf abbreviation (they become filter fields too). */
    static ei_register_info ei[] = {
        { &ei_verdict[RSTF_ORIGIN_MIDPATH], { "rstf.midpath", PI_SECURITY, PI_WARN,
            "RST forged by a middlebox (midpath verdict)", EXPFILL } },
        { &ei_verdict[RSTF_ORIGIN_SERVER], { "rstf.server", PI_SEQUENCE, PI_NOTE,
            "RST sent by the server itself", EXPFILL } },
        { &ei_verdict[RSTF_ORIGIN_CLIENT], { "rstf.client", PI_SEQUENCE, PI_NOTE,
            "RST sent by the client itself", EXPFILL } },
        { &ei_verdict[RSTF_ORIGIN_UNKNOWN], { "rstf.unknown", PI_SEQUENCE, PI_CHAT,
            "RST origin undetermined", EXPFILL } },
    };

    proto_rstf = proto;
    info_text_build();
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
}

static proto_item *add_generated(proto_item *ti)
{
    proto_item_set_generated(ti);
    return ti;
}

static nstime_t ns_to_nstime(int64_t ns)
{
    nstime_t t;

    t.secs = (time_t)(ns / 1000000000);
    t.nsecs = (int)(ns % 1000000000);
    return t;
}

static const char *direction_text(const struct rstf_result *r)
{
    if (r->claimed_role == RSTF_ROLE_SERVER && r->peer_role == RSTF_ROLE_CLIENT)
        return "server -> client";
    if (r->claimed_role == RSTF_ROLE_CLIENT && r->peer_role == RSTF_ROLE_SERVER)
        return "client -> server";
    return r->side == RSTF_SIDE_A ? "A -> B" : "B -> A";
}

static void add_evidence(proto_tree *tree, tvbuff_t *tvb, const struct rstf_verdict *v)
{
    for (int i = 0; i < RSTF_SCORER_COUNT; i++) {
        const struct rstf_vote *vote = &v->votes[i];
        bool abstained = vote->origin == RSTF_ORIGIN_UNKNOWN;
        const char *origin = abstained ? "abstain" : rstf_origin_name(vote->origin);
        proto_item *ti;
        proto_tree *sub;

        if (abstained)
            ti = proto_tree_add_none_format(tree, hf_evidence, tvb, 0, 0, "%s: abstain - %s",
                                            rstf_scorer_label((enum rstf_scorer)i), vote->reason);
        else
            ti = proto_tree_add_none_format(tree, hf_evidence, tvb, 0, 0, "%s: %s (%.2f) %s",
                                            rstf_scorer_label((enum rstf_scorer)i), origin, vote->weight, vote->reason);
        add_generated(ti);
        sub = proto_item_add_subtree(ti, ett_evidence);
        add_generated(proto_tree_add_string(sub, hf_ev_scorer, tvb, 0, 0,
                                            rstf_scorer_name((enum rstf_scorer)i)));
        add_generated(proto_tree_add_string(sub, hf_ev_origin, tvb, 0, 0, origin));
        add_generated(proto_tree_add_double(sub, hf_ev_weight, tvb, 0, 0, vote->weight));
        add_generated(proto_tree_add_string(sub, hf_ev_reason, tvb, 0, 0, vote->reason));
    }
}

static void add_compared(proto_tree *tree, tvbuff_t *tvb, const struct rstf_compared *c)
{
    nstime_t t;

    if (c->ttl_baseline >= 0) {
        add_generated(proto_tree_add_uint(tree, hf_ttl_baseline, tvb, 0, 0, (guint32)c->ttl_baseline));
        add_generated(proto_tree_add_int(tree, hf_ttl_delta, tvb, 0, 0, c->ttl_delta));
    }
    if (c->rtt_leg_ns >= 0) {
        t = ns_to_nstime(c->rtt_leg_ns);
        add_generated(proto_tree_add_time(tree, hf_rtt_leg, tvb, 0, 0, &t));
    }
    if (c->delay_ns >= 0) {
        t = ns_to_nstime(c->delay_ns);
        add_generated(proto_tree_add_time(tree, hf_delay, tvb, 0, 0, &t));
    }
    if (c->expected_seq_known)
        add_generated(proto_tree_add_uint(tree, hf_seq_expected, tvb, 0, 0, c->expected_seq));
    if (c->window_known) {
        add_generated(proto_tree_add_uint(tree, hf_window_left, tvb, 0, 0, c->window_left));
        add_generated(proto_tree_add_uint(tree, hf_window_right, tvb, 0, 0, c->window_right));
    }
}

bool rstf_tree_wants_reasons(proto_tree *tree)
{
    /* True for every field when the tree is visible. */
    return tree && (proto_field_is_referenced(tree, hf_ev_reason) ||
                    proto_field_is_referenced(tree, hf_evidence));
}

void rstf_tree_show(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                    const struct rstf_shown *shown)
{
    const struct rstf_result *r = shown->result;
    const struct rstf_verdict *v = &shown->verdict;
    enum rstf_origin o = (unsigned)v->origin < RSTF_ORIGIN_COUNT ? v->origin : RSTF_ORIGIN_UNKNOWN;
    const char *name = rstf_origin_name(o);
    proto_item *ti, *verdict_ti;
    proto_tree *rt;

    /* proto_tree_add_* return NULL for a NULL tree; the calls are no-ops then.
     * Nobody can read the fields, or the protocol item's label, when the
     * tree is not shown and no filter, column or -e names an rstf field
     * (naming one marks the protocol referenced too, and -e rstf prints
     * the label): a filter run over many RSTs then skips some forty items
     * each and the label's formatting, ~1 400 instructions of an RST.
     * The protocol item stays, as the expert info's anchor. */
    bool readable = proto_field_is_referenced(tree, proto_rstf);

    ti = add_generated(proto_tree_add_item(tree, proto_rstf, tvb, 0, 0, ENC_NA));
    verdict_ti = ti;
    if (readable) {
        if (o == RSTF_ORIGIN_UNKNOWN)
            proto_item_set_text(ti, "RST Forensics: unknown origin");
        else
            proto_item_set_text(ti, "RST Forensics: %s (%d%%)", name,
                                rstf_confidence_percent(v->confidence));
        rt = proto_item_add_subtree(ti, ett_rstf);
        verdict_ti = add_generated(proto_tree_add_string(rt, hf_verdict, tvb, 0, 0, name));
        add_generated(proto_tree_add_double(rt, hf_confidence, tvb, 0, 0, v->confidence));
        add_generated(proto_tree_add_string(rt, hf_claimed, tvb, 0, 0,
                                            rstf_role_name((enum rstf_role)r->claimed_role)));
        add_generated(proto_tree_add_string(rt, hf_direction, tvb, 0, 0, direction_text(r)));
        for (int k = RSTF_ORIGIN_SERVER; k < RSTF_ORIGIN_COUNT; k++)
            add_generated(proto_tree_add_double(rt, hf_score[k], tvb, 0, 0, v->score[k]));
        add_evidence(rt, tvb, v);
        add_compared(rt, tvb, &v->compared);
    }

    expert_add_info(pinfo, verdict_ti, &ei_verdict[o]);

    /* rstf_confidence_percent() is 0..100. */
    col_append_str(pinfo->cinfo, COL_INFO, info_text[o][rstf_confidence_percent(v->confidence)]);
}
