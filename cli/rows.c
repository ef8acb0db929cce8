/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rows.c - tshark's `-T fields` output for one RST -> struct rstf_rst.
 *
 * tshark runs with `-Y rstf -E occurrence=a`: every occurrence of every
 * field, joined by RSTF_AGGR_SEP.  Frames the plugin marked are real RST
 * segments (it skips TCP headers quoted inside ICMP errors), but a tunnel
 * gives a frame several IP headers: the RST's own is the last IPv4/IPv6
 * layer before the first TCP layer, found in frame.protocols
 * ("eth:ethertype:ip:gre:ip:tcp" -> the second ip.* occurrence).
 */
#define _POSIX_C_SOURCE 200809L /* strtok_r */

#include "rows.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

enum field {
    F_FRAME, F_EPOCH, F_RELATIVE, F_PROTOCOLS,
    F_IP_SRC, F_IP_DST, F_IP_TTL, F_IP_ID,
    F_IP6_SRC, F_IP6_DST, F_IP6_HLIM,
    F_SRCPORT, F_DSTPORT, F_STREAM, F_WINDOW, F_HDR_LEN, F_OPTION_KIND, F_SEQ, F_ACK, F_FLAGS,
    F_VERDICT, F_CONFIDENCE, F_CLAIMED, F_DIRECTION,
    F_SCORE_SERVER, F_SCORE_MIDPATH, F_SCORE_CLIENT,
    F_EV_SCORER, F_EV_ORIGIN, F_EV_WEIGHT, F_EV_REASON,
    F_TTL_BASELINE, F_TTL_DELTA, F_RTT_LEG, F_DELAY,
    F_SEQ_EXPECTED, F_WINDOW_LEFT, F_WINDOW_RIGHT,
    F_COUNT
};

static const char *const field_name[F_COUNT] = {
    [F_FRAME] = "frame.number",
    [F_EPOCH] = "frame.time_epoch",
    [F_RELATIVE] = "frame.time_relative",
    [F_PROTOCOLS] = "frame.protocols",
    [F_IP_SRC] = "ip.src",
    [F_IP_DST] = "ip.dst",
    [F_IP_TTL] = "ip.ttl",
    [F_IP_ID] = "ip.id",
    [F_IP6_SRC] = "ipv6.src",
    [F_IP6_DST] = "ipv6.dst",
    [F_IP6_HLIM] = "ipv6.hlim",
    [F_SRCPORT] = "tcp.srcport",
    [F_DSTPORT] = "tcp.dstport",
    [F_STREAM] = "tcp.stream",
    [F_WINDOW] = "tcp.window_size_value",
    [F_HDR_LEN] = "tcp.hdr_len",
    [F_OPTION_KIND] = "tcp.option_kind",
    [F_SEQ] = "tcp.seq_raw",
    [F_ACK] = "tcp.ack_raw",
    [F_FLAGS] = "tcp.flags",
    [F_VERDICT] = "rstf.verdict",
    [F_CONFIDENCE] = "rstf.confidence",
    [F_CLAIMED] = "rstf.claimed",
    [F_DIRECTION] = "rstf.direction",
    [F_SCORE_SERVER] = "rstf.score.server",
    [F_SCORE_MIDPATH] = "rstf.score.midpath",
    [F_SCORE_CLIENT] = "rstf.score.client",
    [F_EV_SCORER] = "rstf.evidence.scorer",
    [F_EV_ORIGIN] = "rstf.evidence.origin",
    [F_EV_WEIGHT] = "rstf.evidence.weight",
    [F_EV_REASON] = "rstf.evidence.reason",
    [F_TTL_BASELINE] = "rstf.ttl.baseline",
    [F_TTL_DELTA] = "rstf.ttl.delta",
    [F_RTT_LEG] = "rstf.rtt_leg",
    [F_DELAY] = "rstf.delay",
    [F_SEQ_EXPECTED] = "rstf.seq.expected",
    [F_WINDOW_LEFT] = "rstf.window.left",
    [F_WINDOW_RIGHT] = "rstf.window.right",
};

const char *const *rows_field_args(void)
{
    static const char *args[2 * F_COUNT + 1];

    if (!args[0]) {
        for (int i = 0; i < F_COUNT; i++) {
            args[2 * i] = "-e";
            args[2 * i + 1] = field_name[i];
        }
        args[2 * F_COUNT] = NULL;
    }
    return args;
}

/* The occurrences of one field. */
struct column {
    char **v;
    size_t n;
};

static void split_column(char *s, struct column *c)
{
    size_t n = 1;

    for (char *p = s; *p; p++)
        n += *p == RSTF_AGGR_SEP;
    c->v = xcalloc(n, sizeof *c->v);
    c->n = 0;
    if (!*s)
        return; /* field absent */
    for (char *p = s;; p++) {
        if (*p == RSTF_AGGR_SEP || !*p) {
            bool end = !*p;

            *p = '\0';
            c->v[c->n++] = s;
            if (end)
                break;
            s = p + 1;
        }
    }
}

/* Occurrence `i`, NULL when absent or empty. */
static const char *nth(const struct column *c, size_t i)
{
    return i < c->n && *c->v[i] ? c->v[i] : NULL;
}

/* From frame.protocols: which IP family carries the (first) TCP header and
 * which occurrence of that family's fields belongs to it. */
static void carrier_ip(const char *protocols, int *version, size_t *index)
{
    char *copy = xstrdup(protocols ? protocols : ""), *save = NULL;
    size_t n4 = 0, n6 = 0;

    *version = 0;
    *index = 0;
    for (char *tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
        if (strcmp(tok, "tcp") == 0)
            break;
        if (strcmp(tok, "ip") == 0) {
            *version = 4;
            *index = n4++;
        } else if (strcmp(tok, "ipv6") == 0) {
            *version = 6;
            *index = n6++;
        }
    }
    free(copy);
}

int rows_parse(char *line, struct rstf_rst *r)
{
    struct column col[F_COUNT];
    char *s = line;
    size_t ip_index, n_ev;
    int f;

    memset(r, 0, sizeof *r);
    memset(col, 0, sizeof col);
    for (f = 0; f < F_COUNT; f++) {
        char *sep = strchr(s, RSTF_FIELD_SEP);

        if (sep)
            *sep = '\0';
        split_column(s, &col[f]);
        if (!sep) {
            f++;
            break;
        }
        s = sep + 1;
    }
    for (; f < F_COUNT; f++) /* a short line: the rest are absent */
        split_column((char *)"", &col[f]);

    r->buf = line;
    r->verdict = nth(&col[F_VERDICT], 0);
    if (!r->verdict) {
        for (f = 0; f < F_COUNT; f++)
            free(col[f].v);
        free(line);
        memset(r, 0, sizeof *r);
        return -1;
    }
    r->frame = nth(&col[F_FRAME], 0);
    r->time_epoch = nth(&col[F_EPOCH], 0);
    r->time_relative = nth(&col[F_RELATIVE], 0);
    r->stream = nth(&col[F_STREAM], 0);

    carrier_ip(nth(&col[F_PROTOCOLS], 0), &r->ip_version, &ip_index);
    if (r->ip_version == 6) {
        r->src = nth(&col[F_IP6_SRC], ip_index);
        r->dst = nth(&col[F_IP6_DST], ip_index);
        r->ttl = nth(&col[F_IP6_HLIM], ip_index);
    } else if (r->ip_version == 4) {
        r->src = nth(&col[F_IP_SRC], ip_index);
        r->dst = nth(&col[F_IP_DST], ip_index);
        r->ttl = nth(&col[F_IP_TTL], ip_index);
        r->ip_id = nth(&col[F_IP_ID], ip_index);
    }
    /* The first TCP header is the RST (quoted copies come later). */
    r->src_port = nth(&col[F_SRCPORT], 0);
    r->dst_port = nth(&col[F_DSTPORT], 0);
    r->window = nth(&col[F_WINDOW], 0);
    r->seq = nth(&col[F_SEQ], 0);
    r->ack = nth(&col[F_ACK], 0);
    r->flags = nth(&col[F_FLAGS], 0);
    r->n_options = col[F_OPTION_KIND].n;
    r->options = xcalloc(r->n_options, sizeof *r->options);
    for (size_t i = 0; i < r->n_options; i++)
        r->options[i] = col[F_OPTION_KIND].v[i];
    {
        /* A sliced capture can cut the options off: the header length says
         * they exist, the decoder saw none.  Unknown is not "none". */
        unsigned long hl;
        const char *h = nth(&col[F_HDR_LEN], 0);

        r->options_unknown = r->n_options == 0 && h && rstf_parse_ulong(h, &hl) && hl > 20;
    }

    r->confidence = nth(&col[F_CONFIDENCE], 0);
    r->claimed = nth(&col[F_CLAIMED], 0);
    r->direction = nth(&col[F_DIRECTION], 0);
    r->score[0] = nth(&col[F_SCORE_SERVER], 0);
    r->score[1] = nth(&col[F_SCORE_MIDPATH], 0);
    r->score[2] = nth(&col[F_SCORE_CLIENT], 0);

    /* One evidence entry per scorer: the four repeated fields line up. */
    n_ev = col[F_EV_SCORER].n;
    r->evidence = xcalloc(n_ev, sizeof *r->evidence);
    r->n_evidence = n_ev;
    for (size_t i = 0; i < n_ev; i++) {
        r->evidence[i].scorer = nth(&col[F_EV_SCORER], i);
        r->evidence[i].origin = nth(&col[F_EV_ORIGIN], i);
        r->evidence[i].weight = nth(&col[F_EV_WEIGHT], i);
        r->evidence[i].reason = nth(&col[F_EV_REASON], i);
    }

    r->ttl_baseline = nth(&col[F_TTL_BASELINE], 0);
    r->ttl_delta = nth(&col[F_TTL_DELTA], 0);
    r->rtt_leg = nth(&col[F_RTT_LEG], 0);
    r->delay = nth(&col[F_DELAY], 0);
    r->seq_expected = nth(&col[F_SEQ_EXPECTED], 0);
    r->window_left = nth(&col[F_WINDOW_LEFT], 0);
    r->window_right = nth(&col[F_WINDOW_RIGHT], 0);

    if (!r->confidence || !rstf_parse_double(r->confidence, &r->confidence_value))
        r->confidence_value = 0;
    /* Some builds print a BASE_CUSTOM double as its label ("100.0%"). */
    if (r->confidence && strchr(r->confidence, '%')) {
        r->confidence_value = strtod(r->confidence, NULL) / 100.0;
        r->confidence = NULL;
    }

    for (f = 0; f < F_COUNT; f++)
        free(col[f].v);
    return 0;
}

void rows_free(struct rstf_rst *r)
{
    free(r->buf);
    free(r->options);
    free(r->evidence);
    memset(r, 0, sizeof *r);
}

const char *rows_option_name(const char *kind)
{
    static const char *const names[] = {
        [0] = "eol", [1] = "nop", [2] = "mss", [3] = "ws", [4] = "sack_perm",
        [5] = "sack", [8] = "ts", [19] = "md5", [28] = "uto", [29] = "tcp_ao",
        [30] = "mptcp", [34] = "tfo",
    };
    unsigned long k;

    if (!rstf_parse_ulong(kind, &k) || k >= sizeof names / sizeof names[0])
        return NULL;
    return names[k];
}
