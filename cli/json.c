/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json.c - the --json document (schema version 1, see docs/cli.md).
 *
 * Hand-written so the CLI needs nothing beyond libc.  Numbers are tshark's
 * own text when it is a valid JSON number (no precision lost on epoch
 * times), hex integers (ip.id prints as 0x3b22) become decimal, and
 * anything else is null.
 */
#include "json.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#ifndef RSTF_VERSION
#define RSTF_VERSION "unknown"
#endif

/* Length of the valid UTF-8 sequence at s, 0 if invalid. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    size_t n;
    unsigned long cp;

    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    /* overlong forms, UTF-16 surrogates, beyond U+10FFFF */
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || (cp >= 0xd800 && cp <= 0xdfff) ||
        cp > 0x10ffff)
        return 0;
    return n;
}

void json_string(FILE *f, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;

    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    while (*s) {
        unsigned c = *s;
        size_t n;

        switch (c) {
        case '"': fputs("\\\"", f); s++; continue;
        case '\\': fputs("\\\\", f); s++; continue;
        case '\b': fputs("\\b", f); s++; continue;
        case '\f': fputs("\\f", f); s++; continue;
        case '\n': fputs("\\n", f); s++; continue;
        case '\r': fputs("\\r", f); s++; continue;
        case '\t': fputs("\\t", f); s++; continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7f) {
            fprintf(f, "\\u%04x", c);
            s++;
            continue;
        }
        n = utf8_len(s);
        if (n == 0) {
            fputs("\\ufffd", f);
            s++;
            continue;
        }
        fwrite(s, 1, n, f);
        s += n;
    }
    fputc('"', f);
}

static bool is_json_number(const char *s)
{
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (*s >= '0' && *s <= '9')
            s++;
    else
        return false;
    if (*s == '.') {
        s++;
        if (*s < '0' || *s > '9')
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (*s < '0' || *s > '9')
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return *s == '\0';
}

void json_number(FILE *f, const char *s)
{
    if (s && (s[0] == '0') && (s[1] == 'x' || s[1] == 'X') && s[2]) {
        char *end;
        unsigned long long v = strtoull(s + 2, &end, 16);

        if (!*end) {
            fprintf(f, "%llu", v);
            return;
        }
    }
    if (s && is_json_number(s))
        fputs(s, f);
    else
        fputs("null", f);
}

static void key(FILE *f, const char *k, bool *first)
{
    if (!*first)
        fputc(',', f);
    *first = false;
    json_string(f, k);
    fputc(':', f);
}

static void kv_string(FILE *f, const char *k, const char *v, bool *first)
{
    key(f, k, first);
    json_string(f, v);
}

static void kv_number(FILE *f, const char *k, const char *v, bool *first)
{
    key(f, k, first);
    json_number(f, v);
}

static void endpoint(FILE *f, const char *k, const char *addr, const char *port, bool *first)
{
    bool inner = true;

    key(f, k, first);
    fputc('{', f);
    kv_string(f, "address", addr, &inner);
    kv_number(f, "port", port, &inner);
    fputc('}', f);
}

void json_begin(FILE *f, const struct rstf_report *rep)
{
    bool first = true;

    fputc('{', f);
    key(f, "version", &first);
    fprintf(f, "%d", RSTF_JSON_VERSION);
    kv_string(f, "generator", "rstf " RSTF_VERSION, &first);
    kv_string(f, "tshark", rep->tshark_version, &first);
    kv_string(f, "mode", rep->mode, &first);
    if (rep->files) {
        key(f, "files", &first);
        fputc('[', f);
        for (size_t i = 0; i < rep->n_files; i++) {
            if (i)
                fputc(',', f);
            json_string(f, rep->files[i]);
        }
        fputc(']', f);
    }
    if (rep->interface)
        kv_string(f, "interface", rep->interface, &first);
    if (rep->probe) {
        const struct rstf_probe_result *p = rep->probe;
        bool inner = true;

        key(f, "probe", &first);
        fputc('{', f);
        kv_string(f, "host", p->host, &inner);
        kv_string(f, "address", p->address, &inner);
        key(f, "port", &inner);
        fprintf(f, "%u", p->port);
        kv_string(f, "interface", p->interface, &inner);
        kv_string(f, "outcome", p->outcome, &inner);
        kv_string(f, "detail", p->detail, &inner);
        key(f, "bytes_received", &inner);
        fprintf(f, "%lu", p->bytes_received);
        fputc('}', f);
    }
    key(f, "rsts", &first);
    fputs("[\n", f);
}

/* Option names in header order; null when the capture cut them off. */
static void options(FILE *f, const struct rstf_rst *r)
{
    if (r->options_unknown) {
        fputs("null", f);
        return;
    }
    fputc('[', f);
    for (size_t i = 0; i < r->n_options; i++) {
        const char *name = rows_option_name(r->options[i]);
        char other[32];

        if (i)
            fputc(',', f);
        if (!name) {
            snprintf(other, sizeof other, "kind%s", r->options[i]);
            name = other;
        }
        json_string(f, name);
    }
    fputc(']', f);
}

void json_rst(FILE *f, const struct rstf_rst *r, bool first_rst)
{
    static const char *const score_name[RSTF_SCORES] = { "server", "midpath", "client" };
    bool first = true, inner;

    if (!first_rst)
        fputs(",\n", f);
    fputc('{', f);
    kv_string(f, "file", r->file, &first);
    key(f, "index", &first);
    fprintf(f, "%lu", r->index);
    kv_number(f, "frame", r->frame, &first);
    kv_number(f, "time", r->time_epoch, &first);
    kv_number(f, "time_relative", r->time_relative, &first);
    kv_number(f, "stream", r->stream, &first);
    key(f, "ip_version", &first);
    if (r->ip_version)
        fprintf(f, "%d", r->ip_version);
    else
        fputs("null", f);
    endpoint(f, "src", r->src, r->src_port, &first);
    endpoint(f, "dst", r->dst, r->dst_port, &first);
    kv_string(f, "claimed", r->claimed, &first);
    kv_string(f, "direction", r->direction, &first);
    kv_string(f, "verdict", r->verdict, &first);
    key(f, "confidence", &first);
    if (r->confidence)
        json_number(f, r->confidence);
    else
        fprintf(f, "%.6g", r->confidence_value);

    key(f, "scores", &first);
    fputc('{', f);
    inner = true;
    for (int i = 0; i < RSTF_SCORES; i++)
        kv_number(f, score_name[i], r->score[i], &inner);
    fputc('}', f);

    key(f, "header", &first);
    fputc('{', f);
    inner = true;
    kv_number(f, "ttl", r->ttl, &inner);
    kv_number(f, "ip_id", r->ip_id, &inner);
    kv_number(f, "window", r->window, &inner);
    kv_number(f, "seq", r->seq, &inner);
    kv_number(f, "ack", r->ack, &inner);
    kv_number(f, "flags", r->flags, &inner);
    key(f, "options", &inner);
    options(f, r);
    fputc('}', f);

    key(f, "compared", &first);
    fputc('{', f);
    inner = true;
    kv_number(f, "ttl_baseline", r->ttl_baseline, &inner);
    kv_number(f, "ttl_delta", r->ttl_delta, &inner);
    kv_number(f, "rtt_leg", r->rtt_leg, &inner);
    kv_number(f, "delay", r->delay, &inner);
    kv_number(f, "seq_expected", r->seq_expected, &inner);
    kv_number(f, "window_left", r->window_left, &inner);
    kv_number(f, "window_right", r->window_right, &inner);
    fputc('}', f);

    key(f, "evidence", &first);
    fputc('[', f);
    for (size_t i = 0; i < r->n_evidence; i++) {
        const struct rstf_evidence *e = &r->evidence[i];

        if (i)
            fputc(',', f);
        fputc('{', f);
        inner = true;
        kv_string(f, "scorer", e->scorer, &inner);
        kv_string(f, "origin", e->origin, &inner);
        kv_number(f, "weight", e->weight, &inner);
        kv_string(f, "reason", e->reason, &inner);
        fputc('}', f);
    }
    fputs("]}", f);
}

void json_end(FILE *f, const struct rstf_report *rep, int exit_code)
{
    static const char *const verdicts[4] = { "server", "midpath", "client", "unknown" };
    bool first = true;

    fputs("\n],\"summary\":{", f);
    key(f, "rsts", &first);
    fprintf(f, "%lu", rep->n);
    for (int i = 0; i < 4; i++) {
        key(f, verdicts[i], &first);
        fprintf(f, "%lu", rep->by_verdict[i]);
    }
    key(f, "min_confidence", &first);
    fprintf(f, "%g", rep->min_confidence);
    key(f, "alarms", &first);
    fprintf(f, "%lu", rep->alarms);
    key(f, "exit_code", &first);
    fprintf(f, "%d", exit_code);
    fputs("}}\n", f);
}
