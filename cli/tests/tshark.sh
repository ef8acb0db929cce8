#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `rstf tshark ARGS`: the real tshark with the plugin loaded, arguments and
# exit status passed through untouched.
. "$(dirname "$0")/lib.sh"
need_plugin

expect_rc 0 "rstf tshark -G plugins" "$RSTF" tshark -G plugins
grep -q '^rstf\.so' <<<"$out" && ok "the plugin is listed" || fail "rstf.so not listed: $out"
# Global options before the word "tshark" are rstf's; after it, tshark's.
expect_rc 0 "rstf tshark -G fields" "$RSTF" tshark -G fields
for f in rstf.verdict rstf.confidence rstf.evidence.reason rstf.window.right; do
	grep -q "	$f	" <<<"$out" || fail "field $f not registered"
done
if [ -f "$CAPS/bigbank-rst.pcap" ]; then
	expect_rc 0 "rstf tshark -r bigbank" "$RSTF" tshark -r "$CAPS/bigbank-rst.pcap" -Y rstf -T fields -e frame.number -e rstf.verdict
	[ "$out" = "12	midpath" ] && ok "passthrough prints the plugin's fields" || fail "passthrough printed '$out'"
fi
run "$RSTF" tshark -r "$TMP/none.pcap"
[ "$rc" -ne 0 ] && [ "$rc" -ne 2 -o -n "$err" ] && ok "tshark's failure passes through (exit $rc)" ||
	fail "missing file through passthrough: exit $rc"
finish
