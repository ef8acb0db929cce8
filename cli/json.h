/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json.h - the --json document (schema version 1, see docs/cli.md).
 */
#ifndef RSTF_CLI_JSON_H
#define RSTF_CLI_JSON_H

#include <stdbool.h>
#include <stdio.h>

#include "report.h"

#define RSTF_JSON_VERSION 1

/* A JSON string: quotes and backslashes escaped, control characters as
 * \n/\t/... or \u00XX, valid UTF-8 copied as is, invalid bytes as U+FFFD. */
void json_string(FILE *f, const char *s);
/* `s` copied as a JSON number when it is one, else null (also for NULL). */
void json_number(FILE *f, const char *s);

/* {"version":1, ..., "rsts":[ */
void json_begin(FILE *f, const struct rstf_report *rep);
void json_rst(FILE *f, const struct rstf_rst *r, bool first);
/* ], "summary":{...}} */
void json_end(FILE *f, const struct rstf_report *rep, int exit_code);

#endif
