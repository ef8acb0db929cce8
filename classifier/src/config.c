/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <string.h>

#include "rstf/config.h"

/* The seed article's weights where it gives them (TTL 0.85, window 0.75,
 * exact seq 0.85, blind seq 0.80, timing 0.90); the rest are set below
 * those, because agreeing with a baseline proves less than breaking it. */
void rstf_config_default(struct rstf_config *cfg)
{
    static const uint16_t firewall_windows[] = { 0, 4128, 8192, 16384 };

    memset(cfg, 0, sizeof *cfg);
    for (int i = 0; i < RSTF_SCORER_COUNT; i++)
        cfg->enabled[i] = true;

    cfg->w_ttl_closer = 0.85;
    cfg->w_ttl_farther = 0.50;
    cfg->w_ttl_match = 0.60;
    cfg->w_ttl_closer_host = 0.50;
    cfg->ttl_tolerance = 2;

    cfg->w_ipid_continues = 0.60;
    cfg->w_ipid_break = 0.70;
    cfg->ipid_max_gap = 256;

    cfg->w_window_sentinel = 0.75;
    cfg->w_window_match = 0.40;
    memcpy(cfg->firewall_windows, firewall_windows, sizeof firewall_windows);
    cfg->n_firewall_windows = sizeof firewall_windows / sizeof firewall_windows[0];

    cfg->w_opts_consistent = 0.60;
    cfg->w_opts_stripped = 0.60;
    cfg->socket_alive_s = 10.0;

    cfg->w_seq_exact = 0.85;
    cfg->w_seq_in_window = 0.50;
    cfg->w_seq_blind = 0.80;

    cfg->w_timing_fast = 0.90;
    cfg->w_timing_plausible = 0.40;
    cfg->timing_fast_fraction = 0.5;
    cfg->timing_min_leg_s = 0.002;

    /* Conclusive but for reordering, and no forger can copy it: it outweighs
     * every field a forger can copy (TTL, IP-ID, window, seq, timing: 2.85). */
    cfg->w_race = 3.0;
    cfg->race_window_s = 2.0;

    /* No stack sends a seq whole windows past its last RST's; coincidence
     * needs a peer window dividing the step exactly.  Above any single
     * copyable field, below the race.  The burst's first RST is only
     * implicated by its successor: less. */
    cfg->w_burst = 1.00;
    cfg->w_burst_first = 0.70;
    cfg->burst_gap_s = 0.010;

    /* A guessed seq, but a missed capture of the sender's data looks alike. */
    cfg->w_challenge = 0.50;
    cfg->challenge_window_s = 1.0;
}

const char *rstf_scorer_label(enum rstf_scorer s)
{
    static const char *const labels[RSTF_SCORER_COUNT] = {
        [RSTF_SCORER_TTL] = "TTL",         [RSTF_SCORER_IPID] = "IP-ID",
        [RSTF_SCORER_WINDOW] = "Window",   [RSTF_SCORER_OPTIONS] = "Options",
        [RSTF_SCORER_SEQ] = "Sequence",    [RSTF_SCORER_TIMING] = "Timing",
        [RSTF_SCORER_RACE] = "Race",       [RSTF_SCORER_BURST] = "Burst",
        [RSTF_SCORER_CHALLENGE] = "Challenge ACK",
        [RSTF_SCORER_DIAG] = "Diagnostic payload",
    };
    return (unsigned)s < RSTF_SCORER_COUNT ? labels[s] : "?";
}

const char *rstf_scorer_name(enum rstf_scorer s)
{
    static const char *const names[RSTF_SCORER_COUNT] = {
        [RSTF_SCORER_TTL] = "ttl",         [RSTF_SCORER_IPID] = "ipid",
        [RSTF_SCORER_WINDOW] = "window",   [RSTF_SCORER_OPTIONS] = "options",
        [RSTF_SCORER_SEQ] = "seq",         [RSTF_SCORER_TIMING] = "timing",
        [RSTF_SCORER_RACE] = "race",       [RSTF_SCORER_BURST] = "burst",
        [RSTF_SCORER_CHALLENGE] = "challenge", [RSTF_SCORER_DIAG] = "diag",
    };
    return (unsigned)s < RSTF_SCORER_COUNT ? names[s] : "?";
}
