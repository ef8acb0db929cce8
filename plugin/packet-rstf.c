/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * packet-rstf.c - the "rstf" post-dissector: registration and per-frame glue.
 *
 * First pass (!PINFO_FD_VISITED): read the frame's TCP headers
 * (rstf-extract), feed every segment to its conversation (and echo replies
 * to host baselines) and cache, for each RST, what it is judged against on
 * its frame.  Every pass: classify the cached RSTs (a pure function of what
 * was cached), show the verdicts and queue them to the tap.  Baselines are
 * never rebuilt later (tshark -2, GUI clicks), so results never depend on
 * the click order.
 */
#include "packet-rstf.h"

#include <epan/packet.h>
#include <epan/tap.h>

#include "rstf/config.h"
#include "rstf-extract.h"
#include "rstf-prefs.h"
#include "rstf-state.h"
#include "rstf-tree.h"

static int proto_rstf = -1;
static int rstf_tap = -1;
static dissector_handle_t rstf_handle;

/* The one classifier configuration; the preferences write into it. */
static struct rstf_config rstf_cfg;

/* First pass: returns the frame's RSTs (also cached on the frame for later
 * passes) in out[], at most RSTF_MAX_TCP_LAYERS. */
static unsigned analyse_frame(packet_info *pinfo, proto_tree *tree,
                              const struct rstf_result **out)
{
    struct rstf_frame frame;
    unsigned stored = 0;

    if (!rstf_extract(tree, pinfo, &frame))
        return 0;
    if (frame.echo_reply)
        rstf_state_learn_echo(&frame.echo);
    for (unsigned i = 0; i < frame.n_segments; i++) {
        const struct rstf_result *r = rstf_state_feed(&frame.segments[i]);
        if (r) {
            rstf_state_store(pinfo, stored, r);
            out[stored++] = r;
        }
    }
    return stored;
}

static int dissect_rstf(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    const struct rstf_result *results[RSTF_MAX_TCP_LAYERS];
    unsigned n = 0;

    /* Not set for a helper protocol's handle; the caller restores it. */
    pinfo->current_proto = "RSTF";

    /* The first pass knows its results; only later passes look them up
     * (a proto-data search that every packet would otherwise pay). */
    if (!PINFO_FD_VISITED(pinfo))
        n = analyse_frame(pinfo, tree, results);
    else
        while (n < RSTF_MAX_TCP_LAYERS && (results[n] = rstf_state_lookup(pinfo, n)) != NULL)
            n++;

    /* No early return on a NULL tree: expert info, Info column and the tap
     * must see every RST on every pass. */
    bool reasons = n > 0 && rstf_tree_wants_reasons(tree);
    for (unsigned i = 0; i < n; i++) {
        struct rstf_shown *shown = wmem_new(pinfo->pool, struct rstf_shown);
        struct rstf_observation obs;

        shown->result = results[i];
        rstf_result_observation(results[i], &obs);
        if (reasons)
            rstf_classify(&obs, &rstf_cfg, &shown->verdict);
        else
            rstf_classify_without_reasons(&obs, &rstf_cfg, &shown->verdict);
        rstf_tree_show(tvb, pinfo, tree, shown);
        tap_queue_packet(rstf_tap, pinfo, shown);
    }
    return 0;
}

void proto_register_rstf(void)
{
    proto_rstf = proto_register_protocol("RST Forensics", "RSTF", "rstf");
    rstf_tree_register(proto_rstf);
    rstf_state_register(proto_rstf);
    rstf_config_default(&rstf_cfg);
    rstf_prefs_register(proto_rstf, &rstf_cfg);

    /*
     * The handle belongs to a helper protocol ("protocol in name only")
     * rather than to proto_rstf itself.  call_dissector_work() adds every
     * other handle's protocol to pinfo->layers and proto_layers and, as a
     * post-dissector adds nothing to most frames, removes it again: wmem
     * list and map work on every packet, ~800 of the ~2 800 instructions
     * per packet the plugin cost on 4.0 (docs/performance.md).  A helper's
     * handle skips that, and it is enabled exactly when its parent is, so
     * disabling RSTF still turns the post-dissector off
     * (have_postdissector() asks the handle's protocol).
     */
    int proto_rstf_postdissector = proto_register_protocol_in_name_only(
        "RST Forensics post-dissector", "RSTF post-dissector", "rstf.postdissector", proto_rstf,
        FT_PROTOCOL);
    rstf_handle = register_dissector("rstf", dissect_rstf, proto_rstf_postdissector);
    register_postdissector(rstf_handle);
    rstf_tap = register_tap("rstf");
}

void proto_reg_handoff_rstf(void)
{
    /* Other protocols' fields are only guaranteed registered by now. */
    rstf_extract_set_wanted(rstf_handle);
}
