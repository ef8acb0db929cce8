#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Ground truth: every RST the manifest lists gets the manifest's verdict and
# claimed sender, and the plugin reports no RST the manifest does not list
# (an ICMP-quoted RST is not a segment).
BUILD_DIR=$1 SRC_DIR=$2
. "$SRC_DIR/tests/integration/lib.sh"

for pcap in $(captures); do
    name=$(basename "$pcap")
    want=$(manifest_rows "$pcap" | sort -n)
    got=$(verdict_table "$pcap" | cut -f1,2,4 | sort -n)
    if [ "$want" = "$got" ]; then
        pass "$name: $(printf '%s\n' "$want" | grep -c . || true) RST(s) as labelled"
    else
        fail "$name: verdicts differ from the manifest"
        diff -u <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/    /' >&2 || true
    fi
done
finish
