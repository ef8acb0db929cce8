/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * util.h - messages, memory, temporary folders and signals for the CLI.
 *
 * Every setup error ends in exit status 1 with ONE line on stderr that names
 * the problem and the fix: rstf_fail() is the only way out for those.
 */
#ifndef RSTF_CLI_UTIL_H
#define RSTF_CLI_UTIL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define RSTF_EXIT_OK      0
#define RSTF_EXIT_SETUP   1
#define RSTF_EXIT_MIDPATH 2
#define RSTF_EXIT_SIGNAL  130

#if defined(__GNUC__)
#define RSTF_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define RSTF_NORETURN __attribute__((noreturn))
#else
#define RSTF_PRINTF(f, a)
#define RSTF_NORETURN
#endif

/* "rstf: <message>" on stderr, then cleanup and exit 1. */
RSTF_NORETURN void rstf_fail(const char *fmt, ...) RSTF_PRINTF(1, 2);
/* "rstf: warning: <message>" on stderr. */
void rstf_warn(const char *fmt, ...) RSTF_PRINTF(1, 2);
/* Cleanup (temporary folders, children) then exit with `status`. */
RSTF_NORETURN void rstf_exit(int status);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) RSTF_PRINTF(1, 2);

/* A folder under $TMPDIR (or /tmp), removed with everything in it at exit. */
char *rstf_tmpdir(const char *tag);
/* rm -rf, without following symbolic links. */
void rstf_rmtree(const char *path);
/* Copy a file; 0 or -1 with errno. */
int rstf_copy_file(const char *from, const char *to, mode_t mode);
/* mkdir -p; 0 or -1 with errno. */
int rstf_mkdirs(const char *path, mode_t mode);

/* Children to signal when rstf is interrupted or exits early. */
void rstf_child_add(pid_t pid);
void rstf_child_forget(pid_t pid);

/* SIGINT/SIGTERM/SIGHUP set rstf_interrupted (no SA_RESTART, so a blocked
 * read returns EINTR) and write a byte to rstf_signal_fd() for poll(). */
extern volatile sig_atomic_t rstf_interrupted;
extern volatile sig_atomic_t rstf_signal_count;
void rstf_signals_init(void);
int rstf_signal_fd(void);

/* Monotonic seconds. */
double rstf_now(void);
/* Sleep, returning early on a signal. */
void rstf_sleep(double seconds);

/* Parse a decimal number, the whole string; false on junk. */
bool rstf_parse_double(const char *s, double *out);
bool rstf_parse_ulong(const char *s, unsigned long *out);

/* Wait for a child up to `timeout` seconds (<0: forever); then SIGKILL it.
 * Returns the wait status, or -1. */
int rstf_wait_child(pid_t pid, double timeout);

#endif
