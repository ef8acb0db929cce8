/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pkt.h"

#include <stdlib.h>
#include <string.h>

void be16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

void be32(uint8_t *p, uint32_t v)
{
	be16(p, v >> 16);
	be16(p + 2, v);
}

static void le16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void le32(uint8_t *p, uint32_t v)
{
	le16(p, v);
	le16(p + 2, v >> 16);
}

uint32_t sum16(uint32_t sum, const uint8_t *p, size_t n)
{
	for (; n > 1; p += 2, n -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (n)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Pseudo-header sum for the TCP and ICMPv6 checksums (RFC 793, RFC 8200). */
static uint32_t pseudo(const struct l3 *ip, uint8_t proto, size_t l4len)
{
	uint8_t ph[40];
	size_t alen = ip->v6 ? 16 : 4;

	memcpy(ph, ip->src, alen);
	memcpy(ph + alen, ip->dst, alen);
	if (ip->v6) {
		be32(ph + 32, (uint32_t)l4len);
		be32(ph + 36, proto);
		return sum16(0, ph, 40);
	}
	ph[8] = 0;
	ph[9] = proto;
	be16(ph + 10, (uint32_t)l4len);
	return sum16(0, ph, 12);
}

/* Writes Ethernet + IP headers, returns the offset of the L4 header. */
static size_t put_l3(uint8_t *f, const struct l3 *ip, uint8_t proto, size_t l4len)
{
	uint8_t *h = f + ETH_HLEN;

	memcpy(f, ip->dmac, 6);
	memcpy(f + 6, ip->smac, 6);
	if (ip->v6) {
		be16(f + 12, 0x86dd);
		be32(h, 6u << 28 | (uint32_t)ip->tos << 20 | (ip->flow & 0xfffff));
		be16(h + 4, (uint32_t)l4len);
		h[6] = proto;
		h[7] = ip->ttl;
		memcpy(h + 8, ip->src, 16);
		memcpy(h + 24, ip->dst, 16);
		return ETH_HLEN + 40;
	}
	be16(f + 12, 0x0800);
	h[0] = 0x45;
	h[1] = ip->tos;
	be16(h + 2, (uint32_t)(20 + l4len));
	be16(h + 4, ip->ipid);
	be16(h + 6, ip->df ? 0x4000 : 0);
	h[8] = ip->ttl;
	h[9] = proto;
	be16(h + 10, 0);
	memcpy(h + 12, ip->src, 4);
	memcpy(h + 16, ip->dst, 4);
	be16(h + 10, fold(sum16(0, h, 20)));
	return ETH_HLEN + 20;
}

size_t build_tcp(uint8_t *frame, const struct l3 *ip, const struct tcp *th,
		 const uint8_t *data, size_t len)
{
	size_t hl = 20 + th->optlen;
	size_t off = put_l3(frame, ip, 6, hl + len);
	uint8_t *t = frame + off;

	if (th->optlen % 4 || off + hl + len > FRAME_MAX)
		abort();
	be16(t, th->sport);
	be16(t + 2, th->dport);
	be32(t + 4, th->seq);
	be32(t + 8, th->ack);
	t[12] = (uint8_t)(hl / 4 << 4);
	t[13] = th->flags;
	be16(t + 14, th->win);
	be16(t + 16, 0);
	be16(t + 18, 0);
	if (th->optlen)
		memcpy(t + 20, th->opt, th->optlen);
	if (len)
		memcpy(t + hl, data, len);
	be16(t + 16, fold(sum16(pseudo(ip, 6, hl + len), t, hl + len)));
	return off + hl + len;
}

size_t build_icmp(uint8_t *frame, const struct l3 *ip, uint8_t type, uint8_t code,
		  uint32_t rest, const uint8_t *body, size_t blen)
{
	uint8_t proto = ip->v6 ? 58 : 1;
	size_t off = put_l3(frame, ip, proto, 8 + blen);
	uint8_t *m = frame + off;
	uint32_t sum;

	if (off + 8 + blen > FRAME_MAX)
		abort();
	m[0] = type;
	m[1] = code;
	be16(m + 2, 0);             /* checksum, filled below */
	be16(m + 4, (uint16_t)(rest >> 16));
	be16(m + 6, (uint16_t)rest);
	memcpy(m + 8, body, blen);
	sum = ip->v6 ? pseudo(ip, proto, 8 + blen) : 0;
	be16(m + 2, fold(sum16(sum, m, 8 + blen)));
	return off + 8 + blen;
}

size_t build_icmp_unreach(uint8_t *frame, const struct l3 *ip, uint8_t code,
			  const uint8_t *quote, size_t qlen)
{
	return build_icmp(frame, ip, ip->v6 ? 1 : 3, code, 0, quote, qlen);
}

int cap_open(struct cap *c, const char *dir, const char *name)
{
	uint8_t h[24];

	memset(c, 0, sizeof(*c));
	c->name = name;
	if (!dir)
		return 0;
	{
		char path[4096];

		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
			return -1;
		c->f = fopen(path, "wb");
		if (!c->f) {
			perror(path);
			return -1;
		}
	}
	le32(h, 0xa1b23c4d);        /* nanosecond timestamps */
	le16(h + 4, 2);
	le16(h + 6, 4);
	le32(h + 8, 0);             /* thiszone */
	le32(h + 12, 0);            /* sigfigs */
	le32(h + 16, 262144);       /* snaplen */
	le32(h + 20, 1);            /* LINKTYPE_ETHERNET */
	if (fwrite(h, sizeof(h), 1, c->f) != 1)
		c->err = 1;
	return 0;
}

uint32_t cap_write(struct cap *c, uint64_t t, const uint8_t *frame, size_t len,
		   size_t caplen)
{
	uint8_t r[16];

	/* Scenario bugs, not I/O errors: records must be in capture order. */
	if (t < c->last_t || caplen > len || caplen == 0)
		abort();
	c->last_t = t;
	if (c->f) {
		le32(r, (uint32_t)(t / 1000000000u));
		le32(r + 4, (uint32_t)(t % 1000000000u));
		le32(r + 8, (uint32_t)caplen);
		le32(r + 12, (uint32_t)len);
		if (fwrite(r, sizeof(r), 1, c->f) != 1 || fwrite(frame, caplen, 1, c->f) != 1)
			c->err = 1;
	}
	return ++c->frames;
}

int cap_close(struct cap *c)
{
	if (c->f && fclose(c->f) != 0)
		c->err = 1;
	c->f = NULL;
	if (c->err)
		fprintf(stderr, "rstf-gencaps: write error on %s\n", c->name);
	return c->err ? -1 : 0;
}

void fill_bytes(uint8_t *p, size_t n, uint32_t seed)
{
	uint32_t x = seed ? seed : 0x9e3779b9u;

	while (n--) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		*p++ = (uint8_t)(x >> 11);
	}
}
