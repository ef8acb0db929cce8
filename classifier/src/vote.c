/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the scorers: filling votes, naming endpoints. */
#include <stdarg.h>
#include <stdio.h>

#include "scorers.h"

static void set_reason(struct rstf_vote *v, const char *fmt, va_list ap)
{
    if (v->reason_wanted)
        vsnprintf(v->reason, sizeof v->reason, fmt, ap);
    else
        v->reason[0] = '\0';
}

void rstf_vote_set(struct rstf_vote *v, enum rstf_origin origin, double weight,
                   const char *fmt, ...)
{
    va_list ap;
    v->origin = origin;
    v->weight = origin == RSTF_ORIGIN_UNKNOWN ? 0.0 : weight;
    va_start(ap, fmt);
    set_reason(v, fmt, ap);
    va_end(ap);
}

void rstf_abstain(struct rstf_vote *v, const char *fmt, ...)
{
    va_list ap;
    v->origin = RSTF_ORIGIN_UNKNOWN;
    v->weight = 0.0;
    va_start(ap, fmt);
    set_reason(v, fmt, ap);
    va_end(ap);
}

enum rstf_origin rstf_claimed_origin(const struct rstf_observation *obs)
{
    switch (obs->claimed.role) {
    case RSTF_ROLE_SERVER: return RSTF_ORIGIN_SERVER;
    case RSTF_ROLE_CLIENT: return RSTF_ORIGIN_CLIENT;
    default:               return RSTF_ORIGIN_UNKNOWN;
    }
}

const char *rstf_claimed_name(const struct rstf_observation *obs)
{
    return rstf_role_name((enum rstf_role)obs->claimed.role);
}

const char *rstf_peer_name(const struct rstf_observation *obs)
{
    return rstf_role_name((enum rstf_role)obs->peer.role);
}
