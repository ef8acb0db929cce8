/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Frame building (Ethernet, IPv4/IPv6, TCP, ICMP/ICMPv6) and a classic pcap
 * writer.  Everything is serialised byte by byte so the output does not depend
 * on the host's endianness or struct layout. */
#ifndef RSTF_GEN_PKT_H
#define RSTF_GEN_PKT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define FRAME_MAX 1600

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PSH 0x08
#define TH_ACK 0x10

/* Network layer of one frame.  IPv4 addresses use the first 4 bytes. */
struct l3 {
	int v6;
	const uint8_t *src, *dst;   /* 4 or 16 bytes */
	const uint8_t *smac, *dmac;
	uint8_t ttl;                /* hop limit for IPv6 */
	uint8_t tos;                /* traffic class for IPv6 */
	uint16_t ipid;              /* IPv4 only */
	int df;                     /* IPv4 only */
	uint32_t flow;              /* IPv6 flow label */
};

struct tcp {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	uint16_t win;
	const uint8_t *opt;         /* length a multiple of 4 */
	size_t optlen;
};

/* Big-endian writers and the Internet checksum (RFC 1071): sum16 adds
 * bytes to a running sum, fold turns it into the checksum field's value. */
void be16(uint8_t *p, uint32_t v);
void be32(uint8_t *p, uint32_t v);
uint32_t sum16(uint32_t sum, const uint8_t *p, size_t n);
uint16_t fold(uint32_t sum);

/* Both return the frame length (Ethernet included). */
size_t build_tcp(uint8_t *frame, const struct l3 *ip, const struct tcp *th,
		 const uint8_t *data, size_t len);
/* Any ICMP/ICMPv6 message: rest is the header's second word (echo id and
 * sequence, or unused). */
size_t build_icmp(uint8_t *frame, const struct l3 *ip, uint8_t type, uint8_t code,
		  uint32_t rest, const uint8_t *body, size_t blen);
/* ICMP (type 3) or ICMPv6 (type 1) error quoting an IP packet. */
size_t build_icmp_unreach(uint8_t *frame, const struct l3 *ip, uint8_t code,
			  const uint8_t *quote, size_t qlen);

#define ETH_HLEN 14

/* One output file.  With f == NULL nothing is written (manifest dry run),
 * but frames are still counted. */
struct cap {
	FILE *f;
	const char *name;
	uint32_t frames;
	uint64_t last_t;
	unsigned rsts, tagged;      /* RST segments written / listed in the manifest */
	unsigned jit;               /* position in the delay-variation table */
	size_t slice_data, slice_rst; /* record truncation (truncated.pcap), 0 = off */
	int err;
};

int cap_open(struct cap *c, const char *dir, const char *name);
/* Appends one record; t is nanoseconds since the epoch.  Returns its
 * 1-based frame number. */
uint32_t cap_write(struct cap *c, uint64_t t, const uint8_t *frame, size_t len,
		   size_t caplen);
int cap_close(struct cap *c);

/* Deterministic filler bytes (xorshift32), for opaque payloads and keys. */
void fill_bytes(uint8_t *p, size_t n, uint32_t seed);

#endif
