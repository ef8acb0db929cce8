/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-stats.h - the "RST Forensics" statistics tree (tshark -z rstf,tree,
 * Statistics -> RST Forensics): listens to the "rstf" tap.
 */
#ifndef RSTF_STATS_H
#define RSTF_STATS_H

/* Called by Wireshark's tap plugin registration. */
void rstf_stats_register(void);

#endif
