/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ping.h - a few ICMP echo requests before the probe's connection.
 *
 * A closed port answers the SYN with an RST in a conversation where the
 * server never spoke, so the conversation holds no baseline for it.  The
 * echo replies, captured with the flow, show the plugin the server's TTL
 * and round trip (its host-level baseline), as an engineer would ping
 * before blaming a firewall.
 */
#ifndef RSTF_CLI_PING_H
#define RSTF_CLI_PING_H

#include <stdbool.h>
#include <sys/socket.h>

/* Sends count echo requests to addr, interval apart, then waits up to
 * linger seconds for the replies to arrive (they are read by the capture,
 * not here).  Returns false when no ICMP socket could be had (neither raw
 * nor a ping socket): the probe goes on without a host baseline. */
bool ping_send(const struct sockaddr *addr, socklen_t addrlen, int count, double interval,
               double linger);

#endif
