/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A tiny assertion kit: no framework to install, and the closing line
 * "N passed, N failed" is what CI reads.  Each CHECK counts once.
 */
#ifndef RSTF_TEST_CHECK_H
#define RSTF_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

extern int check_passed, check_failed;

#define CHECK_AT(cond, file, line, ...)                                          \
    do {                                                                         \
        if (cond) {                                                              \
            check_passed++;                                                      \
        } else {                                                                 \
            check_failed++;                                                      \
            fprintf(stderr, "%s:%d: FAILED: ", file, line);                      \
            fprintf(stderr, __VA_ARGS__);                                        \
            fputc('\n', stderr);                                                 \
        }                                                                        \
    } while (0)

#define CHECK(cond, ...) CHECK_AT((cond), __FILE__, __LINE__, __VA_ARGS__)
#define CHECK_STR_CONTAINS(hay, needle)                                          \
    CHECK(strstr((hay), (needle)) != NULL, "\"%s\" does not contain \"%s\"", (hay), (needle))

/* Prints the summary and returns the process exit code. */
int check_summary(const char *suite);

#endif
