/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tshark.h - finding tshark, dumpcap and the rstf plugin, and running them.
 *
 * rstf classifies nothing itself: it runs the real tshark with the rstf
 * post-dissector loaded and reads the fields it adds.  A tshark run as root
 * ignores personal plugin folders, so when rstf is root and the plugin is
 * not installed globally, the dissecting tshark runs as user "nobody".
 */
#ifndef RSTF_CLI_TSHARK_H
#define RSTF_CLI_TSHARK_H

#include <stdbool.h>
#include <sys/types.h>

struct rstf_tshark {
    char *path;            /* the tshark executable */
    char version[32];      /* "4.0.17" */
    int major, minor;
    char mm[16];           /* "4.0": the plugin folder's version part */
    char *home;            /* throwaway HOME for every child */
    char *plugin_so;       /* the rstf.so we bring; NULL: the global one */
    const char *plugin_from; /* where plugin_so was found, for messages */
    char *loaded;          /* the rstf.so tshark reported loading */
    bool drop;             /* run tshark as an unprivileged user */
    uid_t uid;
    gid_t gid;
};

/* Find tshark (RSTF_TSHARK, else PATH) and read its version; fails (exit 1)
 * with a message when missing or unsupported. */
void tshark_locate(struct rstf_tshark *t);

/* Choose the plugin (plugin_dir: --plugin-dir, may be NULL), make the
 * throwaway HOME holding a copy of it, decide whether to drop privileges. */
void tshark_setup(struct rstf_tshark *t, const char *plugin_dir);

/* Check that tshark lists rstf among its plugins; fails with a message. */
void tshark_verify(struct rstf_tshark *t);

/* A path to file that the dissecting tshark can open: file itself, or
 * when tshark runs as nobody and cannot read it, a copy in the throwaway
 * HOME (fails with a message if copying fails). */
const char *tshark_readable_path(const struct rstf_tshark *t, const char *file);

/* Find dumpcap (RSTF_DUMPCAP, next to tshark, PATH); fails when missing. */
char *dumpcap_locate(const struct rstf_tshark *t);

/* How rstf_spawn runs a child. */
struct rstf_spawn {
    const char *path;
    char *const *argv;
    int in, out, err;      /* -1: /dev/null */
    bool drop;             /* become t->uid/t->gid first */
    bool c_locale;         /* LC_ALL=C.UTF-8: numbers with '.' whatever the user's locale */
};

/* Fork and exec in its own process group, HOME set to the throwaway one.
 * The child is registered for cleanup. */
pid_t rstf_spawn(const struct rstf_tshark *t, const struct rstf_spawn *s);

/* pipe() with close-on-exec on both ends. */
void rstf_pipe(int fds[2]);

/* The first line of a file that is not one of tshark's routine notices
 * ("Running as user ..."), without a "tshark: " prefix; NULL if none. */
char *rstf_first_error_line(const char *path);

#endif
