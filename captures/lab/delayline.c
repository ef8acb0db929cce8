/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * delayline: a userspace "wire with latency" between two network interfaces.
 *
 * The lab kernel has no sch_netem, so per-hop delay is made here: every frame
 * received on one interface is sent out of the other one DELAY microseconds
 * later, in both directions, unchanged.  It runs in a namespace of its own
 * that holds only the two veth ends, so the kernel there never answers or
 * routes anything itself.
 *
 *   delayline -a IFACE -b IFACE -d DELAY_US [-q FRAMES] [-T SECONDS] [-r FILE]
 *
 * -q bounds each direction's queue (frames beyond it are dropped and counted),
 * -T is a deadline after which it exits (SIGTERM/SIGINT end it earlier),
 * -r names a file created once both sockets are bound (readiness for scripts).
 * Prints nothing unless frames were dropped or something failed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SLOT_BYTES 2048 /* offloads are off in the lab: frames fit an MTU */

struct frame {
	uint64_t due_us;
	uint16_t len;
	unsigned char data[SLOT_BYTES];
};

struct queue {
	struct frame *slots;
	size_t cap, head, count;
	unsigned long dropped;
};

static volatile sig_atomic_t stop_flag;

static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static uint64_t now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void usage(void)
{
	fprintf(stderr, "usage: delayline -a IFACE -b IFACE -d DELAY_US "
		"[-q FRAMES] [-T SECONDS] [-r READYFILE]\n");
	exit(2);
}

/* A raw socket that sees every frame arriving on one interface. */
static int open_port(const char *ifname, int *ifindex)
{
	struct sockaddr_ll sll;
	struct packet_mreq mr;
	int fd, idx;

	idx = (int)if_nametoindex(ifname);
	if (idx == 0) {
		fprintf(stderr, "delayline: no interface %s\n", ifname);
		exit(1);
	}
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    htons(ETH_P_ALL));
	if (fd < 0) {
		perror("delayline: socket");
		exit(1);
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = idx;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("delayline: bind");
		exit(1);
	}
	/* Frames for the far end's MAC must be taken too. */
	memset(&mr, 0, sizeof(mr));
	mr.mr_ifindex = idx;
	mr.mr_type = PACKET_MR_PROMISC;
	if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr,
		       sizeof(mr)) < 0) {
		perror("delayline: promisc");
		exit(1);
	}
	*ifindex = idx;
	return fd;
}

/* Read everything pending on one port into the queue toward the other. */
static void drain(int fd, struct queue *q, uint64_t delay_us)
{
	unsigned char buf[65536];
	struct sockaddr_ll from;
	socklen_t fl;
	ssize_t n;
	int budget;

	for (budget = 0; budget < 256; budget++) {
		fl = sizeof(from);
		n = recvfrom(fd, buf, sizeof(buf), MSG_TRUNC,
			     (struct sockaddr *)&from, &fl);
		if (n < 0)
			return;
		/* Our own transmissions show up as outgoing: never loop them. */
		if (from.sll_pkttype == PACKET_OUTGOING)
			continue;
		if (n > SLOT_BYTES || q->count == q->cap) {
			q->dropped++;
			continue;
		}
		struct frame *f = &q->slots[(q->head + q->count) % q->cap];
		f->due_us = now_us() + delay_us;
		f->len = (uint16_t)n;
		memcpy(f->data, buf, (size_t)n);
		q->count++;
	}
}

/* Send every frame whose time has come; return the next due time or 0. */
static uint64_t flush(int fd, int ifindex, struct queue *q)
{
	struct sockaddr_ll to;
	uint64_t t = now_us();

	memset(&to, 0, sizeof(to));
	to.sll_family = AF_PACKET;
	to.sll_ifindex = ifindex;
	to.sll_halen = ETH_ALEN;
	while (q->count > 0) {
		struct frame *f = &q->slots[q->head];

		if (f->due_us > t)
			return f->due_us;
		memcpy(to.sll_addr, f->data, ETH_ALEN);
		if (sendto(fd, f->data, f->len, 0, (struct sockaddr *)&to,
			   sizeof(to)) < 0 && errno != ENOBUFS && errno != EAGAIN)
			q->dropped++;
		q->head = (q->head + 1) % q->cap;
		q->count--;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *ifa = NULL, *ifb = NULL, *ready = NULL;
	long delay = -1, cap = 4096, deadline_s = 600;
	struct queue qab, qba;
	struct sigaction sa;
	int fa, fb, ia, ib, opt;
	uint64_t end;

	while ((opt = getopt(argc, argv, "a:b:d:q:T:r:")) != -1) {
		switch (opt) {
		case 'a': ifa = optarg; break;
		case 'b': ifb = optarg; break;
		case 'd': delay = strtol(optarg, NULL, 10); break;
		case 'q': cap = strtol(optarg, NULL, 10); break;
		case 'T': deadline_s = strtol(optarg, NULL, 10); break;
		case 'r': ready = optarg; break;
		default: usage();
		}
	}
	if (!ifa || !ifb || delay < 0 || delay > 10000000 || cap < 1 ||
	    cap > 65536 || deadline_s < 1)
		usage();

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	memset(&qab, 0, sizeof(qab));
	memset(&qba, 0, sizeof(qba));
	qab.cap = qba.cap = (size_t)cap;
	qab.slots = calloc((size_t)cap, sizeof(struct frame));
	qba.slots = calloc((size_t)cap, sizeof(struct frame));
	if (!qab.slots || !qba.slots) {
		fprintf(stderr, "delayline: out of memory\n");
		return 1;
	}
	fa = open_port(ifa, &ia);
	fb = open_port(ifb, &ib);
	if (ready) {
		int rf = open(ready, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

		if (rf < 0) {
			perror("delayline: ready file");
			return 1;
		}
		close(rf);
	}

	end = now_us() + (uint64_t)deadline_s * 1000000u;
	while (!stop_flag) {
		struct pollfd p[2] = { { fa, POLLIN, 0 }, { fb, POLLIN, 0 } };
		uint64_t t, n1, n2, next;
		struct timespec to;

		n1 = flush(fb, ib, &qab);
		n2 = flush(fa, ia, &qba);
		t = now_us();
		if (t >= end)
			break;
		next = end;
		if (n1 && n1 < next)
			next = n1;
		if (n2 && n2 < next)
			next = n2;
		/* The head may have come due since flush(): never wrap. */
		next = next > t ? next - t : 0;
		to.tv_sec = (time_t)(next / 1000000u);
		to.tv_nsec = (long)(next % 1000000u) * 1000;
		if (ppoll(p, 2, &to, NULL) < 0) {
			if (errno == EINTR)
				continue;
			perror("delayline: ppoll");
			return 1;
		}
		if (p[0].revents & POLLIN)
			drain(fa, &qab, (uint64_t)delay);
		if (p[1].revents & POLLIN)
			drain(fb, &qba, (uint64_t)delay);
	}
	if (qab.dropped || qba.dropped)
		fprintf(stderr, "delayline %s<->%s: dropped %lu/%lu frames\n",
			ifa, ifb, qab.dropped, qba.dropped);
	free(qab.slots);
	free(qba.slots);
	return 0;
}
