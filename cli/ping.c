/* SPDX-License-Identifier: GPL-2.0-or-later */
#define _DEFAULT_SOURCE

#include "ping.h"

#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static uint16_t checksum(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;

    for (size_t i = 0; i + 1 < n; i += 2)
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (n & 1)
        sum += (uint32_t)p[n - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* A raw socket needs CAP_NET_RAW (the probe captures, so it usually has
 * it); a ping socket needs net.ipv4.ping_group_range to include our group. */
static int icmp_socket(int family, bool *raw)
{
    int proto = family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
    int s = socket(family, SOCK_RAW | SOCK_CLOEXEC, proto);

    *raw = s >= 0;
    if (s < 0)
        s = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, proto);
    return s;
}

bool ping_send(const struct sockaddr *addr, socklen_t addrlen, int count, double interval,
               double linger)
{
    bool raw, v6 = addr->sa_family == AF_INET6;
    int s = icmp_socket(addr->sa_family, &raw);
    uint16_t ident = (uint16_t)getpid();

    if (s < 0)
        return false;
    for (int seq = 1; seq <= count && !rstf_interrupted; seq++) {
        uint8_t msg[64];

        memset(msg, 0, sizeof msg);
        msg[0] = v6 ? 128 : 8; /* echo request */
        msg[4] = (uint8_t)(ident >> 8);
        msg[5] = (uint8_t)ident;
        msg[6] = (uint8_t)(seq >> 8);
        msg[7] = (uint8_t)seq;
        memcpy(msg + 8, "rst-forensics probe", 19);
        /* The kernel sums ICMPv6 (pseudo-header) and ping sockets itself. */
        if (raw && !v6) {
            uint16_t sum = checksum(msg, sizeof msg);
            msg[2] = (uint8_t)(sum >> 8);
            msg[3] = (uint8_t)sum;
        }
        if (sendto(s, msg, sizeof msg, 0, addr, addrlen) < 0)
            break;
        if (seq < count)
            rstf_sleep(interval);
    }
    rstf_sleep(linger);
    close(s);
    return true;
}
