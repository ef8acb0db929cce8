/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * replay_main.c - runs fuzz inputs through LLVMFuzzerTestOneInput without
 * libFuzzer, so any compiler (gcc in the normal build, with or without
 * RSTF_SANITIZE) replays the committed corpus and past findings.
 *   usage: rstf-fuzz-replay FILE|DIR...
 * A finding aborts the process (the harness checks invariants); reading
 * errors and an empty set of inputs exit 1.
 */
#define _DEFAULT_SOURCE /* opendir, readdir */

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_flow.h"

/* Larger than libFuzzer's -max_len in tests/fuzz/run-libfuzzer. */
#define MAX_INPUT_BYTES (1u << 20)
#define MAX_DIR_ENTRIES 100000u

static unsigned replayed;

static int replay_file(const char *path)
{
    static uint8_t buf[MAX_INPUT_BYTES];
    FILE *f = fopen(path, "rb");
    size_t n;

    if (!f) {
        perror(path);
        return 1;
    }
    n = fread(buf, 1, sizeof buf, f);
    if (ferror(f) || !feof(f)) {
        fprintf(stderr, "%s: unreadable or larger than %u bytes\n", path, MAX_INPUT_BYTES);
        fclose(f);
        return 1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, n);
    replayed++;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Regular files directly in dir, in name order (reproducible runs). */
static int replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;

    if (!d) {
        perror(dir);
        return 1;
    }
    while ((e = readdir(d)) != NULL && n < MAX_DIR_ENTRIES) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof *names);
            if (!names) {
                perror("realloc");
                exit(1);
            }
        }
        if ((names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2)) == NULL) {
            perror("malloc");
            exit(1);
        }
        sprintf(names[n++], "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
            rc |= replay_file(names[i]);
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0;

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            rc = 1;
        } else if (S_ISDIR(st.st_mode)) {
            rc |= replay_dir(argv[i]);
        } else {
            rc |= replay_file(argv[i]);
        }
    }
    printf("%u inputs replayed without a finding\n", replayed);
    if (replayed == 0) {
        fprintf(stderr, "no input found\n");
        return 1;
    }
    return rc;
}
