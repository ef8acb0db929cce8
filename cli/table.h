/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * table.h - the human-readable table, one row per RST.
 */
#ifndef RSTF_CLI_TABLE_H
#define RSTF_CLI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "rows.h"

#define TABLE_COLUMNS 11

struct table {
    FILE *out;
    bool color;
    bool evidence;
    size_t width[TABLE_COLUMNS];
};

/* Widths that fit the header; table_fit widens them for the given rows
 * (a live table, which cannot look ahead, uses generous defaults). */
void table_init(struct table *t, FILE *out, bool color, bool evidence, bool live);
void table_fit(struct table *t, const struct rstf_rst *rows, size_t n);
void table_header(const struct table *t);
void table_row(const struct table *t, const struct rstf_rst *r);

#endif
