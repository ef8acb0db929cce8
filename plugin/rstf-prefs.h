/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-prefs.h - every field of struct rstf_config as a Wireshark
 * preference of the "rstf" protocol (Preferences -> Protocols -> RSTF,
 * tshark -o rstf.NAME:VALUE).
 */
#ifndef RSTF_PREFS_H
#define RSTF_PREFS_H

#include "rstf/config.h"

/*
 * proto_register: register the preferences with `cfg`'s current values as
 * their defaults; from then on Wireshark's apply step writes into *cfg.
 */
void rstf_prefs_register(int proto, struct rstf_config *cfg);

#endif
