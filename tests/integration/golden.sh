#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every committed capture through tshark + plugin, compared with the golden
# verdict table (frame, verdict, confidence, claimed, evidence).
# UPDATE_GOLDEN=1 rewrites the golden files: review the diff before committing.
BUILD_DIR=$1 SRC_DIR=$2
. "$SRC_DIR/tests/integration/lib.sh"

for pcap in $(captures); do
    name=$(basename "$pcap" .pcap)
    golden="$SRC_DIR/tests/golden/$name.tsv"
    actual=$(verdict_table "$pcap")
    if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
        printf '%s\n' "$actual" >"$golden"
        continue
    fi
    if [ ! -f "$golden" ]; then
        fail "$name: no golden file $golden"
    elif ! diff -u "$golden" <(printf '%s\n' "$actual"); then
        fail "$name: output differs from $golden"
    else
        pass "$name"
    fi
done
finish
