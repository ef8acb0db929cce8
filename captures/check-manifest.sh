#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: check-manifest.sh CAPTURES_DIR
# Checks with tshark that CAPTURES_DIR/manifest.tsv lists exactly the TCP RST
# segments of every CAPTURES_DIR/*.pcap (RST headers quoted inside ICMP
# errors are not segments and must not be listed), and that its rows are
# well formed.  Exits 77 (skip) when tshark is not installed.
set -u
if [ $# -ne 1 ]; then
	echo "usage: $0 CAPTURES_DIR" >&2
	exit 2
fi
if ! command -v tshark >/dev/null 2>&1; then
	echo "SKIP: tshark not found"
	exit 77
fi
dir=$1
m=$dir/manifest.tsv
tab=$(printf '\t')
status=0

if [ "$(head -n 1 "$m")" != "pcap${tab}frame${tab}expected${tab}claimed${tab}scenario" ]; then
	echo "FAIL: $m: bad header line"
	status=1
fi
bad=$(awk -F '\t' 'NR > 1 && (NF != 5 || $2 !~ /^[1-9][0-9]*$/ ||
	$3 !~ /^(server|midpath|client|unknown)$/ ||
	$4 !~ /^(server|client|unknown)$/ || $5 == "") { print "line " NR ": " $0 }' "$m")
if [ -n "$bad" ]; then
	echo "FAIL: malformed manifest rows:"
	echo "$bad"
	status=1
fi
for p in $(awk -F '\t' 'NR > 1 { print $1 }' "$m" | sort -u); do
	if [ ! -f "$dir/$p" ]; then
		echo "FAIL: manifest names $p, which does not exist"
		status=1
	fi
done

for f in "$dir"/*.pcap; do
	[ -e "$f" ] || continue
	name=${f##*/}
	if ! got=$(tshark -n -r "$f" -Y 'tcp.flags.reset == 1 && !icmp && !icmpv6' \
		-T fields -e frame.number 2>/dev/null); then
		echo "FAIL: tshark could not read $name"
		status=1
		continue
	fi
	got=$(printf '%s\n' "$got" | sort -n | awk 'NF { printf "%s ", $1 }')
	want=$(awk -F '\t' -v p="$name" 'NR > 1 && $1 == p { print $2 }' "$m" |
		sort -n | awk 'NF { printf "%s ", $1 }')
	if [ "$got" != "$want" ]; then
		echo "FAIL: $name: RST frames [ $got] but manifest lists [ $want]"
		status=1
	else
		echo "ok: $name: [ $got]"
	fi
done
exit "$status"
