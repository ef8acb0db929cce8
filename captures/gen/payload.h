/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Application payloads that Wireshark decodes cleanly: TLS 1.3 records with
 * opaque (deterministic pseudo-random) contents, and HTTP/1.1 text. */
#ifndef RSTF_GEN_PAYLOAD_H
#define RSTF_GEN_PAYLOAD_H

#include <stddef.h>
#include <stdint.h>

#define TLS_CH_LEN 517          /* a padded ClientHello, as browsers send */
#define TLS_FIN_LEN 64          /* ChangeCipherSpec + encrypted Finished */

size_t tls_client_hello(uint8_t *b, uint32_t seed);
/* ServerHello, ChangeCipherSpec and encrypted EncryptedExtensions,
 * Certificate, CertificateVerify and Finished: `total` bytes. */
size_t tls_server_flight(uint8_t *b, uint32_t seed, size_t total);
size_t tls_client_finished(uint8_t *b, uint32_t seed);
/* One application-data record of `total` bytes, header included. */
size_t tls_app_data(uint8_t *b, uint32_t seed, size_t total);

/* An HTTP/1.1 GET for `path`. */
size_t http_get(uint8_t *b, size_t cap, const char *path);
/* Response headers announcing `content_len`, followed by body bytes up to
 * `total` bytes overall (total 0: the whole body). */
size_t http_response(uint8_t *b, size_t cap, const char *date, size_t content_len,
		     size_t total);
/* IMF-fixdate ("Thu, 13 Mar 2025 14:07:22 GMT") without locale or tz code. */
void http_date(char out[32], uint64_t unix_s);

#endif
