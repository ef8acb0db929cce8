/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef RSTF_GEN_SCENARIOS_H
#define RSTF_GEN_SCENARIOS_H

#include "pkt.h"

struct scenario {
	const char *file;
	void (*run)(struct cap *c, int v6);
	int v6;
};

extern const struct scenario scenarios[];
extern const size_t n_scenarios;

/* Records the ground truth for an RST frame (implemented by the driver).
 * expected: server | midpath | client | unknown; claimed: server | client |
 * unknown. */
void manifest_add(struct cap *c, uint32_t frame, const char *expected,
		  const char *claimed, const char *what);

#endif
