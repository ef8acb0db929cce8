/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * probe.c - `rstf probe`: one real TCP connection, captured and classified.
 *
 * The capture runs on the interface that routes to the host (found by
 * "connecting" a UDP socket and matching its source address against
 * getifaddrs(); a local destination means loopback), filtered to this one
 * flow (and ICMP), and must be running before the SYN leaves.  A few echo
 * requests go first (see ping.h).  A refused connection is an outcome like
 * any other: it is an RST to classify.
 */
#define _DEFAULT_SOURCE /* getifaddrs, NI_MAXHOST */

#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "analyse.h"
#include "capture.h"
#include "ping.h"
#include "util.h"

/* How long after the exchange the capture keeps running, for late RSTs. */
#define SETTLE_SECONDS 0.5
#define PING_COUNT 3

size_t probe_unescape(const char *in, char *out)
{
    size_t n = 0;

    while (*in) {
        if (*in != '\\' || !in[1]) {
            out[n++] = *in++;
            continue;
        }
        in++;
        switch (*in) {
        case 'n': out[n++] = '\n'; in++; break;
        case 'r': out[n++] = '\r'; in++; break;
        case 't': out[n++] = '\t'; in++; break;
        case '0': out[n++] = '\0'; in++; break;
        case '\\': out[n++] = '\\'; in++; break;
        case 'x': {
            unsigned v = 0;
            int k = 0;

            in++;
            for (; k < 2; k++, in++) {
                char c = *in;
                if (c >= '0' && c <= '9')
                    v = v * 16 + (unsigned)(c - '0');
                else if (c >= 'a' && c <= 'f')
                    v = v * 16 + (unsigned)(c - 'a' + 10);
                else if (c >= 'A' && c <= 'F')
                    v = v * 16 + (unsigned)(c - 'A' + 10);
                else
                    break;
            }
            if (k == 0) {
                out[n++] = '\\';
                out[n++] = 'x';
            } else {
                out[n++] = (char)v;
            }
            break;
        }
        default:
            out[n++] = '\\';
            out[n++] = *in++;
            break;
        }
    }
    return n;
}

static bool same_address(const struct sockaddr *a, const struct sockaddr *b)
{
    if (!a || !b || a->sa_family != b->sa_family)
        return false;
    if (a->sa_family == AF_INET)
        return memcmp(&((const struct sockaddr_in *)(const void *)a)->sin_addr,
                      &((const struct sockaddr_in *)(const void *)b)->sin_addr, sizeof(struct in_addr)) == 0;
    if (a->sa_family == AF_INET6)
        return memcmp(&((const struct sockaddr_in6 *)(const void *)a)->sin6_addr,
                      &((const struct sockaddr_in6 *)(const void *)b)->sin6_addr, sizeof(struct in6_addr)) == 0;
    return false;
}

/* The interface packets to `dst` leave by; NULL if unknown. */
static char *route_interface(const struct addrinfo *dst)
{
    struct sockaddr_storage local;
    socklen_t len = sizeof local;
    struct ifaddrs *ifs, *i;
    char *found = NULL, *loopback = NULL;
    bool dst_is_local = false;
    int s;

    s = socket(dst->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0)
        return NULL;
    /* A UDP connect sends nothing: it only asks the kernel for a route. */
    if (connect(s, dst->ai_addr, dst->ai_addrlen) != 0 ||
        getsockname(s, (struct sockaddr *)&local, &len) != 0) {
        close(s);
        return NULL;
    }
    close(s);
    if (getifaddrs(&ifs) != 0)
        return NULL;
    for (i = ifs; i; i = i->ifa_next) {
        if (!i->ifa_addr)
            continue;
        if ((i->ifa_flags & IFF_LOOPBACK) && !loopback)
            loopback = i->ifa_name;
        if (same_address(i->ifa_addr, dst->ai_addr))
            dst_is_local = true;
        if (!found && same_address(i->ifa_addr, (struct sockaddr *)&local))
            found = i->ifa_name;
    }
    /* Traffic to one of our own addresses goes through loopback, whatever
     * interface holds the address. */
    if (dst_is_local && loopback)
        found = loopback;
    found = found ? xstrdup(found) : NULL;
    freeifaddrs(ifs);
    return found;
}

static double remaining(double deadline)
{
    double r = deadline - rstf_now();

    return r > 0 ? r : 0;
}

/* Wait for `events` on `fd` until the deadline; false on timeout. */
static bool wait_fd(int fd, short events, double deadline)
{
    for (;;) {
        struct pollfd pfd = { .fd = fd, .events = events };
        int ms = (int)(remaining(deadline) * 1000.0);
        int r;

        if (rstf_interrupted)
            rstf_exit(RSTF_EXIT_SIGNAL);
        if (ms <= 0)
            return false;
        r = poll(&pfd, 1, ms);
        if (r > 0)
            return true;
        if (r == 0)
            return false;
    }
}

static void exchange(const struct addrinfo *ai, const char *payload, size_t payload_len, double timeout,
                     struct rstf_probe_result *res)
{
    double deadline = rstf_now() + timeout;
    char buf[4096];
    int s, err = 0;
    socklen_t elen = sizeof err;
    size_t sent = 0;

    s = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (s < 0)
        rstf_fail("cannot create a TCP socket: %s", strerror(errno));
    if (connect(s, ai->ai_addr, ai->ai_addrlen) != 0) {
        err = errno;
        if (err == EINPROGRESS) {
            if (!wait_fd(s, POLLOUT, deadline)) {
                res->outcome = "timeout";
                res->detail = xasprintf("no answer to the SYN within %g s", timeout);
                close(s);
                return;
            }
            getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &elen);
        }
    }
    if (err == ECONNREFUSED) {
        res->outcome = "refused";
        res->detail = "connection refused (an RST answered the SYN)";
        close(s);
        return;
    }
    if (err == ECONNRESET) {
        /* The handshake completed and an RST followed before we looked. */
        res->outcome = "reset";
        res->detail = "the connection was reset right after the handshake";
        close(s);
        return;
    }
    if (err) {
        res->outcome = (err == EHOSTUNREACH || err == ENETUNREACH) ? "unreachable" : "error";
        res->detail = xasprintf("connect failed: %s", strerror(err));
        close(s);
        return;
    }

    while (sent < payload_len) {
        ssize_t n;

        if (!wait_fd(s, POLLOUT, deadline))
            break;
        n = send(s, payload + sent, payload_len - sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR)
                continue;
            err = errno;
            break;
        }
        sent += (size_t)n;
    }
    while (!err) {
        ssize_t n;

        if (!wait_fd(s, POLLIN, deadline)) {
            res->outcome = "timeout";
            res->detail = xasprintf("connected; no close or reset within %g s", timeout);
            break;
        }
        n = recv(s, buf, sizeof buf, 0);
        if (n > 0) {
            res->bytes_received += (unsigned long)n;
            continue;
        }
        if (n == 0) {
            res->outcome = "closed";
            res->detail = "connected; the peer closed the connection";
            break;
        }
        if (errno == EAGAIN || errno == EINTR)
            continue;
        err = errno;
    }
    if (err == ECONNRESET || err == EPIPE) {
        res->outcome = "reset";
        res->detail = "connected; the connection was reset";
    } else if (err) {
        res->outcome = "error";
        res->detail = xasprintf("connected; then %s", strerror(err));
    }
    close(s);
}

int probe_run(const struct rstf_tshark *t, const struct probe_options *o, struct rstf_report *rep)
{
    struct addrinfo hints, *ai;
    struct rstf_probe_result res;
    char host[NI_MAXHOST], serv[NI_MAXSERV], *pct, *bpf, *dir, *path, *payload, *dumpcap;
    size_t payload_len;
    struct capture cap;
    unsigned long port;
    int rc;

    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    rc = getaddrinfo(o->host, o->port, &hints, &ai);
    if (rc != 0)
        rstf_fail("cannot resolve %s port %s: %s: check the host name and port", o->host, o->port,
                  gai_strerror(rc));
    if (getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, serv, sizeof serv,
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0 || !rstf_parse_ulong(serv, &port) || port == 0)
        rstf_fail("cannot use %s port %s: give a numeric address and a port 1-65535", o->host, o->port);
    pct = strchr(host, '%'); /* fe80::1%eth0: the zone is not part of a filter */
    if (pct)
        *pct = '\0';

    memset(&res, 0, sizeof res);
    res.host = o->host;
    res.address = host;
    res.port = (unsigned)port;
    res.interface = o->iface ? o->iface : route_interface(ai);
    if (!res.interface)
        res.interface = "any"; /* Linux cooked capture: the plugin reads it too */

    if (o->payload) {
        payload = xmalloc(strlen(o->payload) + 1);
        payload_len = probe_unescape(o->payload, payload);
    } else {
        payload = xasprintf("GET / HTTP/1.0\r\nHost: %s\r\n\r\n", o->host);
        payload_len = strlen(payload);
    }

    dumpcap = dumpcap_locate(t);
    dir = rstf_tmpdir("probe");
    path = xasprintf("%s/probe.pcapng", dir);
    /* ICMP too: the echo replies are the server's host-level baseline. */
    bpf = xasprintf("host %s and (tcp port %lu or icmp or icmp6)", host, port);
    capture_start(&cap, t, dumpcap, res.interface, bpf, -1, path, o->timeout + 60);
    capture_wait_ready(&cap, 15);
    capture_wait_file(&cap, path, 15);

    if (o->ping && !ping_send(ai->ai_addr, ai->ai_addrlen, PING_COUNT, 0.1, 0.5))
        rstf_warn("cannot send ICMP echo requests (no raw or ping socket): "
                  "a closed port's RST will lack a baseline; run as root, or use --no-ping");
    exchange(ai, payload, payload_len, o->timeout, &res);
    rstf_sleep(SETTLE_SECONDS);
    capture_check(&cap);
    capture_stop(&cap);
    if (rstf_interrupted)
        rstf_exit(RSTF_EXIT_SIGNAL);

    if (o->write && rstf_copy_file(path, o->write, 0644) != 0)
        rstf_fail("cannot write the capture to %s: %s: choose a writable path for -w", o->write, strerror(errno));
    rep->probe = &res;
    rep->interface = res.interface;
    report_begin(rep);
    analyse_file(t, path, o->write, rep);
    rc = report_end(rep);
    freeaddrinfo(ai);
    free(payload);
    free(dumpcap);
    free(bpf);
    free(path);
    free(dir);
    return rc;
}
