/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * util.c - messages, memory, temporary folders and signals for the CLI.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#define _DEFAULT_SOURCE

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_TMPDIRS 8
#define MAX_CHILDREN 8

static char *tmpdirs[MAX_TMPDIRS];
static int n_tmpdirs;
static pid_t children[MAX_CHILDREN];
static int n_children;
static int sig_pipe[2] = { -1, -1 };

volatile sig_atomic_t rstf_interrupted;
volatile sig_atomic_t rstf_signal_count;

static void cleanup(void)
{
    /* Children run in their own process groups (so a terminal ^C reaches
     * rstf alone and it can stop them in order): signal the groups. */
    for (int i = 0; i < n_children; i++) {
        if (children[i] > 0) {
            kill(-children[i], SIGKILL);
            kill(children[i], SIGKILL);
            waitpid(children[i], NULL, 0);
        }
    }
    n_children = 0;
    for (int i = 0; i < n_tmpdirs; i++) {
        rstf_rmtree(tmpdirs[i]);
        free(tmpdirs[i]);
    }
    n_tmpdirs = 0;
}

void rstf_exit(int status)
{
    fflush(stdout);
    cleanup();
    exit(status);
}

void rstf_fail(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fputs("rstf: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    rstf_exit(RSTF_EXIT_SETUP);
}

void rstf_warn(const char *fmt, ...)
{
    va_list ap;

    fflush(stdout);
    fputs("rstf: warning: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);

    if (!p)
        rstf_fail("out of memory");
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);

    if (!p)
        rstf_fail("out of memory");
    return p;
}

void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p)
        rstf_fail("out of memory");
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;

    return memcpy(xmalloc(n), s, n);
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *s;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        rstf_fail("internal error: bad format");
    s = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

char *rstf_tmpdir(const char *tag)
{
    const char *base = getenv("TMPDIR");
    char *path;

    if (n_tmpdirs == MAX_TMPDIRS)
        rstf_fail("internal error: too many temporary folders");
    if (!base || !*base || access(base, W_OK | X_OK) != 0)
        base = "/tmp";
    path = xasprintf("%s/rstf-%s.XXXXXX", base, tag);
    if (!mkdtemp(path))
        rstf_fail("cannot create a temporary folder in %s: %s: set TMPDIR to a writable folder",
                  base, strerror(errno));
    tmpdirs[n_tmpdirs++] = xstrdup(path);
    return path;
}

static int rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (type == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

void rstf_rmtree(const char *path)
{
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int rstf_copy_file(const char *from, const char *to, mode_t mode)
{
    char buf[65536];
    int in, out, saved;
    ssize_t n;

    in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return -1;
    out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (out < 0) {
        saved = errno;
        close(in);
        errno = saved;
        return -1;
    }
    while ((n = read(in, buf, sizeof buf)) != 0) {
        if (n < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0) {
                if (errno == EINTR)
                    continue;
                goto fail;
            }
            off += w;
        }
    }
    close(in);
    if (fchmod(out, mode) != 0 || close(out) != 0)
        return -1;
    return 0;
fail:
    saved = errno;
    close(in);
    close(out);
    errno = saved;
    return -1;
}

int rstf_mkdirs(const char *path, mode_t mode)
{
    char *p = xstrdup(path);

    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, mode) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    if (mkdir(p, mode) != 0 && errno != EEXIST) {
        free(p);
        return -1;
    }
    free(p);
    return 0;
}

void rstf_child_add(pid_t pid)
{
    if (n_children < MAX_CHILDREN)
        children[n_children++] = pid;
}

void rstf_child_forget(pid_t pid)
{
    for (int i = 0; i < n_children; i++) {
        if (children[i] == pid) {
            children[i] = children[--n_children];
            return;
        }
    }
}

static void on_signal(int sig)
{
    int saved = errno;
    char c = (char)sig;

    rstf_interrupted = sig;
    rstf_signal_count++;
    if (sig_pipe[1] >= 0 && write(sig_pipe[1], &c, 1) < 0) {
        /* full pipe: the flag is enough */
    }
    errno = saved;
}

void rstf_signals_init(void)
{
    struct sigaction sa;

    if (pipe(sig_pipe) == 0) {
        for (int i = 0; i < 2; i++) {
            fcntl(sig_pipe[i], F_SETFD, FD_CLOEXEC);
            fcntl(sig_pipe[i], F_SETFL, fcntl(sig_pipe[i], F_GETFL) | O_NONBLOCK);
        }
    }
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: blocking reads return EINTR */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    /* A closed stdout (rstf ... | head) is an EPIPE from write, not death
     * that would leave children and temporary folders behind. */
    sa.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &sa, NULL);
}

int rstf_signal_fd(void)
{
    return sig_pipe[0];
}

double rstf_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void rstf_sleep(double seconds)
{
    struct timespec ts;

    if (seconds <= 0)
        return;
    ts.tv_sec = (time_t)seconds;
    ts.tv_nsec = (long)((seconds - (double)ts.tv_sec) * 1e9);
    nanosleep(&ts, NULL);
}

bool rstf_parse_double(const char *s, double *out)
{
    char *end;
    double v;

    if (!s || !*s)
        return false;
    errno = 0;
    v = strtod(s, &end);
    if (errno || *end || v != v)
        return false;
    *out = v;
    return true;
}

bool rstf_parse_ulong(const char *s, unsigned long *out)
{
    char *end;
    unsigned long v;

    if (!s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

int rstf_wait_child(pid_t pid, double timeout)
{
    double deadline = rstf_now() + timeout;
    int status;

    for (;;) {
        pid_t r = waitpid(pid, &status, timeout < 0 ? 0 : WNOHANG);
        if (r == pid) {
            rstf_child_forget(pid);
            return status;
        }
        if (r < 0 && errno != EINTR) {
            rstf_child_forget(pid);
            return -1;
        }
        if (timeout >= 0 && rstf_now() >= deadline) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            timeout = -1; /* reap it */
            continue;
        }
        if (timeout >= 0)
            rstf_sleep(0.02);
    }
}
