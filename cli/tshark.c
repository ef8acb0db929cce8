/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tshark.c - finding tshark, dumpcap and the rstf plugin, and running them.
 *
 * Plugin search order: --plugin-dir / RSTF_PLUGIN_DIR (Wireshark's layout,
 * DIR/<major.minor>/epan/rstf.so), then the build tree when this rstf runs
 * from it, then whatever tshark loads by itself (the global plugin folder).
 * A found rstf.so is copied into the personal plugin folder of a throwaway
 * HOME: unlike WIRESHARK_PLUGIN_DIR, that keeps Wireshark's bundled plugins
 * working, and no personal preference of the user leaks into the analysis.
 */
#define _DEFAULT_SOURCE /* setgroups, getpwnam */

#include "tshark.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

#ifndef RSTF_BUILD_DIR
#define RSTF_BUILD_DIR ""
#endif
#ifndef RSTF_BUILD_PLUGIN_DIR
#define RSTF_BUILD_PLUGIN_DIR ""
#endif

#define INSTALL_HINT "install it with 'apt-get install tshark'"

static bool is_executable_file(const char *path)
{
    struct stat st;

    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* `name` in $PATH, or NULL. */
static char *search_path(const char *name)
{
    const char *path = getenv("PATH");
    char *copy, *save = NULL, *found = NULL;

    if (!path || !*path)
        return NULL;
    copy = xstrdup(path);
    for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
        char *cand = xasprintf("%s/%s", *dir ? dir : ".", name);
        if (is_executable_file(cand)) {
            found = cand;
            break;
        }
        free(cand);
    }
    free(copy);
    return found;
}

void rstf_pipe(int fds[2])
{
    if (pipe(fds) != 0)
        rstf_fail("cannot create a pipe: %s", strerror(errno));
    fcntl(fds[0], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFD, FD_CLOEXEC);
}

/* Only async-signal-safe calls between fork and exec. */
static void child_die(const char *what, const char *path)
{
    const char *e = strerror(errno);

    if (write(2, "rstf: ", 6) < 0 || write(2, what, strlen(what)) < 0 ||
        write(2, path, strlen(path)) < 0 || write(2, ": ", 2) < 0 ||
        write(2, e, strlen(e)) < 0 || write(2, "\n", 1) < 0) {
        /* nothing left to report with */
    }
    _exit(127);
}

pid_t rstf_spawn(const struct rstf_tshark *t, const struct rstf_spawn *s)
{
    int null_fd = -1;
    pid_t pid;

    fflush(stdout);
    fflush(stderr);
    if (s->in < 0 || s->out < 0 || s->err < 0) {
        null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (null_fd < 0)
            rstf_fail("cannot open /dev/null: %s", strerror(errno));
    }
    pid = fork();
    if (pid < 0)
        rstf_fail("cannot start %s: %s", s->path, strerror(errno));
    if (pid == 0) {
        int fds[3] = { s->in, s->out, s->err };

        /* Own process group: a terminal ^C reaches rstf alone, which then
         * stops its children in order (capture first, dissector drains). */
        setpgid(0, 0);
        signal(SIGPIPE, SIG_DFL);
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        for (int i = 0; i < 3; i++) {
            int fd = fds[i] < 0 ? null_fd : fds[i];
            if (fd != i && dup2(fd, i) < 0)
                child_die("cannot redirect output of ", s->path);
            if (fd == i)
                fcntl(i, F_SETFD, 0);
        }
        /* A throwaway HOME: personal preferences and plugins never leak in;
         * the only personal plugin is our rstf.so.  WIRESHARK_PLUGIN_DIR
         * would replace the global plugin folder: clear it. */
        setenv("HOME", t->home, 1);
        setenv("XDG_CONFIG_HOME", t->home, 1);
        unsetenv("WIRESHARK_PLUGIN_DIR");
        unsetenv("WIRESHARK_CONFIG_DIR");
        unsetenv("WIRESHARK_RUN_FROM_BUILD_DIRECTORY");
        if (s->c_locale) {
            setenv("LC_ALL", "C.UTF-8", 1);
            unsetenv("LANGUAGE");
        }
        if (s->drop) {
            if (setgroups(0, NULL) != 0 || setgid(t->gid) != 0 || setuid(t->uid) != 0)
                child_die("cannot drop privileges for ", s->path);
            if (setuid(0) == 0)
                child_die("privileges were not dropped for ", s->path);
            /* The caller's folder may be closed to nobody (/root). */
            if (access(".", R_OK | X_OK) != 0 && chdir(t->home) != 0)
                child_die("cannot enter ", t->home);
        }
        execv(s->path, s->argv);
        child_die("cannot run ", s->path);
    }
    if (null_fd >= 0)
        close(null_fd);
    setpgid(pid, pid); /* also here: no race with an early kill(-pid) */
    rstf_child_add(pid);
    return pid;
}

/* Run a short command, collecting its standard output (NUL-terminated). */
static char *run_capture(const struct rstf_tshark *t, char *const argv[], bool drop,
                         const char *err_path, int *status)
{
    int p[2], err_fd = -1;
    struct rstf_spawn s = { .path = argv[0], .argv = argv, .in = -1, .err = -1,
                            .drop = drop, .c_locale = true };
    size_t len = 0, cap = 4096;
    char *buf = xmalloc(cap);
    pid_t pid;

    rstf_pipe(p);
    if (err_path) {
        err_fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        s.err = err_fd;
    }
    s.out = p[1];
    pid = rstf_spawn(t, &s);
    close(p[1]);
    if (err_fd >= 0)
        close(err_fd);
    for (;;) {
        ssize_t n;

        if (len + 1 >= cap)
            buf = xrealloc(buf, cap *= 2);
        n = read(p[0], buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR) {
            if (rstf_interrupted)
                rstf_exit(RSTF_EXIT_SIGNAL);
            continue;
        }
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    close(p[0]);
    *status = rstf_wait_child(pid, 30);
    return buf;
}

void tshark_locate(struct rstf_tshark *t)
{
    const char *env = getenv("RSTF_TSHARK");
    char *argv[3], *out, *p;
    int status;

    memset(t, 0, sizeof *t);
    t->uid = (uid_t)-1;
    if (env && *env) {
        if (!is_executable_file(env))
            rstf_fail("tshark not found at RSTF_TSHARK=%s: point RSTF_TSHARK at an executable tshark, "
                      "or unset it and " INSTALL_HINT, env);
        t->path = xstrdup(env);
    } else {
        t->path = search_path("tshark");
        if (!t->path)
            rstf_fail("tshark not found in PATH: " INSTALL_HINT " (or set RSTF_TSHARK to its path)");
    }

    /* The throwaway HOME already serves the version query. */
    t->home = rstf_tmpdir("home");
    argv[0] = t->path;
    argv[1] = "--version";
    argv[2] = NULL;
    out = run_capture(t, argv, false, NULL, &status);
    p = strstr(out, "(Wireshark) ");
    if (!p || sscanf(p + 12, "%d.%d", &t->major, &t->minor) != 2) {
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            rstf_fail("cannot run %s --version: is it a working tshark? Reinstall it (apt-get install --reinstall tshark)", t->path);
        rstf_fail("cannot read the version of %s: expected \"TShark (Wireshark) X.Y.Z\": use Wireshark's tshark", t->path);
    }
    sscanf(p + 12, "%31[0-9.a-zA-Z-]", t->version);
    free(out);
    snprintf(t->mm, sizeof t->mm, "%d.%d", t->major, t->minor);
    if (t->major < 4)
        rstf_fail("tshark %s is not supported: rstf needs Wireshark 4.0 or newer: upgrade tshark", t->version);
}

static char *plugin_in(const char *dir, const char *mm)
{
    return xasprintf("%s/%s/epan/rstf.so", dir, mm);
}

/* The build tree's plugin is used only by the rstf built beside it: an
 * installed rstf must not pick up a stale build folder. */
static bool running_from_build_tree(void)
{
    char self[PATH_MAX], build[PATH_MAX];
    ssize_t n;
    size_t bl;

    if (!*RSTF_BUILD_DIR || !realpath(RSTF_BUILD_DIR, build))
        return false;
    n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return false;
    self[n] = '\0';
    bl = strlen(build);
    return strncmp(self, build, bl) == 0 && self[bl] == '/';
}

/* Every folder above `path` must let `uid` through. */
static bool traversable_by_others(const char *path)
{
    char *p = xstrdup(path);
    bool ok = true;

    for (char *s = strrchr(p, '/'); s && s > p; s = strrchr(p, '/')) {
        struct stat st;

        *s = '\0';
        if (stat(p, &st) != 0 || !(st.st_mode & S_IXOTH)) {
            ok = false;
            break;
        }
    }
    free(p);
    return ok;
}

void tshark_setup(struct rstf_tshark *t, const char *plugin_dir)
{
    const char *env = getenv("RSTF_PLUGIN_DIR");
    char *so = NULL, *dest_dir, *dest;

    if (plugin_dir || (env && *env)) {
        const char *dir = plugin_dir ? plugin_dir : env;

        t->plugin_from = plugin_dir ? "--plugin-dir" : "RSTF_PLUGIN_DIR";
        so = plugin_in(dir, t->mm);
        if (access(so, R_OK) != 0)
            rstf_fail("no rstf plugin for Wireshark %s in %s=%s (expected %s): build the plugin against "
                      "this tshark or point %s at Wireshark's plugin folder layout",
                      t->mm, t->plugin_from, dir, so, t->plugin_from);
    } else if (running_from_build_tree()) {
        so = plugin_in(RSTF_BUILD_PLUGIN_DIR, t->mm);
        t->plugin_from = "the build tree";
        if (access(so, R_OK) != 0) {
            free(so);
            so = NULL;
        }
    }
    t->plugin_so = so;
    /* Root ignores personal plugin folders: run tshark as nobody then. */
    t->drop = so && geteuid() == 0;
    if (t->drop) {
        struct passwd *pw = getpwnam("nobody");

        t->uid = pw ? pw->pw_uid : 65534;
        t->gid = pw ? pw->pw_gid : 65534;
        if (chown(t->home, t->uid, t->gid) != 0)
            rstf_fail("cannot hand %s to user nobody: %s: set TMPDIR to a local folder", t->home,
                      strerror(errno));
        if (!traversable_by_others(t->home))
            rstf_fail("user nobody cannot reach %s (tshark runs as nobody when rstf is root): "
                      "set TMPDIR to a folder open to all, e.g. /tmp", t->home);
    }
    if (!so)
        return;
    dest_dir = xasprintf("%s/.local/lib/wireshark/plugins/%s/epan", t->home, t->mm);
    dest = xasprintf("%s/rstf.so", dest_dir);
    if (rstf_mkdirs(dest_dir, 0755) != 0 || rstf_copy_file(so, dest, 0644) != 0)
        rstf_fail("cannot copy %s into %s: %s: set TMPDIR to a writable local folder", so, dest_dir,
                  strerror(errno));
    free(dest_dir);
    free(dest);
}

char *rstf_first_error_line(const char *path)
{
    FILE *f = fopen(path, "r");
    char *line = NULL, *found = NULL;
    size_t cap = 0;
    ssize_t n;

    if (!f)
        return NULL;
    while ((n = getline(&line, &cap, f)) > 0) {
        char *s = line;

        while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
            s[--n] = '\0';
        if (!*s || strncmp(s, "Running as user", 15) == 0)
            continue;
        if (strncmp(s, "tshark: ", 8) == 0)
            s += 8;
        if (strncmp(s, "dumpcap: ", 9) == 0)
            s += 9;
        found = xstrdup(s);
        break;
    }
    free(line);
    fclose(f);
    return found;
}

void tshark_verify(struct rstf_tshark *t)
{
    char *argv[] = { t->path, "-G", "plugins", NULL };
    char *err_path = xasprintf("%s/verify.err", t->home);
    char *out, *save = NULL, *why;
    int status;

    out = run_capture(t, argv, t->drop, err_path, &status);
    for (char *line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *tab = strrchr(line, '\t');

        if (strncmp(line, "rstf.so", 7) == 0 && (line[7] == ' ' || line[7] == '\t') && tab) {
            t->loaded = xstrdup(tab + 1);
            break;
        }
    }
    free(out);
    why = rstf_first_error_line(err_path);
    unlink(err_path);
    free(err_path);
    if (!t->loaded) {
        if (t->plugin_so)
            rstf_fail("the rstf plugin %s (from %s) did not load into tshark %s%s%s: rebuild it against "
                      "this Wireshark (cmake --build build) or use --plugin-dir",
                      t->plugin_so, t->plugin_from, t->version, why ? ": " : "", why ? why : "");
        rstf_fail("the rstf plugin is not installed for tshark %s%s: build it (cmake -S . -B build && "
                  "cmake --build build) and run build/rstf, install it (cmake --install build), or pass "
                  "--plugin-dir DIR holding %s/epan/rstf.so",
                  t->version, geteuid() == 0 ? " (as root, tshark reads only the global plugin folder)" : "",
                  t->mm);
    }
    free(why);
    if (t->plugin_so && !strstr(t->loaded, "/.local/lib/wireshark/plugins/"))
        rstf_warn("tshark loaded the installed %s instead of %s (from %s): a global copy takes precedence; "
                  "remove it to use yours", t->loaded, t->plugin_so, t->plugin_from);
}

char *dumpcap_locate(const struct rstf_tshark *t)
{
    const char *env = getenv("RSTF_DUMPCAP");
    char *dir, *cand, *slash;

    if (env && *env) {
        if (!is_executable_file(env))
            rstf_fail("dumpcap not found at RSTF_DUMPCAP=%s: point it at an executable dumpcap, or unset it", env);
        return xstrdup(env);
    }
    dir = xstrdup(t->path);
    slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        cand = xasprintf("%s/dumpcap", dir);
        free(dir);
        if (is_executable_file(cand))
            return cand;
        free(cand);
    } else {
        free(dir);
    }
    cand = search_path("dumpcap");
    if (!cand)
        rstf_fail("dumpcap not found (it captures for tshark): install it with 'apt-get install tshark' "
                  "(package wireshark-common) or set RSTF_DUMPCAP");
    return cand;
}

/* Whether any user can read path: the file and every folder above it. */
static bool readable_by_others(const char *path)
{
    char *real = realpath(path, NULL);
    struct stat st;
    bool ok;

    if (!real)
        return false;
    ok = stat(real, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & S_IROTH);
    for (char *slash = strrchr(real, '/'); ok && slash && slash != real; slash = strrchr(real, '/')) {
        *slash = '\0';
        ok = stat(real, &st) == 0 && (st.st_mode & S_IXOTH);
    }
    free(real);
    return ok;
}

const char *tshark_readable_path(const struct rstf_tshark *t, const char *file)
{
    static unsigned serial;
    char *copy;

    if (!t->drop || readable_by_others(file))
        return file;
    copy = xasprintf("%s/input-%u", t->home, serial++);
    if (rstf_copy_file(file, copy, 0644) != 0)
        rstf_fail("%s: cannot copy it for the unprivileged tshark: %s", file, strerror(errno));
    return copy;
}
