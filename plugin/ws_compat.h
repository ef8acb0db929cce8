/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ws_compat.h - every Wireshark API difference between 4.0, 4.4 and 4.6
 * that the plugin touches, so the other files read the same on all three.
 *
 * Tested: 4.0 (Debian 12), 4.4 (Debian 13), 4.6 (sid).  The 4.2 branch
 * follows the 4.4 path (that is where the changes below landed) but is
 * not built by CI.
 */
#ifndef RSTF_WS_COMPAT_H
#define RSTF_WS_COMPAT_H

#include <stdbool.h>
#include <stdint.h>

#include <wireshark.h> /* WIRESHARK_VERSION_MAJOR/MINOR */
#include <epan/proto.h>
#include <epan/stats_tree.h>

#define RSTF_WS_AT_LEAST(maj, min)                                        \
    (WIRESHARK_VERSION_MAJOR > (maj) ||                                   \
     (WIRESHARK_VERSION_MAJOR == (maj) && WIRESHARK_VERSION_MINOR >= (min)))

/* field_info.value: an embedded fvalue_t up to 4.0, a pointer from 4.2. */
#if RSTF_WS_AT_LEAST(4, 2)
#define RSTF_FV(fi) ((fi)->value)
#else
#define RSTF_FV(fi) (&(fi)->value)
#endif

/*
 * Tree nodes: from 4.6 a node names its field itself (PNODE_HFINFO) and an
 * item nobody refers to may have no field_info at all, even at the top of
 * the tree; before, every node that exists has a field_info.  So from 4.6
 * the plugin must ask for the protocols whose items it reads bytes from.
 */
#ifdef PNODE_HFINFO
#define RSTF_NODES_MAY_LACK_FINFO 1
static inline const header_field_info *rstf_node_hfinfo(const proto_node *n)
{
    return PNODE_HFINFO(n);
}
#else
#define RSTF_NODES_MAY_LACK_FINFO 0
static inline const header_field_info *rstf_node_hfinfo(const proto_node *n)
{
    return PNODE_FINFO(n) ? PNODE_FINFO(n)->hfinfo : NULL;
}
#endif

/* Boolean preference variables: gboolean on 4.0, bool from 4.2. */
#if RSTF_WS_AT_LEAST(4, 2)
typedef bool rstf_pref_bool;
#else
typedef gboolean rstf_pref_bool;
#endif

/* value_string lookups: val_to_str() gained a scope argument in 4.6, so
 * only the scope-free val_to_str_const() is used. */
#define RSTF_VAL_TO_STR(val, vs, unknown) val_to_str_const((val), (vs), (unknown))

/*
 * stats_tree_register_plugin() returns void on 4.0 and a stats_tree_cfg *
 * from 4.2 on (for stats_tree_set_group() and renaming the first column,
 * neither of which 4.0 has: the tree keeps the defaults, so its menu place
 * and its "Topic / Item" column read the same on every version).
 */
static inline void rstf_stats_tree_register(const char *tapname, const char *abbr,
                                            const char *name, stat_tree_packet_cb packet,
                                            stat_tree_init_cb init)
{
#if RSTF_WS_AT_LEAST(4, 2)
    (void)stats_tree_register_plugin(tapname, abbr, name, 0, packet, init, NULL);
#else
    stats_tree_register_plugin(tapname, abbr, name, 0, packet, init, NULL);
#endif
}

/* Tap listeners in a plugin: tell 4.2+'s loader about them too. */
#if RSTF_WS_AT_LEAST(4, 2)
#define RSTF_PLUGIN_DESCRIPTION (WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER)
#endif

#endif
