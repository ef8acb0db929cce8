/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * injector: an on-path RST forger that imitates the server as closely as a
 * passive box can, to give the lab a middlebox RST that the cheap
 * fingerprints (TTL, window, IP-ID, options, sequence number) cannot tell
 * from the server's own.
 *
 *   injector -i IFACE -S SERVERADDR -P SERVERPORT -m MARKER
 *            [-d DELAY_MS] [-o SEQ_OFFSET] [-T SECONDS] [-r READYFILE]
 *
 * It runs on a router and sniffs IFACE, the interface toward the client.
 * Server->client segments are seen there as the router forwards them, with
 * the TTL (hop limit) already lowered by this router: copying that TTL makes
 * the forgery arrive anywhere downstream with exactly the server's TTL.
 * When a client->server segment carrying MARKER arrives, it sends one RST+ACK
 * to the client "from" the server, out of IFACE with the server frames'
 * Ethernet addresses:
 *   - TTL / hop limit, DF, TOS / traffic class, flow label: the server's last;
 *   - IPv4 ID: the server's last + 1 (what its per-socket counter sends next);
 *   - window: the server's last raw window value (non-zero);
 *   - seq: the server's next sequence number, exactly; ack: the client's next;
 *   - no TCP options.
 * -o adds SEQ_OFFSET to that seq: a guess inside the client's window but
 * not exact, which a Linux receiver answers with an RFC 5961 challenge ACK
 * instead of resetting.
 * The trigger itself is left alone (the server still gets and answers it).
 * Exit 0 silently after sending; 1 if nothing triggered before the deadline.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct seg {
	int family;
	unsigned char src[16], dst[16];
	uint16_t sport, dport, win, ipid;
	uint32_t seq, ack;
	uint8_t flags, ttl, tos, df;
	uint32_t flowlabel;
	const unsigned char *payload;
	size_t plen;
};

/* What the server's last forwarded segment looked like. */
struct server_state {
	int valid;
	unsigned char eth[12];
	struct seg s;
	uint32_t next_seq;
};

static volatile sig_atomic_t stop_flag;
/* -o: added to the exact seq (0: the exact one). */
static uint32_t seq_offset;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: injector -i IFACE -S SERVERADDR -P SERVERPORT "
		"-m MARKER [-d DELAY_MS] [-o SEQ_OFFSET] [-T SECONDS] [-r READYFILE]\n");
	exit(2);
}

static uint16_t get16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static void put16(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static uint32_t sum_bytes(uint32_t sum, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += get16(p + i);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Parse an Ethernet frame carrying TCP over IPv4 or IPv6 (no ext headers). */
static int parse(const unsigned char *f, size_t n, struct seg *s)
{
	const unsigned char *ip, *tcp;
	size_t ihl, thl, iplen;
	uint16_t et;

	if (n < 14)
		return -1;
	et = get16(f + 12);
	ip = f + 14;
	n -= 14;
	memset(s, 0, sizeof(*s));
	if (et == ETH_P_IP) {
		if (n < 20 || (ip[0] >> 4) != 4 || ip[9] != IPPROTO_TCP)
			return -1;
		ihl = (size_t)(ip[0] & 15) * 4;
		iplen = get16(ip + 2);
		if (ihl < 20 || iplen > n || iplen < ihl + 20)
			return -1;
		s->family = AF_INET;
		s->tos = ip[1];
		s->ipid = get16(ip + 4);
		s->df = (ip[6] & 0x40) != 0;
		s->ttl = ip[8];
		memcpy(s->src, ip + 12, 4);
		memcpy(s->dst, ip + 16, 4);
		tcp = ip + ihl;
		n = iplen - ihl;
	} else if (et == ETH_P_IPV6) {
		if (n < 40 || (ip[0] >> 4) != 6 || ip[6] != IPPROTO_TCP)
			return -1;
		iplen = 40 + (size_t)get16(ip + 4);
		if (iplen > n || iplen < 60)
			return -1;
		s->family = AF_INET6;
		s->tos = (uint8_t)((get16(ip) >> 4) & 0xff);
		s->flowlabel = get32(ip) & 0xfffff;
		s->ttl = ip[7];
		memcpy(s->src, ip + 8, 16);
		memcpy(s->dst, ip + 24, 16);
		tcp = ip + 40;
		n = iplen - 40;
	} else {
		return -1;
	}
	thl = (size_t)(tcp[12] >> 4) * 4;
	if (thl < 20 || thl > n)
		return -1;
	s->sport = get16(tcp);
	s->dport = get16(tcp + 2);
	s->seq = get32(tcp + 4);
	s->ack = get32(tcp + 8);
	s->flags = tcp[13];
	s->win = get16(tcp + 14);
	s->payload = tcp + thl;
	s->plen = n - thl;
	return 0;
}

static int contains(const unsigned char *h, size_t hn, const char *needle)
{
	size_t nn = strlen(needle), i;

	for (i = 0; nn && i + nn <= hn; i++)
		if (memcmp(h + i, needle, nn) == 0)
			return 1;
	return 0;
}

/* Build the forged RST+ACK toward the client into buf; return its length. */
static size_t forge(const struct server_state *st, const struct seg *trig,
		    unsigned char *buf)
{
	const struct seg *s = &st->s;
	unsigned char *ip = buf + 14, *tcp;
	size_t alen = s->family == AF_INET ? 4 : 16, iphl;
	uint32_t sum;

	memcpy(buf, st->eth, 12);
	if (s->family == AF_INET) {
		put16(buf + 12, ETH_P_IP);
		iphl = 20;
		memset(ip, 0, 20);
		ip[0] = 0x45;
		ip[1] = s->tos;
		put16(ip + 2, 40);
		put16(ip + 4, (uint16_t)(s->ipid + 1));
		ip[6] = s->df ? 0x40 : 0;
		ip[8] = s->ttl;
		ip[9] = IPPROTO_TCP;
		memcpy(ip + 12, s->src, 4);
		memcpy(ip + 16, s->dst, 4);
		put16(ip + 10, fold(sum_bytes(0, ip, 20)));
	} else {
		put16(buf + 12, ETH_P_IPV6);
		iphl = 40;
		memset(ip, 0, 40);
		put32(ip, 6u << 28 | (uint32_t)s->tos << 20 | s->flowlabel);
		put16(ip + 4, 20);
		ip[6] = IPPROTO_TCP;
		ip[7] = s->ttl;
		memcpy(ip + 8, s->src, 16);
		memcpy(ip + 24, s->dst, 16);
	}
	tcp = ip + iphl;
	memset(tcp, 0, 20);
	put16(tcp, s->sport);
	put16(tcp + 2, s->dport);
	put32(tcp + 4, st->next_seq + seq_offset);
	put32(tcp + 8, trig->seq + (uint32_t)trig->plen +
		       ((trig->flags & 0x01) ? 1u : 0u));
	tcp[12] = 5 << 4;
	tcp[13] = 0x14; /* RST, ACK */
	put16(tcp + 14, s->win);
	/* Pseudo-header: addresses, protocol, TCP length. */
	sum = sum_bytes(0, s->src, alen);
	sum = sum_bytes(sum, s->dst, alen);
	sum += IPPROTO_TCP + 20;
	sum = sum_bytes(sum, tcp, 20);
	put16(tcp + 16, fold(sum));
	return 14 + iphl + 20;
}

int main(int argc, char **argv)
{
	const char *ifname = NULL, *server = NULL, *marker = NULL,
		   *ready = NULL;
	unsigned char saddr[16], buf[65536], out[128];
	long deadline_s = 30, delay_ms = 0, offset = 0;
	int port = 0, family, opt, fd, idx;
	struct server_state st;
	struct sockaddr_ll sll;
	struct sigaction sa;
	time_t end;

	while ((opt = getopt(argc, argv, "i:S:P:m:d:o:T:r:")) != -1) {
		switch (opt) {
		case 'i': ifname = optarg; break;
		case 'S': server = optarg; break;
		case 'P': port = atoi(optarg); break;
		case 'm': marker = optarg; break;
		case 'd': delay_ms = strtol(optarg, NULL, 10); break;
		case 'o': offset = strtol(optarg, NULL, 10); break;
		case 'T': deadline_s = strtol(optarg, NULL, 10); break;
		case 'r': ready = optarg; break;
		default: usage();
		}
	}
	if (!ifname || !server || !marker || !*marker || port <= 0 ||
	    port > 65535 || deadline_s < 1 || delay_ms < 0 || delay_ms > 10000 ||
	    offset < 0 || offset > 1000000)
		usage();
	seq_offset = (uint32_t)offset;
	if (inet_pton(AF_INET, server, saddr) == 1)
		family = AF_INET;
	else if (inet_pton(AF_INET6, server, saddr) == 1)
		family = AF_INET6;
	else
		usage();

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	idx = (int)if_nametoindex(ifname);
	if (idx == 0) {
		fprintf(stderr, "injector: no interface %s\n", ifname);
		return 1;
	}
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (fd < 0) {
		perror("injector: socket");
		return 1;
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = idx;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("injector: bind");
		return 1;
	}
	if (ready) {
		int rf = open(ready, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

		if (rf < 0) {
			perror("injector: ready file");
			return 1;
		}
		close(rf);
	}

	memset(&st, 0, sizeof(st));
	end = time(NULL) + deadline_s;
	while (!stop_flag && time(NULL) < end) {
		struct pollfd p = { fd, POLLIN, 0 };
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		size_t alen = family == AF_INET ? 4 : 16;
		struct seg s;
		ssize_t n;

		if (poll(&p, 1, 200) <= 0)
			continue;
		n = recvfrom(fd, buf, sizeof(buf), MSG_DONTWAIT,
			     (struct sockaddr *)&from, &fl);
		if (n <= 0 || parse(buf, (size_t)n, &s) < 0 ||
		    s.family != family)
			continue;
		if (from.sll_pkttype == PACKET_OUTGOING &&
		    memcmp(s.src, saddr, alen) == 0 && s.sport == port &&
		    !(s.flags & 0x04)) {
			/* A server segment leaving toward the client: keep
			 * its fields and the highest sequence it reached. */
			uint32_t nx = s.seq + (uint32_t)s.plen +
				      ((s.flags & 0x03) ? 1u : 0u);

			if (!st.valid || (int32_t)(nx - st.next_seq) > 0)
				st.next_seq = nx;
			st.valid = 1;
			memcpy(st.eth, buf, 12);
			st.s = s;
			continue;
		}
		if (from.sll_pkttype != PACKET_OUTGOING && st.valid &&
		    memcmp(s.dst, saddr, alen) == 0 && s.dport == port &&
		    memcmp(s.src, st.s.dst, alen) == 0 &&
		    s.sport == st.s.dport && contains(s.payload, s.plen, marker)) {
			struct timespec d = { delay_ms / 1000,
					      (delay_ms % 1000) * 1000000L };
			size_t len = forge(&st, &s, out);
			struct sockaddr_ll to;

			if (delay_ms > 0)
				nanosleep(&d, NULL);
			memset(&to, 0, sizeof(to));
			to.sll_family = AF_PACKET;
			to.sll_ifindex = idx;
			to.sll_halen = ETH_ALEN;
			memcpy(to.sll_addr, out, ETH_ALEN);
			if (sendto(fd, out, len, 0, (struct sockaddr *)&to,
				   sizeof(to)) < 0) {
				perror("injector: sendto");
				return 1;
			}
			return 0;
		}
	}
	fprintf(stderr, "injector: no trigger seen before the deadline\n");
	return 1;
}
