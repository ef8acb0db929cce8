/* SPDX-License-Identifier: GPL-2.0-or-later */
/* packet-rstf.h - registration entry points, called by plugin.c. */
#ifndef RSTF_PACKET_RSTF_H
#define RSTF_PACKET_RSTF_H

void proto_register_rstf(void);
void proto_reg_handoff_rstf(void);

#endif
