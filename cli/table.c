/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * table.c - the human-readable table, one row per RST.
 *
 * Plain ASCII columns so it survives any terminal, pager or log file; the
 * verdict is coloured only on a terminal (midpath red, server/client green,
 * unknown yellow), never when NO_COLOR is set.
 */
#include "table.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

enum col { C_INDEX, C_FRAME, C_TIME, C_CLAIMED, C_FLOW, C_TTL, C_IPID, C_WIN, C_OPTS, C_VERDICT, C_CONF };

static const char *const heading[TABLE_COLUMNS] = {
    "#", "frame", "time", "claimed", "sender -> receiver", "ttl", "ip-id", "win", "opts", "verdict", "conf",
};
static const bool right_aligned[TABLE_COLUMNS] = {
    [C_INDEX] = true, [C_FRAME] = true, [C_TIME] = true, [C_TTL] = true,
    [C_IPID] = true, [C_WIN] = true, [C_CONF] = true,
};
/* Live tables print before seeing every row: room for typical values. */
static const size_t live_width[TABLE_COLUMNS] = { 3, 6, 10, 7, 43, 3, 5, 5, 8, 7, 4 };

#define CELL_MAX 200

static const char *color_of(const char *verdict)
{
    if (!verdict)
        return "33";
    if (strcmp(verdict, "midpath") == 0)
        return "1;31";
    if (strcmp(verdict, "server") == 0 || strcmp(verdict, "client") == 0)
        return "32";
    return "33";
}

static void endpoint(char *buf, size_t size, int ipv, const char *addr, const char *port)
{
    snprintf(buf, size, ipv == 6 ? "[%s]:%s" : "%s:%s", addr ? addr : "?", port ? port : "?");
}

/* Integer text as decimal (ip.id prints as 0x3b22). */
static void decimal(char *buf, size_t size, const char *s)
{
    if (!s) {
        snprintf(buf, size, "-");
    } else if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        snprintf(buf, size, "%lu", strtoul(s + 2, NULL, 16));
    } else {
        snprintf(buf, size, "%s", s);
    }
}

static void options(char *buf, size_t size, const struct rstf_rst *r)
{
    size_t len = 0;

    buf[0] = '\0';
    if (r->options_unknown) {
        snprintf(buf, size, "?");
        return;
    }
    for (size_t i = 0; i < r->n_options; i++) {
        const char *name = rows_option_name(r->options[i]);
        char other[32];
        int n;

        if (name && (strcmp(name, "nop") == 0 || strcmp(name, "eol") == 0))
            continue; /* padding, not a feature */
        if (!name) {
            snprintf(other, sizeof other, "kind%s", r->options[i]);
            name = other;
        }
        n = snprintf(buf + len, size - len, "%s%s", len ? "," : "", name);
        if (n < 0 || (size_t)n >= size - len)
            break;
        len += (size_t)n;
    }
    if (!len)
        snprintf(buf, size, "-");
}

static void cell(const struct rstf_rst *r, int c, char *buf, size_t size)
{
    char a[(CELL_MAX - 8) / 2], b[(CELL_MAX - 8) / 2];
    double d;

    switch ((enum col)c) {
    case C_INDEX: snprintf(buf, size, "%lu", r->index); break;
    case C_FRAME: snprintf(buf, size, "%s", r->frame ? r->frame : "?"); break;
    case C_TIME:
        if (r->time_relative && rstf_parse_double(r->time_relative, &d))
            snprintf(buf, size, "%.6f", d);
        else
            snprintf(buf, size, "?");
        break;
    case C_CLAIMED: snprintf(buf, size, "%s", r->claimed ? r->claimed : "?"); break;
    case C_FLOW:
        endpoint(a, sizeof a, r->ip_version, r->src, r->src_port);
        endpoint(b, sizeof b, r->ip_version, r->dst, r->dst_port);
        snprintf(buf, size, "%s -> %s", a, b);
        break;
    case C_TTL: decimal(buf, size, r->ttl); break;
    case C_IPID: decimal(buf, size, r->ip_id); break;
    case C_WIN: decimal(buf, size, r->window); break;
    case C_OPTS: options(buf, size, r); break;
    case C_VERDICT: snprintf(buf, size, "%s", r->verdict); break;
    case C_CONF:
        if (r->verdict && strcmp(r->verdict, "unknown") == 0)
            snprintf(buf, size, "-");
        else
            snprintf(buf, size, "%.0f%%", r->confidence_value * 100.0);
        break;
    }
}

void table_init(struct table *t, FILE *out, bool color, bool evidence, bool live)
{
    t->out = out;
    t->color = color;
    t->evidence = evidence;
    for (int c = 0; c < TABLE_COLUMNS; c++) {
        t->width[c] = strlen(heading[c]);
        if (live && live_width[c] > t->width[c])
            t->width[c] = live_width[c];
    }
}

void table_fit(struct table *t, const struct rstf_rst *rows, size_t n)
{
    char buf[CELL_MAX];

    for (size_t i = 0; i < n; i++) {
        for (int c = 0; c < TABLE_COLUMNS; c++) {
            size_t len;

            cell(&rows[i], c, buf, sizeof buf);
            len = strlen(buf);
            if (len > t->width[c])
                t->width[c] = len;
        }
    }
}

static void put_cell(const struct table *t, int c, const char *text, const char *color)
{
    size_t len = strlen(text), pad = len < t->width[c] ? t->width[c] - len : 0;

    if (c)
        fputs("  ", t->out);
    if (right_aligned[c])
        fprintf(t->out, "%*s", (int)pad, "");
    if (color && t->color)
        fprintf(t->out, "\033[%sm%s\033[0m", color, text);
    else
        fputs(text, t->out);
    /* No trailing blanks after the last column. */
    if (!right_aligned[c] && c != TABLE_COLUMNS - 1)
        fprintf(t->out, "%*s", (int)pad, "");
}

void table_header(const struct table *t)
{
    for (int c = 0; c < TABLE_COLUMNS; c++)
        put_cell(t, c, heading[c], t->color ? "1" : NULL);
    fputc('\n', t->out);
}

static void evidence_line(const struct table *t, const struct rstf_evidence *e)
{
    const char *origin = e->origin ? e->origin : "?";
    char tag[48];
    double w;

    /* Article style: "[midpath  w=0.85] TTL 240 exceeds ..." */
    if (strcmp(origin, "abstain") != 0 && e->weight && rstf_parse_double(e->weight, &w))
        snprintf(tag, sizeof tag, "[%-8s w=%.2f]", origin, w);
    else
        snprintf(tag, sizeof tag, "[%-15s]", origin);
    /* As wide as the longest scorer name, "challenge". */
    fprintf(t->out, "      %-9s ", e->scorer ? e->scorer : "?");
    if (t->color && strcmp(origin, "abstain") != 0)
        fprintf(t->out, "\033[%sm%s\033[0m", color_of(origin), tag);
    else
        fputs(tag, t->out);
    fprintf(t->out, " %s\n", e->reason ? e->reason : "");
}

void table_row(const struct table *t, const struct rstf_rst *r)
{
    char buf[CELL_MAX];

    for (int c = 0; c < TABLE_COLUMNS; c++) {
        cell(r, c, buf, sizeof buf);
        put_cell(t, c, buf, c == C_VERDICT ? color_of(r->verdict) : NULL);
    }
    fputc('\n', t->out);
    if (t->evidence)
        for (size_t i = 0; i < r->n_evidence; i++)
            evidence_line(t, &r->evidence[i]);
}
