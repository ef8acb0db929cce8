/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * analyse.c - one dissecting tshark: capture bytes in, RST rows out.
 *
 * `-Y rstf` keeps only frames the plugin classified (real RST segments);
 * every field comes with all its occurrences (rows.c picks the right one).
 * The capture always arrives on standard input: when rstf is root and tshark
 * runs as nobody, root opens the file and nobody reads the descriptor, so no
 * input file needs to be made readable or copied.
 */
#define _DEFAULT_SOURCE

#include "analyse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rows.h"
#include "util.h"

void analyse_check_file(const char *path)
{
    struct stat st;
    int fd;

    if (strcmp(path, "-") == 0)
        return; /* standard input */
    fd = open(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0) {
        if (errno == ENOENT)
            rstf_fail("%s: no such file: check the path", path);
        if (errno == EACCES)
            rstf_fail("%s: permission denied: make it readable (or run rstf as a user who can read it)", path);
        rstf_fail("%s: cannot open: %s", path, strerror(errno));
    }
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode))
        rstf_fail("%s: is a folder, not a capture file: name the .pcap/.pcapng files in it", path);
    close(fd);
}

void dissector_start(struct dissector *d, const struct rstf_tshark *t, int in, const char *file,
                     const char *label, bool live)
{
    static char sep[2] = { RSTF_FIELD_SEP, 0 }, aggr[2] = { RSTF_AGGR_SEP, 0 };
    static char opt_sep[16], opt_aggr[16];
    static unsigned serial;
    const char *const *fields = rows_field_args();
    const char *fixed[] = {
        t->path, "-r", file ? file : "-", "-n", "-Y", "rstf", "-T", "fields",
        "-E", "header=n", "-E", "quote=n", "-E", "occurrence=a",
        "-E", opt_sep, "-E", opt_aggr,
    };
    size_t nf = 0, nfixed = sizeof fixed / sizeof fixed[0], k = 0;
    const char **argv;
    struct rstf_spawn s;
    int p[2], err_fd;

    snprintf(opt_sep, sizeof opt_sep, "separator=%s", sep);
    snprintf(opt_aggr, sizeof opt_aggr, "aggregator=%s", aggr);
    while (fields[nf])
        nf++;
    argv = xcalloc(nfixed + nf + 2, sizeof *argv);
    for (size_t i = 0; i < nfixed; i++)
        argv[k++] = fixed[i];
    if (live)
        argv[k++] = "-l"; /* a row per RST as it happens, not per 4 KiB */
    else if (file)
        argv[k++] = "-2"; /* look-ahead evidence (a race) reaches earlier RSTs */
    for (size_t i = 0; i < nf; i++)
        argv[k++] = fields[i];
    argv[k] = NULL;

    memset(d, 0, sizeof *d);
    d->label = label;
    d->err_path = xasprintf("%s/tshark-%u.err", t->home, serial++);
    err_fd = open(d->err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (err_fd < 0)
        rstf_fail("cannot create %s: %s: set TMPDIR to a writable folder", d->err_path, strerror(errno));
    rstf_pipe(p);
    memset(&s, 0, sizeof s);
    s.path = t->path;
    s.argv = (char *const *)argv;
    s.in = in;
    s.out = p[1];
    s.err = err_fd;
    s.drop = t->drop;
    s.c_locale = true;
    d->pid = rstf_spawn(t, &s);
    close(p[1]);
    close(err_fd);
    d->out = p[0];
    free(argv);
}

static void emit_lines(struct dissector *d, struct rstf_report *rep, bool flush_partial)
{
    size_t start = 0;

    for (size_t i = 0; i < d->len; i++) {
        if (d->buf[i] != '\n')
            continue;
        {
            size_t n = i - start;
            char *line = xmalloc(n + 1);
            struct rstf_rst r;

            memcpy(line, d->buf + start, n);
            line[n] = '\0';
            if (n && line[n - 1] == '\r')
                line[n - 1] = '\0';
            if (rows_parse(line, &r) == 0) {
                r.file = d->label;
                report_row(rep, &r);
            }
        }
        start = i + 1;
    }
    memmove(d->buf, d->buf + start, d->len - start);
    d->len -= start;
    if (flush_partial && d->len) {
        if (d->len + 1 > d->cap)
            d->buf = xrealloc(d->buf, d->cap = d->len + 1);
        d->buf[d->len++] = '\n';
        emit_lines(d, rep, false);
    }
}

bool dissector_read(struct dissector *d, struct rstf_report *rep)
{
    ssize_t n;

    if (d->out < 0)
        return false;
    if (d->cap - d->len < 65536)
        d->buf = xrealloc(d->buf, d->cap = d->cap * 2 + 65536);
    n = read(d->out, d->buf + d->len, d->cap - d->len);
    if (n < 0) {
        if (errno == EINTR || errno == EAGAIN)
            return true;
        n = 0;
    }
    if (n == 0) {
        emit_lines(d, rep, true);
        close(d->out);
        d->out = -1;
        return false;
    }
    d->len += (size_t)n;
    emit_lines(d, rep, false);
    return true;
}

/* tshark's complaint, reworded with the fix. */
static void fail_with(const char *label, const char *why, int status)
{
    const char *what = label ? label : "the capture";

    if (why && strstr(why, "isn't a capture file"))
        rstf_fail("%s: not a capture file tshark understands: give a pcap or pcapng capture", what);
    if (why && strstr(why, "damaged or corrupt"))
        rstf_fail("%s: the capture is damaged: repair it (e.g. with pcapfix) or capture again", what);
    if (why && strstr(why, "special file"))
        rstf_fail("%s: not a file or pipe tshark can read: give a capture file", what);
    if (why && strstr(why, "aren't valid"))
        rstf_fail("%s: tshark rejects rstf's fields (%s): the rstf plugin is older or newer than this rstf; "
                  "rebuild both", what, why);
    if (why)
        rstf_fail("%s: tshark failed: %s: run 'rstf tshark -r %s' to see its full output", what, why,
                  label ? label : "FILE");
    if (status >= 0 && WIFSIGNALED(status))
        rstf_fail("%s: tshark was killed by signal %d: run 'rstf tshark -r %s' to reproduce", what,
                  WTERMSIG(status), label ? label : "FILE");
    rstf_fail("%s: tshark failed (exit status %d) without a message: run 'rstf tshark -r %s' to see more",
              what, WIFEXITED(status) ? WEXITSTATUS(status) : -1, label ? label : "FILE");
}

void dissector_finish(struct dissector *d)
{
    int status;
    char *why;

    if (d->out >= 0) {
        close(d->out);
        d->out = -1;
    }
    status = rstf_wait_child(d->pid, rstf_interrupted ? 5 : -1);
    if (status < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        why = rstf_first_error_line(d->err_path);
        /* A capture whose writer was killed ends mid-packet: everything up
         * to there was classified, which is worth more than an error. */
        if (why && strstr(why, "cut short") && WIFEXITED(status)) {
            rstf_warn("%s: the capture is cut short in the middle of a packet; RSTs up to there are reported",
                      d->label ? d->label : "the capture");
            free(why);
        } else {
            fail_with(d->label, why, status);
        }
    }
    unlink(d->err_path);
    free(d->err_path);
    free(d->buf);
    d->buf = NULL;
}

void analyse_file(const struct rstf_tshark *t, const char *path, const char *label, struct rstf_report *rep)
{
    struct dissector d;
    int fd;

    /* A file is read twice (-2) so that look-ahead evidence reaches the
     * RSTs before it; standard input can only be read once. */
    if (strcmp(path, "-") == 0) {
        fd = STDIN_FILENO;
        dissector_start(&d, t, fd, NULL, label, false);
    } else {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            rstf_fail("%s: cannot open: %s: check the path and its permissions", path, strerror(errno));
        close(fd);
        dissector_start(&d, t, -1, tshark_readable_path(t, path), label, false);
    }
    while (dissector_read(&d, rep)) {
        if (rstf_interrupted)
            rstf_exit(RSTF_EXIT_SIGNAL);
    }
    dissector_finish(&d);
}
