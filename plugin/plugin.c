/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * plugin.c - what Wireshark's plugin loader looks up in rstf.so.
 *
 * plugin_want_major/minor must equal the running Wireshark's version, so
 * the module is built per Wireshark release from the same source.
 */
#include <wireshark.h>
#include <epan/proto.h>
#include <epan/tap.h>

#include "packet-rstf.h"
#include "rstf-stats.h"
#include "ws_compat.h"

#if RSTF_WS_AT_LEAST(4, 2)
#include <wsutil/plugins.h>
#endif

#ifndef RSTF_VERSION
#define RSTF_VERSION "0.0.0"
#endif

WS_DLL_PUBLIC_DEF const char plugin_version[] = RSTF_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);
#if RSTF_WS_AT_LEAST(4, 2)
WS_DLL_PUBLIC uint32_t plugin_describe(void);
#endif

void plugin_register(void)
{
    static proto_plugin plug;
    /* A plugin's stats tree is registered from a tap plugin callback: tshark
     * and the GUI run those once epan is up, before they build their -z
     * options and the Statistics menu. */
    static tap_plugin tap = { rstf_stats_register };

    plug.register_protoinfo = proto_register_rstf;
    plug.register_handoff = proto_reg_handoff_rstf;
    proto_register_plugin(&plug);
    tap_register_plugin(&tap);
}

#if RSTF_WS_AT_LEAST(4, 2)
/* A dissector (with its tap) and the statistics tree listening to it. */
uint32_t plugin_describe(void)
{
    return RSTF_PLUGIN_DESCRIPTION;
}
#endif
