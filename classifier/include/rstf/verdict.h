/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf/verdict.h - votes, their aggregation, and the verdict.
 *
 * Each scorer casts at most one vote {origin, weight, reason}, or abstains
 * with a reason.  rstf_classify() sums the weights per origin (abstentions
 * do not count); the largest total wins and confidence is its share of all
 * weight cast.  No votes, or an exact tie for first place, is "unknown" with
 * confidence 0.  Evidence stays in scorer order.
 */
#ifndef RSTF_VERDICT_H
#define RSTF_VERDICT_H

#include "rstf/config.h"
#include "rstf/flow.h"

enum rstf_origin {
    RSTF_ORIGIN_UNKNOWN = 0, /* for a vote: abstained */
    RSTF_ORIGIN_SERVER,
    RSTF_ORIGIN_MIDPATH,
    RSTF_ORIGIN_CLIENT,
    RSTF_ORIGIN_COUNT
};

#define RSTF_REASON_MAX 256

struct rstf_vote {
    enum rstf_origin origin; /* RSTF_ORIGIN_UNKNOWN: abstained */
    double weight;
    bool   reason_wanted;    /* set by the classify call: whether reason is written */
    char   reason[RSTF_REASON_MAX]; /* "" when not wanted */
};

/* Values a scorer compared, kept so that a UI can show and filter them. */
struct rstf_compared {
    int     ttl_baseline;      /* -1: none */
    int     ttl_delta;
    int64_t rtt_leg_ns;        /* -1: unknown */
    int64_t delay_ns;          /* since the trigger; -1: no trigger */
    uint32_t expected_seq;
    uint32_t window_left, window_right;
    bool    expected_seq_known;
    bool    window_known;
};

struct rstf_verdict {
    enum rstf_origin origin;
    double confidence;                    /* 0..1 */
    double score[RSTF_ORIGIN_COUNT];      /* summed weight per origin */
    struct rstf_vote votes[RSTF_SCORER_COUNT];
    struct rstf_compared compared;
};

void rstf_classify(const struct rstf_observation *obs, const struct rstf_config *cfg,
                   struct rstf_verdict *out);

/*
 * The same verdict, scores, votes and compared values as rstf_classify(),
 * without the reasons' text (every reason is "").  Formatting reasons is
 * most of what classifying costs; a caller that shows only the verdict
 * (a Wireshark tree nobody looks at, a filter on rstf.verdict) skips it.
 */
void rstf_classify_without_reasons(const struct rstf_observation *obs,
                                   const struct rstf_config *cfg, struct rstf_verdict *out);

/* "server", "midpath", "client", "unknown" */
const char *rstf_origin_name(enum rstf_origin o);

/*
 * A confidence as the whole percentage that printf's "%.0f" prints for
 * confidence * 100 (ties to even, as glibc rounds), without formatting
 * a double: the plugin's Info column and protocol item print it for every
 * RST, even in a filter run, and the two doubles were ~2 000 of the ~9 400
 * instructions an RST cost there.  Outside 0..1 (and NaN) it clamps to 0
 * or 100.
 */
int rstf_confidence_percent(double confidence);

#endif
