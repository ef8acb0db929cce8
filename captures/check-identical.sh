#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# usage: check-identical.sh GENERATOR COMMITTED_DIR
# Runs the generator into a fresh directory and checks that it reproduces
# the committed captures byte for byte: same set of files, same bytes, and
# the same manifest.tsv (GENERATOR --manifest).  Exits non-zero on any
# difference, naming the file.
set -u
if [ $# -ne 2 ]; then
	echo "usage: $0 GENERATOR COMMITTED_DIR" >&2
	exit 2
fi
gen=$1
committed=$2

out=$(mktemp -d "${TMPDIR:-/tmp}/rstf-gencaps.XXXXXX") || exit 1
mkdir "$out/pcaps" || exit 1
if ! "$gen" "$out/pcaps"; then
	echo "FAIL: $gen exited non-zero (output in $out)"
	exit 1
fi

status=0
n=0
for f in "$out"/pcaps/*; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	name=${f##*/}
	if [ ! -f "$committed/$name" ]; then
		echo "FAIL: $name is generated but not committed"
		status=1
	elif ! cmp "$f" "$committed/$name"; then
		echo "FAIL: $name differs from the committed file"
		status=1
	fi
done
if [ "$n" -eq 0 ]; then
	echo "FAIL: the generator wrote no files"
	status=1
fi
for f in "$committed"/*.pcap; do
	[ -e "$f" ] || continue
	if [ ! -e "$out/pcaps/${f##*/}" ]; then
		echo "FAIL: ${f##*/} is committed but no longer generated"
		status=1
	fi
done

if ! "$gen" --manifest >"$out/manifest.tsv"; then
	echo "FAIL: $gen --manifest exited non-zero"
	status=1
elif ! cmp "$out/manifest.tsv" "$committed/manifest.tsv"; then
	echo "FAIL: manifest.tsv differs from '$gen --manifest':"
	diff "$committed/manifest.tsv" "$out/manifest.tsv"
	status=1
fi

if [ "$status" -eq 0 ]; then
	echo "OK: $n captures and manifest.tsv identical"
	rm -rf "$out"
else
	echo "generated files kept in $out"
fi
exit "$status"
