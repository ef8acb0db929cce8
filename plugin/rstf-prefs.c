/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-prefs.c - struct rstf_config as preferences of the "rstf" protocol.
 *
 * Wireshark (4.0 to 4.6) offers plugins no floating-point preference, and a
 * string preference parsed here could not fail the way Wireshark's own do
 * (an apply callback cannot reject a value).  So every number is an
 * unsigned preference in a stated unit, which Wireshark parses and rejects
 * itself ("tshark: Invalid -o flag"):
 *   weights        hundredths: 85 = 0.85, 300 = 3.00 (the race scorer's)
 *   durations      milliseconds, or microseconds for the sub-ms timing floor
 *   timing bound   percent of the round trip: 50 = half the RTT
 *   firewall windows: a range preference ("0,4128,8192,16384", 0..65535)
 * What the range type cannot refuse (more than RSTF_MAX_FIREWALL_WINDOWS
 * values) is cut with report_warning(), which tshark prints and the GUI
 * shows in a dialog.
 *
 * Defaults are read from the struct the caller passes (rstf_config_default),
 * so tuning the classifier moves the preference defaults with it.
 *
 * Any change re-dissects (the default effect of a protocol preference): the
 * GUI frees file scope, resets every frame to unvisited and runs a fresh
 * first pass, which is the only pass that classifies, so cached verdicts
 * never outlive the settings they were computed with.
 */
#include "rstf-prefs.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>

#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/range.h>
#include <wsutil/report_message.h>

#include "ws_compat.h"

enum kind {
    K_HEADING,  /* a label in the GUI, no value */
    K_ENABLE,   /* a scorer on/off */
    K_WEIGHT,   /* double, set in hundredths */
    K_COUNT,    /* unsigned, as is */
    K_MS,       /* double seconds, set in milliseconds */
    K_US,       /* double seconds, set in microseconds */
    K_PERCENT,  /* double fraction, set in percent */
    K_WINDOWS,  /* the firewall window set, a range */
};

/* A new scorer needs its switch and settings below (and in
 * docs/preferences.md, which tests/integration/prefs.sh checks). */
_Static_assert(RSTF_SCORER_COUNT == 10, "rstf-prefs.c: give the new scorer its preferences");

/* offsetof() of a double / unsigned member; _Generic makes a member of
 * another type a compile error, so the casts in apply() stay right. */
#define CFG_DOUBLE(m) (offsetof(struct rstf_config, m) + \
                       0 * sizeof(_Generic(((struct rstf_config *)0)->m, double: 1)))
#define CFG_UNSIGNED(m) (offsetof(struct rstf_config, m) + \
                         0 * sizeof(_Generic(((struct rstf_config *)0)->m, unsigned: 1)))

struct pref {
    enum kind kind;
    const char *name;  /* [a-z0-9_]: rstf.<name> */
    const char *title;
    const char *description;
    size_t offset;     /* K_ENABLE: the scorer; else the member of struct rstf_config */
    unsigned value;    /* what Wireshark writes */
};

#define HEADING(n, t) { K_HEADING, n, t, t, 0, 0 }
#define ENABLE(s, n, t, d) { K_ENABLE, n, t, d, s, 0 }
#define WEIGHT(m, n, t, d) { K_WEIGHT, n, t, d " In hundredths: 85 means 0.85.", CFG_DOUBLE(m), 0 }

static struct pref table[] = {
    HEADING("ttl_heading", "TTL / hop limit scorer"),
    ENABLE(RSTF_SCORER_TTL, "enable_ttl", "Use the TTL scorer",
           "Compare the RST's TTL / hop limit with what the claimed sender's own segments arrive with."),
    WEIGHT(w_ttl_closer, "weight_ttl_closer", "Weight: RST from a closer hop (1/100)",
           "Vote for midpath when the RST's TTL is higher than any of the claimed sender's: something nearer the capture point sent it."),
    WEIGHT(w_ttl_farther, "weight_ttl_farther", "Weight: RST from a farther hop (1/100)",
           "Vote for midpath when the RST's TTL is lower than the sender's lowest by more than the tolerance: another stack or path."),
    WEIGHT(w_ttl_match, "weight_ttl_match", "Weight: TTL matches (1/100)",
           "Vote for the claimed sender when the RST's TTL fits its baseline."),
    WEIGHT(w_ttl_closer_host, "weight_ttl_closer_host", "Weight: closer than the host's other traffic (1/100)",
           "Vote for midpath when the claimed sender said nothing in this conversation and the RST comes from closer than its steady TTL in other conversations or echo replies (weaker: paths may differ)."),
    { K_COUNT, "ttl_tolerance", "TTL tolerance (hops)",
      "Hops of path jitter (ECMP, route changes) allowed below the sender's lowest TTL, and, when the conversation's TTL moved at all, above its highest.",
      CFG_UNSIGNED(ttl_tolerance), 0 },

    HEADING("ipid_heading", "IP-ID scorer"),
    ENABLE(RSTF_SCORER_IPID, "enable_ipid", "Use the IP-ID scorer",
           "Check that the RST's IPv4 identification continues the claimed sender's counter."),
    WEIGHT(w_ipid_continues, "weight_ipid_continues", "Weight: IP-ID continues (1/100)",
           "Vote for the claimed sender when the IP-ID continues its counter or its always-zero habit."),
    WEIGHT(w_ipid_break, "weight_ipid_break", "Weight: IP-ID breaks (1/100)",
           "Vote for midpath when the IP-ID jumps, runs backwards, repeats or copies the peer's."),
    { K_COUNT, "ipid_max_gap", "IP-ID maximum forward step",
      "Largest step from the sender's last IP-ID still counted as continuing its counter.",
      CFG_UNSIGNED(ipid_max_gap), 0 },

    HEADING("window_heading", "Window scorer"),
    ENABLE(RSTF_SCORER_WINDOW, "enable_window", "Use the window scorer",
           "Compare the RST's TCP window with the claimed sender's and with values firewalls hardcode."),
    WEIGHT(w_window_sentinel, "weight_window_sentinel", "Weight: firewall window (1/100)",
           "Vote for midpath when the window is a firewall value or copies the trigger's window."),
    WEIGHT(w_window_match, "weight_window_match", "Weight: window in line (1/100)",
           "Vote for the claimed sender when the window is within a factor of 2 of its own."),
    { K_WINDOWS, "firewall_windows", "Firewall windows",
      "Window values middleboxes put in RSTs they forge, e.g. 0,4128,8192,16384 (at most 8 values; 0 counts only with an un-stack-like DF bit).",
      0, 0 },

    HEADING("options_heading", "TCP options scorer"),
    ENABLE(RSTF_SCORER_OPTIONS, "enable_options", "Use the TCP options scorer",
           "Check that an RST keeps the timestamps its sender negotiated."),
    WEIGHT(w_opts_consistent, "weight_options_consistent", "Weight: timestamps kept (1/100)",
           "Vote for the claimed sender when the RST keeps the negotiated timestamps with TSval moving forward."),
    WEIGHT(w_opts_stripped, "weight_options_stripped", "Weight: timestamps wrong or missing (1/100)",
           "Vote for midpath when timestamps appear unnegotiated, run backwards, or are missing although the sender's socket evidently exists."),
    { K_MS, "socket_alive_ms", "Socket alive after last segment (ms)",
      "A sender that spoke this recently, without a FIN, still has its socket: its own RST would carry timestamps.",
      CFG_DOUBLE(socket_alive_s), 0 },

    HEADING("seq_heading", "Sequence number scorer"),
    ENABLE(RSTF_SCORER_SEQ, "enable_seq", "Use the sequence number scorer",
           "Compare the RST's sequence number with the sender's next one and the receiver's window."),
    WEIGHT(w_seq_exact, "weight_seq_exact", "Weight: exact next sequence number (1/100)",
           "Vote for the claimed sender when seq is exactly its next sequence number."),
    WEIGHT(w_seq_in_window, "weight_seq_in_window", "Weight: sequence number in window (1/100)",
           "Vote for the claimed sender when seq is inside the receiver's window."),
    WEIGHT(w_seq_blind, "weight_seq_blind", "Weight: blind sequence number (1/100)",
           "Vote for midpath when seq is outside the receiver's window."),

    HEADING("timing_heading", "Timing scorer"),
    ENABLE(RSTF_SCORER_TIMING, "enable_timing", "Use the timing scorer",
           "Compare the delay since the receiver's last segment with the round trip to the claimed sender."),
    WEIGHT(w_timing_fast, "weight_timing_fast", "Weight: too fast (1/100)",
           "Vote for midpath when the RST came sooner than the claimed sender could have answered."),
    WEIGHT(w_timing_plausible, "weight_timing_plausible", "Weight: plausible delay (1/100)",
           "Vote for the claimed sender when the delay allows its answer."),
    { K_PERCENT, "timing_fast_percent", "Too fast below (% of the round trip)",
      "An RST sooner than this share of the round trip to the claimed sender is too fast: 50 is half the RTT.",
      CFG_DOUBLE(timing_fast_fraction), 0 },
    { K_US, "timing_min_leg_us", "Shortest usable round trip (microseconds)",
      "Round trips shorter than this are stack jitter, not distance: the timing scorer abstains.",
      CFG_DOUBLE(timing_min_leg_s), 0 },

    HEADING("race_heading", "Race scorer (look-ahead)"),
    ENABLE(RSTF_SCORER_RACE, "enable_race", "Use the race scorer",
           "Vote midpath when the claimed sender keeps sending after \"its\" RST (needs the later packets: use tshark -2 or the GUI)."),
    WEIGHT(w_race, "weight_race", "Weight: sender talks on after its RST (1/100)",
           "Above every field a forger can copy (300 = 3.00)."),
    { K_MS, "race_window_ms", "Race window (ms)",
      "How long after the RST the claimed sender's own segments still count as talking on.",
      CFG_DOUBLE(race_window_s), 0 },

    HEADING("burst_heading", "Burst scorer (window-spaced RSTs)"),
    ENABLE(RSTF_SCORER_BURST, "enable_burst", "Use the burst scorer",
           "Vote midpath when RSTs in one endpoint's name step their sequence numbers by whole windows of the peer, as dsniff tcpkill does (the burst's first RST learns of it from the next: use tshark -2 or the GUI)."),
    WEIGHT(w_burst, "weight_burst", "Weight: seq whole windows past the previous RST (1/100)",
           "Vote for midpath when this RST's seq is whole windows past the previous RST in the same name, a seq no captured segment explains."),
    WEIGHT(w_burst_first, "weight_burst_first", "Weight: the next RST steps a window past this one (1/100)",
           "Vote for midpath when the next RST in the same name steps whole windows past this one (look-ahead)."),
    { K_MS, "burst_gap_ms", "Burst gap (ms)",
      "RSTs further apart than this are not one burst.",
      CFG_DOUBLE(burst_gap_s), 0 },

    HEADING("challenge_heading", "Challenge ACK scorer (look-ahead)"),
    ENABLE(RSTF_SCORER_CHALLENGE, "enable_challenge", "Use the challenge ACK scorer",
           "Look for the receiver's RFC 5961 challenge ACK after an RST (needs the later packets: use tshark -2 or the GUI)."),
    WEIGHT(w_challenge, "weight_challenge", "Weight: challenged, seq past the sender's data (1/100)",
           "Vote for midpath when the receiver challenged the RST and its seq is not where the claimed sender's captured data ends."),
    { K_MS, "challenge_window_ms", "Challenge ACK window (ms)",
      "How long after the RST the receiver's repeated ack still counts as its challenge.",
      CFG_DOUBLE(challenge_window_s), 0 },

    HEADING("diag_heading", "Diagnostic payload (shown, never counted)"),
    ENABLE(RSTF_SCORER_DIAG, "enable_diag", "Show the RST diagnostic payload",
           "Decode the reason an RST's payload gives (draft-ietf-tcpm-rst-diagnostic-payload) as evidence; it never votes."),
};

static struct rstf_config *target;
static rstf_pref_bool enabled[RSTF_SCORER_COUNT];
static range_t *firewall_windows;

static double *cfg_double(size_t offset)
{
    return (double *)(void *)((char *)target + offset);
}

static unsigned *cfg_unsigned(size_t offset)
{
    return (unsigned *)(void *)((char *)target + offset);
}

static unsigned to_units(double v, double scale)
{
    return v <= 0.0 ? 0u : (unsigned)(v * scale + 0.5);
}

static void apply_windows(void)
{
    unsigned n = 0;
    uint64_t total = 0;

    for (unsigned i = 0; firewall_windows && i < firewall_windows->nranges; i++) {
        const range_admin_t *r = &firewall_windows->ranges[i];

        total += (uint64_t)r->high - r->low + 1;
        for (uint32_t w = r->low; w <= r->high && n < RSTF_MAX_FIREWALL_WINDOWS; w++)
            target->firewall_windows[n++] = (uint16_t)w;
    }
    target->n_firewall_windows = n;
    if (total > RSTF_MAX_FIREWALL_WINDOWS)
        report_warning("rstf.firewall_windows: %" PRIu64 " values given, only the first %d are used",
                       total, RSTF_MAX_FIREWALL_WINDOWS);
}

/* Wireshark calls this after reading preference files, after -o, and when
 * the GUI's preferences change; a re-dissection follows in the GUI. */
static void apply(void)
{
    for (size_t i = 0; i < array_length(table); i++) {
        struct pref *p = &table[i];

        switch (p->kind) {
        case K_HEADING:
            break;
        case K_ENABLE:
            target->enabled[p->offset] = enabled[p->offset] != 0;
            break;
        case K_WEIGHT:
            *cfg_double(p->offset) = p->value / 100.0;
            break;
        case K_COUNT:
            *cfg_unsigned(p->offset) = p->value;
            break;
        case K_MS:
            *cfg_double(p->offset) = p->value / 1000.0;
            break;
        case K_US:
            *cfg_double(p->offset) = p->value / 1000000.0;
            break;
        case K_PERCENT:
            *cfg_double(p->offset) = p->value / 100.0;
            break;
        case K_WINDOWS:
            apply_windows();
            break;
        }
    }
}

static void register_windows(module_t *module, const struct pref *p)
{
    char text[RSTF_MAX_FIREWALL_WINDOWS * 7 + 1];
    size_t used = 0;

    text[0] = '\0';
    for (unsigned i = 0; i < target->n_firewall_windows && i < RSTF_MAX_FIREWALL_WINDOWS; i++)
        used += (size_t)snprintf(text + used, sizeof text - used, "%s%u", i ? "," : "",
                                 (unsigned)target->firewall_windows[i]);
    range_convert_str(wmem_epan_scope(), &firewall_windows, text, 65535);
    prefs_register_range_preference(module, p->name, p->title, p->description,
                                    &firewall_windows, 65535);
}

void rstf_prefs_register(int proto, struct rstf_config *cfg)
{
    module_t *module = prefs_register_protocol(proto, apply);

    target = cfg;
    prefs_register_static_text_preference(module, "units",
        "Weights are in hundredths (85 means 0.85); a verdict's confidence is the winner's share of the weight cast.",
        "Changing any value re-dissects the capture with the new settings.");
    for (size_t i = 0; i < array_length(table); i++) {
        struct pref *p = &table[i];

        switch (p->kind) {
        case K_HEADING:
            prefs_register_static_text_preference(module, p->name, p->title, p->description);
            break;
        case K_ENABLE:
            enabled[p->offset] = cfg->enabled[p->offset];
            prefs_register_bool_preference(module, p->name, p->title, p->description,
                                           &enabled[p->offset]);
            break;
        case K_WEIGHT:
        case K_PERCENT:
            p->value = to_units(*cfg_double(p->offset), 100.0);
            prefs_register_uint_preference(module, p->name, p->title, p->description, 10, &p->value);
            break;
        case K_MS:
            p->value = to_units(*cfg_double(p->offset), 1000.0);
            prefs_register_uint_preference(module, p->name, p->title, p->description, 10, &p->value);
            break;
        case K_US:
            p->value = to_units(*cfg_double(p->offset), 1000000.0);
            prefs_register_uint_preference(module, p->name, p->title, p->description, 10, &p->value);
            break;
        case K_COUNT:
            p->value = *cfg_unsigned(p->offset);
            prefs_register_uint_preference(module, p->name, p->title, p->description, 10, &p->value);
            break;
        case K_WINDOWS:
            register_windows(module, p);
            break;
        }
    }
}
