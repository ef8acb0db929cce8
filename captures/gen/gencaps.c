/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rstf-gencaps OUTDIR: writes the lab captures into OUTDIR.
 * rstf-gencaps --manifest: prints captures/manifest.tsv instead.
 * Output is a pure function of this source: fixed timestamps, no clock, no
 * randomness, no locale. */
#include "scenarios.h"

#include <stdio.h>
#include <string.h>

struct row {
	const char *pcap, *expected, *claimed, *what;
	uint32_t frame;
};

static struct row rows[64];
static size_t nrows;

void manifest_add(struct cap *c, uint32_t frame, const char *expected,
		  const char *claimed, const char *what)
{
	if (nrows == sizeof(rows) / sizeof(rows[0])) {
		fprintf(stderr, "rstf-gencaps: manifest full\n");
		c->err = 1;
		return;
	}
	rows[nrows++] = (struct row){ c->name, expected, claimed, what, frame };
	c->tagged++;
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	int status = 0;
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: rstf-gencaps OUTDIR | --manifest\n");
		return 2;
	}
	if (strcmp(argv[1], "--manifest") != 0)
		dir = argv[1];

	for (i = 0; i < n_scenarios; i++) {
		struct cap c;

		if (cap_open(&c, dir, scenarios[i].file) != 0)
			return 1;
		scenarios[i].run(&c, scenarios[i].v6);
		/* Every RST segment written must have a manifest row. */
		if (c.rsts != c.tagged) {
			fprintf(stderr, "rstf-gencaps: %s: %u RST segments, %u manifest rows\n",
				c.name, c.rsts, c.tagged);
			c.err = 1;
		}
		if (cap_close(&c) != 0)
			status = 1;
	}
	if (!dir) {
		printf("pcap\tframe\texpected\tclaimed\tscenario\n");
		for (i = 0; i < nrows; i++)
			printf("%s\t%u\t%s\t%s\t%s\n", rows[i].pcap, (unsigned)rows[i].frame,
			       rows[i].expected, rows[i].claimed, rows[i].what);
		if (fflush(stdout) != 0 || ferror(stdout))
			status = 1;
	}
	return status;
}
