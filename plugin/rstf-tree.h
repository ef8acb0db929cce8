/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rstf-tree.h - a verdict shown as tree items, expert info and Info column.
 */
#ifndef RSTF_TREE_H
#define RSTF_TREE_H

#include <epan/packet.h>

#include "rstf-state.h"

/* proto_register: fields, subtrees and expert infos of protocol `proto`. */
void rstf_tree_register(int proto);

/* Whether anyone reads the evidence text on this pass: a tree someone
 * looks at (tshark -V, -T pdml/json, the GUI's details pane) or a filter,
 * column or -e naming an evidence field.  Otherwise the verdict is
 * computed without it (rstf_classify_without_reasons()). */
bool rstf_tree_wants_reasons(proto_tree *tree);

/* Every pass, tree may be NULL: expert info and Info column still happen. */
void rstf_tree_show(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                    const struct rstf_shown *shown);

#endif
