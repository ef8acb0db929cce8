/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * capture.c - a dumpcap capturing as the invoking user.
 *
 * Capturing needs privileges that make tshark ignore personal plugin
 * folders, so capture and dissection are separate processes: dumpcap here,
 * writing pcapng to a pipe or a file, and a plugin-loading tshark reading it.
 */
#define _DEFAULT_SOURCE

#include "capture.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

void capture_start(struct capture *c, const struct rstf_tshark *t, const char *dumpcap, const char *iface,
                   const char *bpf, int out_fd, const char *out_path, double autostop)
{
    char autostop_arg[48];
    const char *argv[16];
    struct rstf_spawn s;
    int k = 0, p[2];

    memset(c, 0, sizeof *c);
    c->iface = iface;
    argv[k++] = dumpcap;
    argv[k++] = "-i";
    argv[k++] = iface;
    if (bpf && *bpf) {
        argv[k++] = "-f";
        argv[k++] = bpf;
    }
    argv[k++] = "-w";
    argv[k++] = out_path ? out_path : "-";
    argv[k++] = "-q";
    if (autostop > 0) {
        snprintf(autostop_arg, sizeof autostop_arg, "duration:%lu", (unsigned long)(autostop + 0.999));
        argv[k++] = "-a";
        argv[k++] = autostop_arg;
    }
    argv[k] = NULL;

    rstf_pipe(p);
    fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
    memset(&s, 0, sizeof s);
    s.path = dumpcap;
    s.argv = (char *const *)argv;
    s.in = -1;
    s.out = out_path ? -1 : out_fd;
    s.err = p[1];
    s.drop = false; /* capture as the invoking user: nobody could not */
    s.c_locale = true;
    c->pid = rstf_spawn(t, &s);
    close(p[1]);
    c->err = p[0];
}

bool capture_poll(struct capture *c)
{
    for (;;) {
        char buf[1024];
        ssize_t n;

        if (c->err < 0)
            return false;
        n = read(c->err, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return true; /* EAGAIN: nothing more for now */
        if (n == 0) {
            close(c->err);
            c->err = -1;
            return false;
        }
        if (c->msg_len + (size_t)n < sizeof c->msg) {
            memcpy(c->msg + c->msg_len, buf, (size_t)n);
            c->msg_len += (size_t)n;
            c->msg[c->msg_len] = '\0';
        }
        if (strstr(c->msg, "Capturing on"))
            c->ready = true;
    }
}

/* dumpcap's first line that is not routine chatter. */
static void first_message(const struct capture *c, char *out, size_t size)
{
    const char *s = c->msg;

    out[0] = '\0';
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);

        if (n && strncmp(s, "Capturing on", 12) != 0 && strncmp(s, "File:", 5) != 0 &&
            strncmp(s, "Running as user", 15) != 0 && strncmp(s, "Packets", 7) != 0) {
            if (strncmp(s, "dumpcap: ", 9) == 0) {
                s += 9;
                n -= 9;
            }
            if (n >= size)
                n = size - 1;
            memcpy(out, s, n);
            out[n] = '\0';
            while (n && (out[n - 1] == '\r' || out[n - 1] == '.'))
                out[--n] = '\0';
            return;
        }
        if (!nl)
            break;
        s = nl + 1;
    }
}

static void fail_capture(struct capture *c)
{
    char why[512];

    first_message(c, why, sizeof why);
    if (strncmp(why, "rstf: cannot run", 16) == 0)
        rstf_fail("%s: check that dumpcap is executable by you (or set RSTF_DUMPCAP)", why + 6);
    if (strstr(why, "permission") || strstr(why, "Permission") || strstr(why, "not permitted"))
        rstf_fail("no capture privilege on %s (%s): run rstf as root, or let dumpcap capture: "
                  "setcap cap_net_raw,cap_net_admin+eip $(command -v dumpcap)", c->iface, why);
    if (strstr(why, "No such device") || strstr(why, "no device named") || strstr(why, "no such device"))
        rstf_fail("no interface %s (%s): list them with 'ip link' or 'dumpcap -D' and pass -i", c->iface, why);
    if (strstr(why, "capture filter"))
        rstf_fail("bad capture filter (%s): see pcap-filter(7)", why);
    if (*why)
        rstf_fail("capture on %s failed: %s", c->iface, why);
    rstf_fail("capture on %s failed: dumpcap exited with status %d: run 'dumpcap -i %s' to see why", c->iface,
              WIFEXITED(c->status) ? WEXITSTATUS(c->status) : -1, c->iface);
}

static void reap_if_exited(struct capture *c)
{
    int status;

    if (c->exited)
        return;
    if (waitpid(c->pid, &status, WNOHANG) == c->pid) {
        rstf_child_forget(c->pid);
        c->exited = true;
        c->status = status;
        /* Drain what it said before dying. */
        while (capture_poll(c)) {
            struct pollfd pfd = { .fd = c->err, .events = POLLIN };
            if (poll(&pfd, 1, 200) <= 0)
                break;
        }
    }
}

void capture_check(struct capture *c)
{
    capture_poll(c);
    reap_if_exited(c);
    if (c->exited && (!WIFEXITED(c->status) || WEXITSTATUS(c->status) != 0))
        fail_capture(c);
}

void capture_wait_ready(struct capture *c, double timeout)
{
    double deadline = rstf_now() + timeout;

    while (!c->ready) {
        struct pollfd pfd[2] = {
            { .fd = c->err, .events = POLLIN },
            { .fd = rstf_signal_fd(), .events = POLLIN },
        };

        if (rstf_interrupted)
            rstf_exit(RSTF_EXIT_SIGNAL);
        capture_poll(c);
        if (c->ready)
            break;
        reap_if_exited(c);
        if (c->exited)
            fail_capture(c);
        if (rstf_now() >= deadline)
            rstf_fail("capture on %s did not start within %.0f s: check the interface with 'dumpcap -i %s'",
                      c->iface, timeout, c->iface);
        poll(pfd, 2, 100);
    }
}

void capture_wait_file(struct capture *c, const char *path, double timeout)
{
    double deadline = rstf_now() + timeout;
    struct stat st;

    while (stat(path, &st) != 0 || st.st_size == 0) {
        if (rstf_interrupted)
            rstf_exit(RSTF_EXIT_SIGNAL);
        capture_check(c);
        if (c->exited)
            rstf_fail("capture on %s ended before it began: run 'dumpcap -i %s' to see why", c->iface, c->iface);
        if (rstf_now() >= deadline)
            rstf_fail("capture on %s wrote nothing within %.0f s: check the interface with 'dumpcap -i %s'",
                      c->iface, timeout, c->iface);
        rstf_sleep(0.05);
    }
}

void capture_settle(struct capture *c, double seconds)
{
    double deadline = rstf_now() + seconds;

    while (rstf_now() < deadline) {
        struct pollfd pfd = { .fd = c->err, .events = POLLIN };

        capture_check(c);
        if (c->exited)
            return;
        poll(&pfd, 1, 50);
    }
}

void capture_stop(struct capture *c)
{
    if (!c->exited) {
        kill(c->pid, SIGINT);
        c->status = rstf_wait_child(c->pid, 10);
        c->exited = true;
    }
    while (capture_poll(c)) {
        struct pollfd pfd = { .fd = c->err, .events = POLLIN };
        if (poll(&pfd, 1, 200) <= 0)
            break;
    }
    if (c->err >= 0) {
        close(c->err);
        c->err = -1;
    }
}
