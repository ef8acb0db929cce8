/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RST diagnostic payload (draft-ietf-tcpm-rst-diagnostic-payload).  When
 * present it says why the connection was reset, and the draft lets both the
 * endpoints and on-path service functions (NAT, firewall, CGN) send it:
 * reasons 8..14 are the ones it names for service functions.  It is the
 * sender's own claim in eight bytes a forger can write as easily, so it is
 * shown, never counted: this scorer always abstains.
 */
#include "scorers.h"

void rstf_score_diag(const struct rstf_observation *obs, const struct rstf_config *cfg,
                     struct rstf_vote *v, struct rstf_compared *cmp)
{
    const struct rstf_packet *r = &obs->rst;
    const struct rstf_diag *d = &r->diag;
    (void)cfg;
    (void)cmp;

    if (!rstf_has(r, RSTF_HAVE_PAYLOAD)) {
        if (rstf_has(r, RSTF_HAVE_LEN) && r->payload_len == 0)
            rstf_abstain(v, "no diagnostic payload: the RST carries no data");
        else
            rstf_abstain(v, "RST payload not inspected");
        return;
    }
    switch ((enum rstf_diag_status)d->status) {
    case RSTF_DIAG_VALID:
        if (d->pen != 0)
            rstf_abstain(v, "diagnostic payload: vendor reason %u (enterprise %u); the "
                            "sender's own claim, not counted", d->reason, d->pen);
        else
            rstf_abstain(v, "diagnostic payload: reason %u \"%s\"%s; the sender's own claim, "
                            "not counted", d->reason, rstf_diag_reason_text(d->reason, 0),
                         rstf_diag_service_reason(d->reason, 0)
                             ? " (a reason the draft gives middleboxes too)" : "");
        return;
    case RSTF_DIAG_MALFORMED:
        rstf_abstain(v, "diagnostic payload magic 0x33AA, but malformed (receivers ignore it)");
        return;
    case RSTF_DIAG_TRUNCATED:
        rstf_abstain(v, "RST payload cut short by the capture: diagnostic payload unknown");
        return;
    case RSTF_DIAG_FOREIGN:
        rstf_abstain(v, "RST carries %u bytes that are no diagnostic payload", r->payload_len);
        return;
    case RSTF_DIAG_ABSENT:
    default:
        rstf_abstain(v, "no diagnostic payload: the RST carries no data");
        return;
    }
}
