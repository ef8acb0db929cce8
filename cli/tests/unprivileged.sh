#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Privileges: as root, tshark ignores personal plugin folders, so rstf runs
# the dissecting tshark as nobody and hands it the capture on stdin (a file
# only root can read must still work); as an ordinary user rstf runs tshark
# as that user.  Both must give the same answers.
. "$(dirname "$0")/lib.sh"
need_plugin
need_captures bigbank-rst.pcap server-rst.pcap
# rstf's own temporary folders go here, to check none is left behind.
mkdir -m 755 "$TMP/tmpdir"
export TMPDIR=$TMP/tmpdir

"$RSTF" --json pcap "$CAPS/bigbank-rst.pcap" >"$TMP/ref.json"
ref_rc=$?
[ $ref_rc -eq 2 ] || fail "reference run: exit $ref_rc"

if [ "$(id -u)" -eq 0 ]; then
	# A capture only root may read: tshark (as nobody) gets the descriptor.
	cp "$CAPS/bigbank-rst.pcap" "$TMP/root-only.pcap"
	chmod 600 "$TMP/root-only.pcap"
	expect_rc 2 "root: a root-only capture" "$RSTF" pcap "$TMP/root-only.pcap"
	gzip -c "$CAPS/bigbank-rst.pcap" >"$TMP/root-only.pcap.gz"
	chmod 600 "$TMP/root-only.pcap.gz"
	expect_rc 2 "root: a root-only gzipped capture" "$RSTF" pcap "$TMP/root-only.pcap.gz"
	run "$RSTF" --version
	grep -q 'run as user nobody\|(installed)' <<<"$out" && ok "root: $(printf '%s\n' "$out" | grep '^plugin')" ||
		fail "root: --version does not say how the plugin runs: $out"
	# Passthrough with a root-only -r file.
	expect_rc 0 "root: rstf tshark -r root-only file" "$RSTF" tshark -r "$TMP/root-only.pcap" -Y rstf -T fields -e rstf.verdict
	[ "$out" = midpath ] && ok "passthrough sees the plugin's verdict" || fail "passthrough printed '$out'"

	command -v setpriv >/dev/null 2>&1 || skip "no setpriv to become an unprivileged user"
	# The binary and captures must be reachable by nobody.
	as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$TMP/nobody-home" "$@"; }
	mkdir -p "$TMP/nobody-home"
	chown 65534:65534 "$TMP/nobody-home"
	if ! as_nobody test -x "$RSTF" || ! as_nobody test -r "$CAPS/bigbank-rst.pcap"; then
		skip "user nobody cannot reach $RSTF or the captures"
	fi
	run as_nobody "$RSTF" --json pcap "$CAPS/bigbank-rst.pcap"
	if [ "$rc" -eq 2 ] && [ "$out" = "$(cat "$TMP/ref.json")" ]; then
		ok "as nobody: same JSON and exit 2 as root"
	else
		fail "as nobody: exit $rc, stderr '$err', output differs: $(diff <(printf '%s\n' "$out") "$TMP/ref.json" | head -5)"
	fi
	expect_rc 0 "as nobody: server-rst" as_nobody "$RSTF" pcap "$CAPS/server-rst.pcap"
	run as_nobody "$RSTF" --version
	grep -q 'run as user nobody' <<<"$out" && fail "as nobody: claims to drop privileges: $out" ||
		ok "as nobody: tshark runs as the user ($(printf '%s\n' "$out" | grep '^plugin'))"
	# A file nobody cannot read: a clear message, exit 1.
	expect_rc 1 "as nobody: unreadable file" as_nobody "$RSTF" pcap "$TMP/root-only.pcap"
	expect_err "permission denied" "as nobody: unreadable file"
	# Live capture without privileges: exit 1 naming the fix.
	expect_rc 1 "as nobody: live capture" as_nobody "$RSTF" live -i lo --duration 1
	expect_err "no capture privilege on lo.*setcap" "as nobody: live capture"
else
	expect_rc 2 "unprivileged user: bigbank" "$RSTF" pcap "$CAPS/bigbank-rst.pcap"
fi
left=$(ls -A "$TMPDIR")
[ -z "$left" ] && ok "no temporary folder left behind" || fail "left behind in TMPDIR: $left"
finish
