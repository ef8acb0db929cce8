#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Setup errors: exit 1 with one stderr line that names the problem and the
# fix, and nothing on stdout.
. "$(dirname "$0")/lib.sh"

expect_rc 1 "missing file" "$RSTF" pcap "$TMP/does-not-exist.pcap"
expect_err 'does-not-exist.pcap: no such file' "missing file"
[ -z "$out" ] || fail "missing file: stdout not empty"

expect_rc 1 "missing tshark (RSTF_TSHARK)" env RSTF_TSHARK=/nonexistent "$RSTF" pcap "$SRC/LICENSE"
expect_err "tshark not found at RSTF_TSHARK=/nonexistent.*apt-get install tshark" "missing tshark (RSTF_TSHARK)"

# PATH without tshark (a folder with only what rstf itself needs: nothing).
mkdir "$TMP/emptybin"
expect_rc 1 "missing tshark (PATH)" env PATH="$TMP/emptybin" "$RSTF" pcap "$SRC/LICENSE"
expect_err "tshark not found in PATH: install it with 'apt-get install tshark'" "missing tshark (PATH)"

# A tshark that is not one.
printf '#!/bin/sh\necho "not a tshark"\n' >"$TMP/emptybin/tshark"
chmod 755 "$TMP/emptybin/tshark"
expect_rc 1 "fake tshark" env RSTF_TSHARK="$TMP/emptybin/tshark" "$RSTF" pcap "$SRC/LICENSE"
expect_err "cannot read the version" "fake tshark"

expect_rc 1 "no mode" "$RSTF"
expect_err "no mode given" "no mode"
expect_rc 1 "unknown mode" "$RSTF" frobnicate
expect_err "unknown mode 'frobnicate'" "unknown mode"
expect_rc 1 "unknown option" "$RSTF" pcap --frobnicate x
expect_err "unknown option '--frobnicate'" "unknown option"
expect_rc 1 "bad --min-confidence" "$RSTF" pcap --min-confidence 1.5 x
expect_err "min-confidence wants a number from 0 to 1" "bad --min-confidence"
expect_rc 1 "pcap without files" "$RSTF" pcap
expect_rc 1 "live without -i" "$RSTF" live
expect_err "needs -i IFACE" "live without -i"
expect_rc 1 "probe without port" "$RSTF" probe localhost
expect_rc 1 "misplaced option" "$RSTF" pcap --duration 3 x
expect_err "does not apply to pcap" "misplaced option"
expect_rc 1 "bad --plugin-dir" "$RSTF" --plugin-dir "$TMP/emptybin" pcap "$SRC/LICENSE"
expect_err "no rstf plugin for Wireshark" "bad --plugin-dir"

expect_rc 0 "--help" "$RSTF" --help
grep -q '^usage: rstf' <<<"$out" || fail "--help: no usage"
expect_rc 0 "--version" "$RSTF" --version
grep -q '^rstf [0-9]' <<<"$out" || fail "--version: no version: $out"

# The rest needs tshark and the plugin.
need_plugin
expect_rc 1 "not a capture (README)" "$RSTF" pcap "$SRC/LICENSE"
expect_err "LICENSE: not a capture file tshark understands" "not a capture"
[ -z "$out" ] || fail "not a capture: stdout not empty"
if [ -f "$CAPS/server-rst.pcap" ]; then
	# One bad file among good ones: still exit 1, and no partial output.
	expect_rc 1 "good file then a bad one" "$RSTF" --json pcap "$CAPS/server-rst.pcap" "$SRC/LICENSE"
	[ -z "$out" ] && ok "no partial JSON on error" || fail "partial output on error: $out"
fi
expect_rc 1 "a folder" "$RSTF" pcap "$TMP"
expect_err "is a folder" "a folder"
if [ "$(id -u)" -ne 0 ]; then
	cp "$SRC/LICENSE" "$TMP/secret"
	chmod 000 "$TMP/secret"
	expect_rc 1 "unreadable file" "$RSTF" pcap "$TMP/secret"
	expect_err "permission denied" "unreadable file"
fi
finish
