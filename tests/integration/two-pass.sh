#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Verdicts are computed on the first pass and cached per frame, so tshark's
# two-pass mode (like the GUI re-dissecting a clicked packet) shows the same.
BUILD_DIR=$1 SRC_DIR=$2
. "$SRC_DIR/tests/integration/lib.sh"

for pcap in $(captures); do
    name=$(basename "$pcap")
    one=$(verdict_table "$pcap")
    two=$(verdict_table "$pcap" -2)
    if [ "$one" = "$two" ]; then
        pass "$name"
    else
        fail "$name: single pass and -2 differ"
        diff -u <(printf '%s\n' "$one") <(printf '%s\n' "$two") | sed 's/^/    /' >&2 || true
    fi
    # The whole detail view too, not only the fields we picked.
    v1=$(rstf_tshark -r "$pcap" -Y rstf -O rstf -V | sed -n '/^RST Forensics/,/^[^ ]/p')
    v2=$(rstf_tshark -r "$pcap" -2 -Y rstf -O rstf -V | sed -n '/^RST Forensics/,/^[^ ]/p')
    [ "$v1" = "$v2" ] || fail "$name: the RST Forensics tree differs under -2"
done
finish
