/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Internal: the scorers and the small helpers they share.
 *
 * A scorer reads one observation and the config, and fills one vote: an
 * origin with a weight and a reason, or an abstention (RSTF_ORIGIN_UNKNOWN)
 * with a reason.  It also records the values it compared.  Scorers are
 * direction-aware: "fits the claimed sender" votes for that sender's role.
 */
#ifndef RSTF_SCORERS_H
#define RSTF_SCORERS_H

#include "rstf/verdict.h"

typedef void rstf_scorer_fn(const struct rstf_observation *obs, const struct rstf_config *cfg,
                            struct rstf_vote *vote, struct rstf_compared *cmp);

rstf_scorer_fn rstf_score_ttl;
rstf_scorer_fn rstf_score_ipid;
rstf_scorer_fn rstf_score_window;
rstf_scorer_fn rstf_score_options;
rstf_scorer_fn rstf_score_seq;
rstf_scorer_fn rstf_score_timing;
rstf_scorer_fn rstf_score_race;
rstf_scorer_fn rstf_score_burst;
rstf_scorer_fn rstf_score_challenge;
rstf_scorer_fn rstf_score_diag;

#if defined(__GNUC__)
#define RSTF_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define RSTF_PRINTF(fmt, args)
#endif

void rstf_vote_set(struct rstf_vote *v, enum rstf_origin origin, double weight,
                   const char *fmt, ...) RSTF_PRINTF(4, 5);
void rstf_abstain(struct rstf_vote *v, const char *fmt, ...) RSTF_PRINTF(2, 3);

/* The origin a vote for "it fits the claimed sender" goes to. */
enum rstf_origin rstf_claimed_origin(const struct rstf_observation *obs);

/* "server" / "client": how reasons name the claimed sender and its peer. */
const char *rstf_claimed_name(const struct rstf_observation *obs);
const char *rstf_peer_name(const struct rstf_observation *obs);

#endif
