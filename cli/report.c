/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * report.c - where classified RSTs go, and the exit status they add up to.
 *
 * pcap and probe output is buffered and printed only once every input was
 * read: a setup error on the third file leaves stdout empty instead of
 * half a JSON document.  Live output streams, one line at a time.
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "table.h"
#include "util.h"

int report_verdict_index(const char *verdict)
{
    if (verdict && strcmp(verdict, "server") == 0)
        return 0;
    if (verdict && strcmp(verdict, "midpath") == 0)
        return 1;
    if (verdict && strcmp(verdict, "client") == 0)
        return 2;
    return 3;
}

static struct table live_table;

static void probe_heading(const struct rstf_report *rep)
{
    const struct rstf_probe_result *p = rep->probe;

    fprintf(rep->out, "probe %s", p->host);
    if (p->address && strcmp(p->address, p->host) != 0)
        fprintf(rep->out, " (%s)", p->address);
    fprintf(rep->out, " port %u via %s: %s", p->port, p->interface, p->detail ? p->detail : p->outcome);
    if (p->bytes_received)
        fprintf(rep->out, ", %lu bytes received", p->bytes_received);
    fputs("\n\n", rep->out);
}

void report_begin(struct rstf_report *rep)
{
    if (!rep->out)
        rep->out = stdout;
    rep->began = true;
    if (!rep->streaming)
        return;
    /* Rows must reach a pipe as they happen, not when a buffer fills. */
    setvbuf(rep->out, NULL, _IOLBF, 0);
    if (rep->format == RSTF_OUT_JSON) {
        json_begin(rep->out, rep);
    } else if (rep->format == RSTF_OUT_TABLE) {
        table_init(&live_table, rep->out, rep->color, rep->evidence, true);
        table_header(&live_table);
    }
    fflush(rep->out);
}

void report_row(struct rstf_report *rep, struct rstf_rst *r)
{
    int v = report_verdict_index(r->verdict);

    if (rep->limit && rep->n >= rep->limit) {
        rows_free(r);
        return;
    }
    r->index = ++rep->n;
    rep->by_verdict[v]++;
    if (v == 1 && r->confidence_value >= rep->min_confidence)
        rep->alarms++;
    if (rep->streaming) {
        if (rep->format == RSTF_OUT_JSON)
            json_rst(rep->out, r, rep->n == 1);
        else if (rep->format == RSTF_OUT_TABLE)
            table_row(&live_table, r);
        fflush(rep->out);
        rows_free(r);
        return;
    }
    if (rep->n_rows == rep->cap_rows) {
        rep->cap_rows = rep->cap_rows ? rep->cap_rows * 2 : 16;
        rep->rows = xrealloc(rep->rows, rep->cap_rows * sizeof *rep->rows);
    }
    rep->rows[rep->n_rows++] = *r;
    memset(r, 0, sizeof *r);
}

static void summary_line(const struct rstf_report *rep)
{
    static const char *const name[4] = { "server", "midpath", "client", "unknown" };
    bool first = true;

    if (rep->n == 0) {
        fputs("no RST found\n", rep->out);
        return;
    }
    fprintf(rep->out, "%lu RST%s: ", rep->n, rep->n == 1 ? "" : "s");
    for (int i = 0; i < 4; i++) {
        if (!rep->by_verdict[i])
            continue;
        fprintf(rep->out, "%s%lu %s", first ? "" : ", ", rep->by_verdict[i], name[i]);
        first = false;
    }
    if (rep->by_verdict[1] > rep->alarms)
        fprintf(rep->out, " (%lu midpath below --min-confidence %g)", rep->by_verdict[1] - rep->alarms,
                rep->min_confidence);
    fputc('\n', rep->out);
}

/* One table per input file, headed by its name when there are several. */
static void print_tables(struct rstf_report *rep)
{
    bool headings = rep->n_files > 1;
    size_t i = 0;

    if (rep->probe)
        probe_heading(rep);
    if (!headings) {
        struct table t;

        if (rep->n_rows) {
            table_init(&t, rep->out, rep->color, rep->evidence, false);
            table_fit(&t, rep->rows, rep->n_rows);
            table_header(&t);
            for (size_t k = 0; k < rep->n_rows; k++)
                table_row(&t, &rep->rows[k]);
            fputc('\n', rep->out);
        }
        summary_line(rep);
        return;
    }
    for (size_t f = 0; f < rep->n_files; f++) {
        size_t start = i;
        struct table t;

        while (i < rep->n_rows && rep->rows[i].file == rep->files[f])
            i++;
        fprintf(rep->out, "%s== %s ==%s\n", rep->color ? "\033[1m" : "", rep->files[f],
                rep->color ? "\033[0m" : "");
        if (i == start) {
            fputs("no RST found\n\n", rep->out);
            continue;
        }
        table_init(&t, rep->out, rep->color, rep->evidence, false);
        table_fit(&t, rep->rows + start, i - start);
        table_header(&t);
        for (size_t k = start; k < i; k++)
            table_row(&t, &rep->rows[k]);
        fputc('\n', rep->out);
    }
    summary_line(rep);
}

int report_end(struct rstf_report *rep)
{
    int code = rep->alarms ? RSTF_EXIT_MIDPATH : RSTF_EXIT_OK;

    if (rep->streaming) {
        if (rep->format == RSTF_OUT_JSON)
            json_end(rep->out, rep, code);
        else if (rep->format == RSTF_OUT_TABLE) {
            fputc('\n', rep->out);
            summary_line(rep);
        }
    } else if (rep->format == RSTF_OUT_JSON) {
        json_begin(rep->out, rep);
        for (size_t i = 0; i < rep->n_rows; i++)
            json_rst(rep->out, &rep->rows[i], i == 0);
        json_end(rep->out, rep, code);
    } else if (rep->format == RSTF_OUT_TABLE) {
        print_tables(rep);
    }
    for (size_t i = 0; i < rep->n_rows; i++)
        rows_free(&rep->rows[i]);
    free(rep->rows);
    rep->rows = NULL;
    rep->n_rows = rep->cap_rows = 0;
    fflush(rep->out);
    return code;
}
