/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Runs the scorers and turns their votes into one verdict. */
#include <string.h>

#include "scorers.h"

static rstf_scorer_fn *const scorers[RSTF_SCORER_COUNT] = {
    [RSTF_SCORER_TTL] = rstf_score_ttl,
    [RSTF_SCORER_IPID] = rstf_score_ipid,
    [RSTF_SCORER_WINDOW] = rstf_score_window,
    [RSTF_SCORER_OPTIONS] = rstf_score_options,
    [RSTF_SCORER_SEQ] = rstf_score_seq,
    [RSTF_SCORER_TIMING] = rstf_score_timing,
    [RSTF_SCORER_RACE] = rstf_score_race,
    [RSTF_SCORER_BURST] = rstf_score_burst,
    [RSTF_SCORER_CHALLENGE] = rstf_score_challenge,
    [RSTF_SCORER_DIAG] = rstf_score_diag,
};

const char *rstf_origin_name(enum rstf_origin o)
{
    switch (o) {
    case RSTF_ORIGIN_SERVER:  return "server";
    case RSTF_ORIGIN_MIDPATH: return "midpath";
    case RSTF_ORIGIN_CLIENT:  return "client";
    default:                  return "unknown";
    }
}

int rstf_confidence_percent(double confidence)
{
    if (!(confidence > 0.0))
        return 0;
    if (confidence >= 1.0)
        return 100;
    double x = confidence * 100.0;
    int whole = (int)x;
    double frac = x - whole; /* exact: x < 100 */

    return whole + (frac > 0.5 || (frac == 0.5 && (whole & 1)));
}

/* Confidence is the winner's share of the weight cast; a lone vote has no
 * share to speak of, so its own weight (at most 1) is the confidence: one
 * scorer alone never makes a verdict certain. */
static void aggregate(struct rstf_verdict *out)
{
    double cast = 0.0, best = 0.0;
    int voters = 0;
    enum rstf_origin winner = RSTF_ORIGIN_UNKNOWN;
    bool tie = false;

    for (int i = 0; i < RSTF_SCORER_COUNT; i++) {
        const struct rstf_vote *v = &out->votes[i];
        if (v->origin == RSTF_ORIGIN_UNKNOWN || !(v->weight > 0.0))
            continue;
        out->score[v->origin] += v->weight;
        cast += v->weight;
        voters++;
    }
    for (int o = RSTF_ORIGIN_SERVER; o < RSTF_ORIGIN_COUNT; o++) {
        if (out->score[o] > best) {
            best = out->score[o];
            winner = (enum rstf_origin)o;
            tie = false;
        } else if (out->score[o] > 0.0 && out->score[o] == best) {
            tie = true;
        }
    }
    if (cast > 0.0 && !tie) {
        out->origin = winner;
        out->confidence = voters == 1 ? (best < 1.0 ? best : 1.0) : best / cast;
    } else {
        out->origin = RSTF_ORIGIN_UNKNOWN;
        out->confidence = 0.0;
    }
}

static void classify(const struct rstf_observation *obs, const struct rstf_config *cfg,
                     bool reasons, struct rstf_verdict *out)
{
    memset(out, 0, sizeof *out);
    out->compared.ttl_baseline = -1;
    out->compared.rtt_leg_ns = -1;
    out->compared.delay_ns = -1;

    /* Without a captured handshake nobody knows which endpoint is the
     * server: attributing the RST would be a guess, so every scorer abstains. */
    bool roles_known = rstf_claimed_origin(obs) != RSTF_ORIGIN_UNKNOWN;

    for (int i = 0; i < RSTF_SCORER_COUNT; i++) {
        struct rstf_vote *v = &out->votes[i];
        v->reason_wanted = reasons;
        if (!cfg->enabled[i])
            rstf_abstain(v, "scorer disabled");
        else if (!roles_known)
            rstf_abstain(v, "handshake not captured: the claimed sender's role is unknown");
        else
            scorers[i](obs, cfg, v, &out->compared);
    }
    aggregate(out);
}

void rstf_classify(const struct rstf_observation *obs, const struct rstf_config *cfg,
                   struct rstf_verdict *out)
{
    classify(obs, cfg, true, out);
}

void rstf_classify_without_reasons(const struct rstf_observation *obs,
                                   const struct rstf_config *cfg, struct rstf_verdict *out)
{
    classify(obs, cfg, false, out);
}
