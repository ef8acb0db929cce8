/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * labpeer: a scripted TCP endpoint for the RST lab.
 *
 *   labpeer server -A ADDR -p PORT [-r READYFILE] [-T SECONDS] ACTION...
 *   labpeer client -A ADDR -p PORT [-s SRCPORT]   [-T SECONDS] ACTION...
 *
 * The server listens on ADDR:PORT and accepts one connection; the client
 * connects to ADDR:PORT (optionally from SRCPORT).  Then the ACTIONs run in
 * order on the connected socket; they are the building blocks of every
 * genuine-RST case in the lab (abort with SO_LINGER 0, close with unread
 * data, stay silent until killed, a late segment after the peer is gone...):
 *
 *   send:N          write N bytes (a printable pattern)
 *   say:TEXT        write TEXT (\r and \n escapes allowed)
 *   recv:N          read until N more bytes arrived, EOF or an error
 *   recvall         read until EOF or an error
 *   sleep:MS        sleep MS milliseconds
 *   trickle:N:MS:K  K times: write N bytes, sleep MS (stops at the first error)
 *   linger0         set SO_LINGER {on, 0}: close() then aborts with an RST
 *   shutwr          shutdown(SHUT_WR): send a FIN, keep reading possible
 *   close           close the socket
 *   hold            sleep until the deadline (the lab kills the process)
 *   refused         (client, first action) expect the connect to be refused:
 *                   exit 0 at once if it is, 1 if it is not
 *
 * Resets and EOF on reads or writes are normal outcomes here, not failures.
 * Exit 0 silently on success; 1 with a message on setup errors or an
 * unexpected connect result; 2 on bad usage; 3 silently when the deadline
 * (-T, default 20 s) cut the actions short ("hold" always ends that way).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int sock = -1;
static volatile sig_atomic_t expired;

static void on_alarm(int sig)
{
	(void)sig;
	expired = 1;
}

static void die(const char *what)
{
	fprintf(stderr, "labpeer: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: labpeer server|client -A ADDR -p PORT [-s SRCPORT] "
		"[-r READYFILE] [-T SECONDS] ACTION...\n");
	exit(2);
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (!expired && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static struct sockaddr_storage parse_addr(const char *addr, int port,
					  socklen_t *len)
{
	struct addrinfo hints, *res;
	struct sockaddr_storage ss;
	char pbuf[16];

	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(pbuf, sizeof(pbuf), "%d", port);
	if (getaddrinfo(addr, pbuf, &hints, &res) != 0 || !res) {
		fprintf(stderr, "labpeer: bad address %s\n", addr);
		exit(1);
	}
	memset(&ss, 0, sizeof(ss));
	memcpy(&ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return ss;
}

/* Writes never raise SIGPIPE; a reset peer just ends the write. */
static int write_all(const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = send(sock, buf, n, MSG_NOSIGNAL);

		if (w < 0) {
			if (errno == EINTR && !expired)
				continue;
			return -1;
		}
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static int send_pattern(long n)
{
	static const char pat[] = "0123456789abcdefghijklmnopqrstuvwxyz"
				  "ABCDEFGHIJKLMNOPQRSTUVWXYZ\n";
	char buf[4096];
	size_t i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = pat[i % (sizeof(pat) - 1)];
	while (n > 0) {
		size_t k = n > (long)sizeof(buf) ? sizeof(buf) : (size_t)n;

		if (write_all(buf, k) < 0)
			return -1;
		n -= (long)k;
	}
	return 0;
}

static void send_text(const char *t)
{
	char buf[1024];
	size_t k = 0;

	for (; *t && k < sizeof(buf); t++) {
		if (t[0] == '\\' && t[1] == 'n') {
			buf[k++] = '\n';
			t++;
		} else if (t[0] == '\\' && t[1] == 'r') {
			buf[k++] = '\r';
			t++;
		} else {
			buf[k++] = *t;
		}
	}
	(void)write_all(buf, k);
}

/* Read up to want bytes (want < 0: until EOF); stop on EOF or any error. */
static void read_some(long want)
{
	char buf[65536];
	long got = 0;

	while (want < 0 || got < want) {
		size_t k = sizeof(buf);
		ssize_t r;

		if (want >= 0 && (long)k > want - got)
			k = (size_t)(want - got);
		r = recv(sock, buf, k, 0);
		if (r < 0 && errno == EINTR && !expired)
			continue;
		if (r <= 0)
			return;
		got += r;
	}
}

static void do_action(const char *a)
{
	long x, y, z;

	if (strncmp(a, "send:", 5) == 0) {
		(void)send_pattern(strtol(a + 5, NULL, 10));
	} else if (strncmp(a, "say:", 4) == 0) {
		send_text(a + 4);
	} else if (strncmp(a, "recv:", 5) == 0) {
		read_some(strtol(a + 5, NULL, 10));
	} else if (strcmp(a, "recvall") == 0) {
		read_some(-1);
	} else if (strncmp(a, "sleep:", 6) == 0) {
		sleep_ms(strtol(a + 6, NULL, 10));
	} else if (sscanf(a, "trickle:%ld:%ld:%ld", &x, &y, &z) == 3) {
		for (; z > 0; z--) {
			if (send_pattern(x) < 0)
				break;
			sleep_ms(y);
		}
	} else if (strcmp(a, "linger0") == 0) {
		struct linger l = { 1, 0 };

		if (setsockopt(sock, SOL_SOCKET, SO_LINGER, &l, sizeof(l)) < 0)
			die("SO_LINGER");
	} else if (strcmp(a, "shutwr") == 0) {
		(void)shutdown(sock, SHUT_WR);
	} else if (strcmp(a, "close") == 0) {
		close(sock);
		sock = -1;
	} else if (strcmp(a, "hold") == 0) {
		while (!expired)   /* polled: no lost-wakeup race with the alarm */
			sleep_ms(100);
	} else {
		fprintf(stderr, "labpeer: unknown action %s\n", a);
		exit(2);
	}
}

int main(int argc, char **argv)
{
	const char *addr = NULL, *ready = NULL;
	int port = 0, sport = 0, server, opt, one = 1, refused_ok = 0, i;
	long deadline = 20;
	struct sockaddr_storage ss;
	struct sigaction sa;
	socklen_t sl;

	if (argc < 2)
		usage();
	if (strcmp(argv[1], "server") == 0)
		server = 1;
	else if (strcmp(argv[1], "client") == 0)
		server = 0;
	else
		usage();
	optind = 2;
	while ((opt = getopt(argc, argv, "+A:p:s:r:T:")) != -1) {
		switch (opt) {
		case 'A': addr = optarg; break;
		case 'p': port = atoi(optarg); break;
		case 's': sport = atoi(optarg); break;
		case 'r': ready = optarg; break;
		case 'T': deadline = strtol(optarg, NULL, 10); break;
		default: usage();
		}
	}
	if (!addr || port <= 0 || port > 65535 || deadline < 1 ||
	    deadline > 600)
		usage();
	/* Bounded lifetime whatever the peer does: blocking calls return EINTR
	 * (no SA_RESTART) and every loop checks the flag. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	alarm((unsigned)deadline);

	ss = parse_addr(addr, port, &sl);
	if (optind < argc && strcmp(argv[optind], "refused") == 0) {
		refused_ok = 1;
		optind++;
	}
	if (server) {
		int ls = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);

		if (ls < 0)
			die("socket");
		setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(ls, (struct sockaddr *)&ss, sl) < 0)
			die("bind");
		if (listen(ls, 4) < 0)
			die("listen");
		if (ready) {
			int rf = open(ready, O_WRONLY | O_CREAT | O_TRUNC |
					     O_CLOEXEC, 0644);
			if (rf < 0)
				die("ready file");
			close(rf);
		}
		sock = accept(ls, NULL, NULL);
		if (sock < 0 && expired)
			return 3;
		if (sock < 0)
			die("accept");
		close(ls);
	} else {
		sock = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (sock < 0)
			die("socket");
		if (sport > 0) {
			struct sockaddr_storage ls;
			socklen_t ll;

			setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one,
				   sizeof(one));
			ls = parse_addr(ss.ss_family == AF_INET6 ? "::" :
					"0.0.0.0", sport, &ll);
			if (bind(sock, (struct sockaddr *)&ls, ll) < 0)
				die("bind");
		}
		if (connect(sock, (struct sockaddr *)&ss, sl) < 0) {
			if (refused_ok && errno == ECONNREFUSED)
				return 0;
			if (expired)
				return 3;
			die("connect");
		}
		if (refused_ok) {
			fprintf(stderr, "labpeer: connect was not refused\n");
			return 1;
		}
	}
	for (i = optind; i < argc && !expired; i++)
		do_action(argv[i]);
	if (sock >= 0)
		close(sock);
	return expired ? 3 : 0;
}
