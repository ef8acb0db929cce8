/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf/config.h - every weight and threshold the scorers use, in one place.
 *
 * rstf_config_default() gives the seed article's values; callers (the
 * Wireshark preferences, tests) change fields and pass the struct along.
 */
#ifndef RSTF_CONFIG_H
#define RSTF_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

enum rstf_scorer {
    RSTF_SCORER_TTL = 0,
    RSTF_SCORER_IPID,
    RSTF_SCORER_WINDOW,
    RSTF_SCORER_OPTIONS,
    RSTF_SCORER_SEQ,
    RSTF_SCORER_TIMING,
    RSTF_SCORER_RACE,     /* look-ahead: only once later segments were seen */
    RSTF_SCORER_BURST,    /* window-spaced RSTs; the first learns of it by look-ahead */
    RSTF_SCORER_CHALLENGE,/* look-ahead: the receiver's RFC 5961 challenge ACK */
    RSTF_SCORER_DIAG,     /* the RST's diagnostic payload: shown, never counted */
    RSTF_SCORER_COUNT
};

#define RSTF_MAX_FIREWALL_WINDOWS 8

struct rstf_config {
    bool enabled[RSTF_SCORER_COUNT];

    /* TTL / hop limit */
    double w_ttl_closer;      /* RST arrives with a higher TTL than the claimed sender's */
    double w_ttl_farther;     /* lower by more than the tolerance: another stack or hop count */
    double w_ttl_match;       /* within the tolerance */
    double w_ttl_closer_host; /* closer than a steady baseline from the address's other
                               * traffic: weaker, paths may differ between conversations */
    unsigned ttl_tolerance;   /* hops of path jitter (ECMP, route flaps) */

    /* IP-ID */
    double w_ipid_continues;  /* continues the claimed sender's counter or zero habit */
    double w_ipid_break;      /* jumps, or copies the peer's IP-ID */
    unsigned ipid_max_gap;    /* forward step still counted as "continues" */

    /* Window */
    double w_window_sentinel; /* a hardcoded firewall value, or the trigger's window copied */
    double w_window_match;    /* within the claimed sender's own range of windows */
    uint16_t firewall_windows[RSTF_MAX_FIREWALL_WINDOWS];
    unsigned n_firewall_windows;

    /* TCP options */
    double w_opts_consistent; /* timestamps kept, TSval continuing */
    double w_opts_stripped;   /* an RST without the negotiated timestamps from a sender
                               * whose socket is evidently alive */
    double socket_alive_s;    /* the sender spoke this recently without a FIN: its
                               * socket exists (a reboot or timeout takes longer) */

    /* Sequence */
    double w_seq_exact;
    double w_seq_in_window;
    double w_seq_blind;

    /* Timing */
    double w_timing_fast;     /* faster than the path to the claimed sender allows */
    double w_timing_plausible;
    double timing_fast_fraction; /* of the RTT leg; the article's ½ RTT */
    double timing_min_leg_s;     /* legs shorter than this are stack jitter, not distance */

    /* Race (look-ahead) */
    double w_race;            /* the claimed sender kept sending after "its" RST */
    double race_window_s;     /* how long after the RST its segments still count */

    /* Burst (tcpkill's window-walking RSTs) */
    double w_burst;           /* this RST's seq is whole windows past the previous one's */
    double w_burst_first;     /* the next RST steps a window past this one (look-ahead) */
    double burst_gap_s;       /* RSTs further apart are not one burst */

    /* RFC 5961 challenge ACK (look-ahead) */
    double w_challenge;       /* challenged, and the seq is not where the sender's data ends */
    double challenge_window_s; /* the receiver's answer must come this soon */
};

void rstf_config_default(struct rstf_config *cfg);

/* "ttl", "ipid", ...: stable names for fields and JSON. */
const char *rstf_scorer_name(enum rstf_scorer s);
/* "TTL", "IP-ID", ...: for people. */
const char *rstf_scorer_label(enum rstf_scorer s);

#endif
