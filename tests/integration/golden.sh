#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every committed capture through tshark + plugin, compared with the golden
# verdict table (frame, verdict, confidence, claimed, evidence).
# UPDATE_GOLDEN=1 rewrites the golden files: review the diff before committing.
BUILD_DIR=$1 SRC_DIR=$2
. "$SRC_DIR/tests/integration/lib.sh"

compare_golden "$SRC_DIR/tests/golden" verdict_table
finish
