/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * main.c - `rstf`: arguments, modes and the exit-status contract.
 *
 *   0  no RST, or only server / client / unknown verdicts
 *   2  at least one midpath verdict (with confidence >= --min-confidence)
 *   1  a setup error, always with one line on stderr naming it and the fix
 *
 * Options may come before or after the mode word ("rstf --json pcap F" and
 * "rstf pcap --json F"); everything after "tshark" goes to tshark as is.
 */
#define _DEFAULT_SOURCE

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyse.h"
#include "live.h"
#include "probe.h"
#include "report.h"
#include "tshark.h"
#include "util.h"

#ifndef RSTF_VERSION
#define RSTF_VERSION "unknown"
#endif

enum mode { M_NONE, M_PCAP, M_LIVE, M_PROBE, M_TSHARK };

struct options {
    enum mode mode;
    enum rstf_format format;
    bool evidence;
    const char *color;         /* auto, always, never */
    double min_confidence;
    const char *plugin_dir;
    const char *iface, *bpf;
    double duration;
    unsigned long count;
    double timeout;
    const char *payload, *write;
    bool no_ping;              /* probe: skip the echo requests */
    char **args;               /* positional arguments after the mode */
    size_t n_args;
    char **passthrough;        /* rstf tshark ARGS */
    size_t n_passthrough;
    /* which mode-specific options were given, to reject misplaced ones */
    const char *seen_live_only, *seen_probe_only, *seen_capture;
};

static void usage(FILE *f)
{
    fputs("usage: rstf [options] pcap FILE...\n"
          "       rstf [options] live -i IFACE [-f BPF] [--duration S | --count N]\n"
          "       rstf [options] probe HOST PORT [--timeout S] [--payload TEXT] [-i IFACE] [-w FILE]\n"
          "       rstf [--plugin-dir DIR] tshark [TSHARK-ARGS...]\n"
          "\n"
          "Classify who sent each TCP RST (server, client, or a middlebox forging an\n"
          "endpoint's address) with tshark and the rstf Wireshark plugin.\n"
          "\n"
          "options (before or after the mode):\n"
          "  --json                 a JSON document (schema version 1) instead of the table\n"
          "  --evidence             each scorer's vote and reason under its row\n"
          "  --quiet, -q            print nothing; only the exit status tells\n"
          "  --min-confidence X     midpath verdicts below X (0..1) do not make exit 2\n"
          "  --color WHEN           auto (default: on a terminal, unless NO_COLOR), always, never\n"
          "  --no-color             same as --color never\n"
          "  --plugin-dir DIR       DIR/<major.minor>/epan/rstf.so (also RSTF_PLUGIN_DIR)\n"
          "  -i, --interface IFACE  live/probe: capture interface (probe: default the routing one)\n"
          "  -f, --filter BPF       live: capture filter\n"
          "  --duration S           live: stop after S seconds\n"
          "  -c, --count N          live: stop after N RSTs\n"
          "  --timeout S            probe: seconds for connect and exchange (default 5)\n"
          "  --payload TEXT         probe: bytes to send (\\r \\n \\t \\\\ \\xHH escapes)\n"
          "  --no-ping              probe: no ICMP echo requests before connecting\n"
          "  -w, --write FILE       probe: keep the capture in FILE\n"
          "  -h, --help             this help\n"
          "  -V, --version          rstf's and tshark's versions, and the plugin used\n"
          "\n"
          "exit status: 0 no midpath RST, 2 at least one midpath RST, 1 setup error.\n"
          "environment: RSTF_TSHARK, RSTF_DUMPCAP, RSTF_PLUGIN_DIR, NO_COLOR, TMPDIR.\n"
          "See rstf(1).\n",
          f);
}

static void bad_usage(const char *fmt, const char *arg)
{
    fputs("rstf: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(": see 'rstf --help'\n", stderr);
    rstf_exit(RSTF_EXIT_SETUP);
}

static enum mode mode_of(const char *word)
{
    if (strcmp(word, "pcap") == 0)
        return M_PCAP;
    if (strcmp(word, "live") == 0)
        return M_LIVE;
    if (strcmp(word, "probe") == 0)
        return M_PROBE;
    if (strcmp(word, "tshark") == 0)
        return M_TSHARK;
    return M_NONE;
}

static double seconds_arg(const char *opt, const char *v)
{
    double d;

    if (!rstf_parse_double(v, &d) || d <= 0 || d > 86400.0 * 365)
        bad_usage("option %s wants a positive number of seconds", opt);
    return d;
}

/* "--opt=value", "--opt value", "-o value", "-ovalue". */
static const char *value_of(int argc, char **argv, int *i, const char *arg, size_t name_len)
{
    if (arg[name_len] == '=')
        return arg + name_len + 1;
    if (arg[1] != '-' && arg[name_len])
        return arg + name_len;
    if (*i + 1 >= argc)
        bad_usage("option %s needs a value", arg);
    return argv[++*i];
}

static bool is_opt(const char *arg, const char *name)
{
    size_t n = strlen(name);

    if (strncmp(arg, name, n) != 0)
        return false;
    if (arg[n] == '\0' || (arg[n] == '=' && name[1] == '-'))
        return true;
    /* short options with glued values: -ieth0 */
    return name[1] != '-' && strlen(name) == 2 && (name[1] == 'i' || name[1] == 'f' || name[1] == 'c' ||
                                                   name[1] == 'w');
}

static void parse(int argc, char **argv, struct options *o)
{
    bool only_args = false;

    memset(o, 0, sizeof *o);
    o->color = "auto";
    o->timeout = 5;
    o->args = xcalloc((size_t)argc, sizeof *o->args);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        size_t nl;

        if (only_args || a[0] != '-' || a[1] == '\0') {
            if (o->mode == M_NONE && !only_args) {
                o->mode = mode_of(a);
                if (o->mode == M_NONE)
                    bad_usage("unknown mode '%s' (pcap, live, probe or tshark)", a);
                if (o->mode == M_TSHARK) {
                    free(o->args);
                    o->args = NULL;
                    o->passthrough = argv + i + 1;
                    o->n_passthrough = (size_t)(argc - i - 1);
                    return;
                }
            } else {
                o->args[o->n_args++] = argv[i];
            }
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_args = true;
            continue;
        }
        nl = strchr(a, '=') && a[1] == '-' ? (size_t)(strchr(a, '=') - a) : strlen(a);
        if (is_opt(a, "-h") || is_opt(a, "--help")) {
            usage(stdout);
            rstf_exit(RSTF_EXIT_OK);
        } else if (is_opt(a, "-V") || is_opt(a, "--version")) {
            o->mode = M_NONE;
            o->format = (enum rstf_format)-1; /* marker: print versions */
            return;
        } else if (is_opt(a, "--json")) {
            o->format = RSTF_OUT_JSON;
        } else if (is_opt(a, "--quiet") || is_opt(a, "-q")) {
            o->format = RSTF_OUT_QUIET;
        } else if (is_opt(a, "--evidence")) {
            o->evidence = true;
        } else if (is_opt(a, "--no-color")) {
            o->color = "never";
        } else if (is_opt(a, "--color")) {
            o->color = value_of(argc, argv, &i, a, nl);
            if (strcmp(o->color, "auto") && strcmp(o->color, "always") && strcmp(o->color, "never"))
                bad_usage("--color wants auto, always or never, not '%s'", o->color);
        } else if (is_opt(a, "--min-confidence")) {
            const char *v = value_of(argc, argv, &i, a, nl);
            if (!rstf_parse_double(v, &o->min_confidence) || o->min_confidence < 0 || o->min_confidence > 1)
                bad_usage("--min-confidence wants a number from 0 to 1, not '%s'", v);
        } else if (is_opt(a, "--plugin-dir")) {
            o->plugin_dir = value_of(argc, argv, &i, a, nl);
        } else if (is_opt(a, "-i") || is_opt(a, "--interface")) {
            o->iface = value_of(argc, argv, &i, a, a[1] == '-' ? nl : 2);
            o->seen_capture = "-i";
        } else if (is_opt(a, "-f") || is_opt(a, "--filter")) {
            o->bpf = value_of(argc, argv, &i, a, a[1] == '-' ? nl : 2);
            o->seen_live_only = "-f";
        } else if (is_opt(a, "--duration")) {
            o->duration = seconds_arg("--duration", value_of(argc, argv, &i, a, nl));
            o->seen_live_only = "--duration";
        } else if (is_opt(a, "-c") || is_opt(a, "--count")) {
            const char *v = value_of(argc, argv, &i, a, a[1] == '-' ? nl : 2);
            if (!rstf_parse_ulong(v, &o->count) || o->count == 0)
                bad_usage("--count wants a positive whole number, not '%s'", v);
            o->seen_live_only = "--count";
        } else if (is_opt(a, "--timeout")) {
            o->timeout = seconds_arg("--timeout", value_of(argc, argv, &i, a, nl));
            o->seen_probe_only = "--timeout";
        } else if (is_opt(a, "--payload")) {
            o->payload = value_of(argc, argv, &i, a, nl);
            o->seen_probe_only = "--payload";
        } else if (strcmp(a, "--no-ping") == 0) {
            o->no_ping = true;
            o->seen_probe_only = "--no-ping";
        } else if (is_opt(a, "-w") || is_opt(a, "--write")) {
            o->write = value_of(argc, argv, &i, a, a[1] == '-' ? nl : 2);
            o->seen_probe_only = "-w";
        } else {
            bad_usage("unknown option '%s'", a);
        }
    }
}

static bool want_color(const char *when)
{
    const char *no = getenv("NO_COLOR");

    if (strcmp(when, "always") == 0)
        return true;
    if (strcmp(when, "never") == 0)
        return false;
    /* https://no-color.org: any non-empty NO_COLOR disables colour */
    return isatty(STDOUT_FILENO) && !(no && *no);
}

static void prepare(struct rstf_tshark *t, const struct options *o)
{
    tshark_locate(t);
    tshark_setup(t, o->plugin_dir);
}

static int print_version(const struct options *o)
{
    struct rstf_tshark t;
    pid_t pid;
    int status;

    printf("rstf %s\n", RSTF_VERSION);
    fflush(stdout);
    /* The lookups fail with exit 1 and a message; --version reports that
     * without failing, so run them in a child. */
    pid = fork();
    if (pid == 0) {
        prepare(&t, o);
        printf("tshark %s (%s)\n", t.version, t.path);
        tshark_verify(&t);
        printf("plugin %s%s%s\n", t.loaded, t.drop ? ", run as user nobody" : "",
               t.plugin_from ? "" : " (installed)");
        rstf_exit(RSTF_EXIT_OK);
    }
    if (pid < 0)
        return RSTF_EXIT_OK;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return RSTF_EXIT_OK;
}

/* `rstf tshark ARGS`: the real tshark with the plugin loaded. */
static int run_passthrough(const struct options *o)
{
    struct rstf_tshark t;
    struct rstf_spawn s;
    char **argv = xcalloc(o->n_passthrough + 2, sizeof *argv);
    int status;
    pid_t pid;

    prepare(&t, o);
    argv[0] = t.path;
    for (size_t i = 0; i < o->n_passthrough; i++)
        argv[i + 1] = o->passthrough[i];
    /* As nobody, tshark may not be able to open the user's file: hand it a
     * path it can read (not "-r -": two-pass mode, -2, needs random access). */
    for (size_t i = 1; t.drop && i <= o->n_passthrough; i++) {
        bool attached = strncmp(argv[i], "-r", 2) == 0 && argv[i][2]; /* -rFILE */
        size_t at = attached ? i : i + 1;

        if (!attached && (strcmp(argv[i], "-r") != 0 || i >= o->n_passthrough))
            continue;
        const char *file = attached ? argv[i] + 2 : argv[at];
        if (strcmp(file, "-") == 0)
            break;
        analyse_check_file(file);
        const char *readable = tshark_readable_path(&t, file);
        argv[at] = attached ? xasprintf("-r%s", readable) : (char *)readable;
        break;
    }
    memset(&s, 0, sizeof s);
    s.path = t.path;
    s.argv = argv;
    s.in = STDIN_FILENO;
    s.out = STDOUT_FILENO;
    s.err = STDERR_FILENO;
    s.drop = t.drop;
    pid = rstf_spawn(&t, &s);
    for (;;) {
        pid_t r = waitpid(pid, &status, 0);

        if (r == pid)
            break;
        if (r < 0 && errno == EINTR && rstf_interrupted) {
            /* tshark runs in its own process group: pass the ^C on. */
            kill(pid, rstf_interrupted);
            rstf_interrupted = 0;
        } else if (r < 0 && errno != EINTR) {
            status = 0;
            break;
        }
    }
    rstf_child_forget(pid);
    free(argv);
    if (WIFSIGNALED(status))
        rstf_exit(128 + WTERMSIG(status));
    rstf_exit(WIFEXITED(status) ? WEXITSTATUS(status) : RSTF_EXIT_SETUP);
}

static void reject(const char *opt, const char *mode)
{
    if (opt) {
        fprintf(stderr, "rstf: option %s does not apply to %s: see 'rstf --help'\n", opt, mode);
        rstf_exit(RSTF_EXIT_SETUP);
    }
}

int main(int argc, char **argv)
{
    struct options o;
    struct rstf_tshark t;
    struct rstf_report rep;
    int rc;

    rstf_signals_init();
    parse(argc, argv, &o);
    if (o.format == (enum rstf_format)-1)
        return print_version(&o);

    memset(&rep, 0, sizeof rep);
    rep.format = o.format;
    rep.evidence = o.evidence;
    rep.color = o.format == RSTF_OUT_TABLE && want_color(o.color);
    rep.min_confidence = o.min_confidence;

    switch (o.mode) {
    case M_NONE:
        fputs("rstf: no mode given (pcap, live, probe or tshark): see 'rstf --help'\n", stderr);
        rstf_exit(RSTF_EXIT_SETUP);
    case M_TSHARK:
        return run_passthrough(&o);
    case M_PCAP:
        reject(o.seen_live_only, "pcap");
        reject(o.seen_probe_only, "pcap");
        reject(o.seen_capture, "pcap");
        if (o.n_args == 0)
            bad_usage("%s needs at least one capture file", "pcap");
        /* Every file is checked before any work: a typo fails fast. */
        for (size_t i = 0; i < o.n_args; i++)
            analyse_check_file(o.args[i]);
        prepare(&t, &o);
        tshark_verify(&t);
        rep.mode = "pcap";
        rep.tshark_version = t.version;
        rep.files = o.args;
        rep.n_files = o.n_args;
        report_begin(&rep);
        for (size_t i = 0; i < o.n_args; i++)
            analyse_file(&t, o.args[i], o.args[i], &rep);
        rc = report_end(&rep);
        rstf_exit(rc);
    case M_LIVE: {
        struct live_options lo = { 0 };

        reject(o.seen_probe_only, "live");
        if (!o.iface)
            bad_usage("%s needs -i IFACE (see 'ip link'; 'any' captures on all)", "live");
        if (o.n_args)
            bad_usage("unexpected argument '%s' for live", o.args[0]);
        if (o.duration > 0 && o.count)
            bad_usage("%s: give --duration or --count, not both", "live");
        prepare(&t, &o);
        tshark_verify(&t);
        lo.iface = o.iface;
        lo.bpf = o.bpf;
        lo.duration = o.duration;
        lo.count = o.count;
        lo.announce = o.format != RSTF_OUT_QUIET;
        rep.mode = "live";
        rep.tshark_version = t.version;
        rep.interface = o.iface;
        rep.streaming = true;
        rep.limit = o.count;
        rc = live_run(&t, &lo, &rep);
        rstf_exit(rc);
    }
    case M_PROBE: {
        struct probe_options po = { 0 };

        reject(o.seen_live_only, "probe");
        if (o.n_args != 2)
            bad_usage("%s needs HOST and PORT", "probe");
        prepare(&t, &o);
        tshark_verify(&t);
        po.host = o.args[0];
        po.port = o.args[1];
        po.timeout = o.timeout;
        po.payload = o.payload;
        po.ping = !o.no_ping;
        po.iface = o.iface;
        po.write = o.write;
        rep.mode = "probe";
        rep.tshark_version = t.version;
        rc = probe_run(&t, &po, &rep);
        rstf_exit(rc);
    }
    }
    return RSTF_EXIT_SETUP;
}
