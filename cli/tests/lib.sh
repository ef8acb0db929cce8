# SPDX-License-Identifier: GPL-2.0-or-later
# Shared helpers for the cli.* tests (sourced, bash).  Environment from
# CTest: RSTF (the binary under test).  The source tree is found from here.
# Exit status: 0 pass, 1 fail, 77 skip.

set -u
RSTF=${RSTF:?RSTF must name the rstf binary}
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CAPS=$SRC/captures
failures=0
TMP=$(mktemp -d "${TMPDIR:-/tmp}/rstf-test.XXXXXX")
chmod 755 "$TMP"
# Tests must not depend on the caller's colours or tool overrides
# (RSTF_PLUGIN_DIR stays: it chooses the plugin under test).
unset NO_COLOR RSTF_TSHARK RSTF_DUMPCAP
cleanup_hooks=()
cleanup() {
	local h
	for h in "${cleanup_hooks[@]}"; do
		$h || true
	done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ok() { echo "ok: $*"; }
fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}
skip() {
	echo "SKIP: $*"
	exit 77
}
finish() {
	if [ "$failures" -ne 0 ]; then
		echo "$failures check(s) failed"
		exit 1
	fi
	exit 0
}

# run CMD...: sets $rc, $out (stdout), $err (stderr).
run() {
	"$@" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	out=$(cat "$TMP/out")
	err=$(cat "$TMP/err")
}

# expect_rc WANT DESCRIPTION CMD...
expect_rc() {
	local want=$1 what=$2
	shift 2
	run "$@"
	if [ "$rc" -eq "$want" ]; then
		ok "$what: exit $rc"
	else
		fail "$what: exit $rc, want $want; stderr: $err"
	fi
}

# expect_err PATTERN DESCRIPTION: stderr of the last run is one line matching it.
expect_err() {
	local lines
	lines=$(printf '%s\n' "$err" | grep -c .)
	if [ "$lines" -eq 1 ] && grep -q -- "$1" <<<"$err"; then
		ok "$2: message '$err'"
	else
		fail "$2: want one stderr line matching '$1', got: $err"
	fi
}

need_plugin() {
	if ! "$RSTF" --version 2>"$TMP/verr" | grep -q '^plugin '; then
		skip "the rstf plugin does not load: $(cat "$TMP/verr")"
	fi
}

need_captures() {
	[ -f "$CAPS/manifest.tsv" ] || skip "no captures/manifest.tsv yet"
	for f in "$@"; do
		[ -f "$CAPS/$f" ] || skip "no captures/$f yet"
	done
}

have_python() { command -v python3 >/dev/null 2>&1; }

# json_check FILE PYTHON-EXPRESSIONS: a strict parse, then the checks (the
# document is `d`); prints what fails.  Returns 0 when python3 is missing.
json_check() {
	local file=$1 code=$2
	have_python || return 0
	python3 - "$file" <<EOF
import json, sys
def strict_const(c):
    raise ValueError("non-standard JSON constant " + c)
with open(sys.argv[1], encoding="utf-8") as fh:
    d = json.load(fh, parse_constant=strict_const)
$code
EOF
}

need_root_netns() {
	[ "$(id -u)" -eq 0 ] || skip "needs root for network namespaces"
	command -v ip >/dev/null 2>&1 || skip "no ip(8)"
	local probe=rstf-probe-$$
	ip netns add "$probe" 2>/dev/null || skip "ip netns does not work here"
	ip netns del "$probe"
}

# Network namespaces named with this shell's PID; removed on exit.
NETNS=()
netns_cleanup() {
	local n
	for n in "${NETNS[@]}"; do
		ip netns pids "$n" 2>/dev/null | while read -r p; do kill "$p" 2>/dev/null; done
		ip netns del "$n" 2>/dev/null
	done
	NETNS=()
}
cleanup_hooks+=(netns_cleanup)

netns_new() {
	ip netns add "$1" || return 1
	NETNS+=("$1")
	ip -n "$1" link set lo up
}

# veth A-IFACE in NS1 <-> B-IFACE in NS2, both up.
netns_link() {
	ip -n "$1" link add "$2" type veth peer name "$4" netns "$3" &&
		ip -n "$1" link set "$2" up && ip -n "$3" link set "$4" up
}

# A TCP listener in a namespace that answers one line per connection, for at
# most $4 seconds (python3; returns 1 when it is missing).
# netns_pair: client namespace $C (10.99.1.1) and server namespace $S
# (10.99.1.2) on one veth pair; skips the test if namespaces cannot be made.
netns_pair() {
	C=rstf-c-$$ S=rstf-s-$$
	netns_new "$C" && netns_new "$S" || skip "cannot create network namespaces"
	netns_link "$C" eth0 "$S" eth0 || skip "cannot create a veth pair"
	ip -n "$C" addr add 10.99.1.1/24 dev eth0
	ip -n "$S" addr add 10.99.1.2/24 dev eth0
}

netns_listener() {
	local ns=$1 addr=$2 port=$3 secs=$4
	have_python || return 1
	ip netns exec "$ns" python3 -c '
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen(8)
s.settimeout(0.5)
end = time.time() + float(sys.argv[3])
while time.time() < end:
    try:
        c, _ = s.accept()
    except OSError:
        continue
    c.settimeout(2)
    try:
        c.recv(4096)
        c.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")
    except OSError:
        pass
    c.close()
' "$addr" "$port" "$secs" &
	LISTENER_PID=$!
	# bounded wait until it listens
	local i
	for i in $(seq 1 50); do
		ip netns exec "$ns" ss -ltn 2>/dev/null | grep -q ":$port " && return 0
		sleep 0.1
	done
	return 0
}

# Verdicts in an rstf JSON document, one per line.
json_verdicts() {
	have_python || return 0
	python3 -c 'import json,sys; [print(r["verdict"], r["confidence"]) for r in json.load(open(sys.argv[1]))["rsts"]]' "$1"
}
