/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "payload.h"
#include "pkt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct w {
	uint8_t *p;
	size_t n;
	uint32_t seed;
};

static void w8(struct w *w, unsigned v)
{
	w->p[w->n++] = (uint8_t)v;
}

static void w16(struct w *w, unsigned v)
{
	w8(w, v >> 8);
	w8(w, v);
}

static void wstr(struct w *w, const char *s)
{
	size_t l = strlen(s);

	memcpy(w->p + w->n, s, l);
	w->n += l;
}

static void wrand(struct w *w, size_t n)
{
	fill_bytes(w->p + w->n, n, w->seed++);
	w->n += n;
}

/* Length fields are written as placeholders and patched once known. */
static size_t mark(struct w *w, unsigned bytes)
{
	size_t at = w->n;

	while (bytes--)
		w8(w, 0);
	return at;
}

static void patch(struct w *w, size_t at, unsigned bytes)
{
	size_t v = w->n - at - bytes;

	for (unsigned i = 0; i < bytes; i++)
		w->p[at + i] = (uint8_t)(v >> 8 * (bytes - 1 - i));
}

size_t tls_client_hello(uint8_t *b, uint32_t seed)
{
	static const uint16_t suites[] = {
		0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9,
		0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035,
	};
	static const uint16_t sigalgs[] = {
		0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601,
	};
	struct w w = { b, 0, seed };
	size_t rec, hs, ext, l1, l2;
	size_t i;
	long pad;

	w8(&w, 0x16);
	w16(&w, 0x0301);
	rec = mark(&w, 2);
	w8(&w, 1);
	hs = mark(&w, 3);
	w16(&w, 0x0303);
	wrand(&w, 32);
	w8(&w, 32);
	wrand(&w, 32);
	w16(&w, sizeof(suites));
	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++)
		w16(&w, suites[i]);
	w8(&w, 1);
	w8(&w, 0);
	ext = mark(&w, 2);
	w16(&w, 0x0000);            /* server_name */
	l1 = mark(&w, 2);
	l2 = mark(&w, 2);
	w8(&w, 0);
	w16(&w, 15);
	wstr(&w, "api.example.com");
	patch(&w, l2, 2);
	patch(&w, l1, 2);
	w16(&w, 0x0017);            /* extended_master_secret */
	w16(&w, 0);
	w16(&w, 0xff01);            /* renegotiation_info */
	w16(&w, 1);
	w8(&w, 0);
	w16(&w, 0x000a);            /* supported_groups: x25519, P-256, P-384 */
	w16(&w, 8);
	w16(&w, 6);
	w16(&w, 0x001d);
	w16(&w, 0x0017);
	w16(&w, 0x0018);
	w16(&w, 0x000b);            /* ec_point_formats */
	w16(&w, 2);
	w8(&w, 1);
	w8(&w, 0);
	w16(&w, 0x0023);            /* session_ticket */
	w16(&w, 0);
	w16(&w, 0x0010);            /* ALPN: h2, http/1.1 */
	w16(&w, 14);
	w16(&w, 12);
	w8(&w, 2);
	wstr(&w, "h2");
	w8(&w, 8);
	wstr(&w, "http/1.1");
	w16(&w, 0x000d);            /* signature_algorithms */
	w16(&w, 2 + sizeof(sigalgs));
	w16(&w, sizeof(sigalgs));
	for (i = 0; i < sizeof(sigalgs) / sizeof(sigalgs[0]); i++)
		w16(&w, sigalgs[i]);
	w16(&w, 0x002b);            /* supported_versions: 1.3, 1.2 */
	w16(&w, 5);
	w8(&w, 4);
	w16(&w, 0x0304);
	w16(&w, 0x0303);
	w16(&w, 0x002d);            /* psk_key_exchange_modes */
	w16(&w, 2);
	w8(&w, 1);
	w8(&w, 1);
	w16(&w, 0x0033);            /* key_share: x25519 */
	w16(&w, 38);
	w16(&w, 36);
	w16(&w, 0x001d);
	w16(&w, 32);
	wrand(&w, 32);
	pad = (long)TLS_CH_LEN - (long)w.n - 4;
	if (pad < 0)
		abort();
	w16(&w, 0x0015);            /* padding (RFC 7685) up to 512-byte handshake */
	w16(&w, (unsigned)pad);
	memset(b + w.n, 0, (size_t)pad);
	w.n += (size_t)pad;
	patch(&w, ext, 2);
	patch(&w, hs, 3);
	patch(&w, rec, 2);
	return w.n;
}

static void app_record(struct w *w, size_t payload)
{
	w8(w, 0x17);
	w16(w, 0x0303);
	w16(w, (unsigned)payload);
	wrand(w, payload);
}

static void ccs(struct w *w)
{
	w8(w, 0x14);
	w16(w, 0x0303);
	w16(w, 1);
	w8(w, 1);
}

size_t tls_server_flight(uint8_t *b, uint32_t seed, size_t total)
{
	/* Encrypted record payloads: EncryptedExtensions, CertificateVerify
	 * (RSA-2048) and Finished; the Certificate record takes the rest. */
	static const size_t ee = 40, cv = 281, fin = 53;
	struct w w = { b, 0, seed };
	size_t rec, hs, ext, used;

	w8(&w, 0x16);
	w16(&w, 0x0303);
	rec = mark(&w, 2);
	w8(&w, 2);
	hs = mark(&w, 3);
	w16(&w, 0x0303);
	wrand(&w, 32);
	w8(&w, 32);
	wrand(&w, 32);
	w16(&w, 0x1301);            /* TLS_AES_128_GCM_SHA256 */
	w8(&w, 0);
	ext = mark(&w, 2);
	w16(&w, 0x002b);
	w16(&w, 2);
	w16(&w, 0x0304);
	w16(&w, 0x0033);
	w16(&w, 36);
	w16(&w, 0x001d);
	w16(&w, 32);
	wrand(&w, 32);
	patch(&w, ext, 2);
	patch(&w, hs, 3);
	patch(&w, rec, 2);
	ccs(&w);
	used = w.n + 4 * 5 + ee + cv + fin;
	if (total < used + 1000)
		abort();
	app_record(&w, ee);
	app_record(&w, total - used);
	app_record(&w, cv);
	app_record(&w, fin);
	return w.n;
}

size_t tls_client_finished(uint8_t *b, uint32_t seed)
{
	struct w w = { b, 0, seed };

	ccs(&w);
	app_record(&w, TLS_FIN_LEN - 11);
	return w.n;
}

size_t tls_app_data(uint8_t *b, uint32_t seed, size_t total)
{
	struct w w = { b, 0, seed };

	app_record(&w, total - 5);
	return w.n;
}

size_t http_get(uint8_t *b, size_t cap, const char *path)
{
	int n = snprintf((char *)b, cap,
			 "GET %s HTTP/1.1\r\n"
			 "Host: api.example.com\r\n"
			 "User-Agent: curl/7.88.1\r\n"
			 "Accept: */*\r\n"
			 "\r\n", path);

	if (n < 0 || (size_t)n >= cap)
		abort();
	return (size_t)n;
}

size_t http_response(uint8_t *b, size_t cap, const char *date, size_t content_len,
		     size_t total)
{
	int n = snprintf((char *)b, cap,
			 "HTTP/1.1 200 OK\r\n"
			 "Server: nginx\r\n"
			 "Date: %s\r\n"
			 "Content-Type: text/csv\r\n"
			 "Content-Length: %zu\r\n"
			 "Connection: keep-alive\r\n"
			 "\r\n", date, content_len);
	size_t len, i;

	if (n < 0 || (size_t)n >= cap)
		abort();
	len = (size_t)n;
	if (!total)
		total = len + content_len;
	if (total > cap || total > len + content_len)
		abort();
	/* CSV rows; the last one may be cut where the body (or write) ends. */
	for (i = 0; len < total; i++) {
		char row[64];
		int r = snprintf(row, sizeof(row), "%zu,ACC-%06zu,%zu.%02zu\n",
				 100000 + i, (i * 7919) % 1000000, (i * 104729) % 9000 + 10,
				 i * 37 % 100);
		size_t k = (size_t)r < total - len ? (size_t)r : total - len;

		memcpy(b + len, row, k);
		len += k;
	}
	return len;
}

void http_date(char out[32], uint64_t unix_s)
{
	static const char wd[][4] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
	static const char mo[][4] = { "Mar", "Apr", "May", "Jun", "Jul", "Aug",
				      "Sep", "Oct", "Nov", "Dec", "Jan", "Feb" };
	/* days -> civil date (H. Hinnant's algorithm, months counted from March) */
	uint64_t days = unix_s / 86400, sod = unix_s % 86400;
	uint64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
	uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	uint64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
	uint64_t y = yoe + era * 400 + (mp >= 10);

	snprintf(out, 32, "%s, %02u %s %04u %02u:%02u:%02u GMT", wd[days % 7],
		 (unsigned)d, mo[mp], (unsigned)y, (unsigned)(sod / 3600),
		 (unsigned)(sod / 60 % 60), (unsigned)(sod % 60));
}
