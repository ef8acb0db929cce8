#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `rstf live` inside a client namespace while connections to a closed port
# in a server namespace get reset: rows appear while it runs, it stops on
# --duration, --count and SIGTERM, and the exit status follows the contract.
. "$(dirname "$0")/lib.sh"
need_root_netns
need_plugin

netns_pair

# knock N: N connection attempts to the closed port, each answered by an RST.
knock() {
	local i
	for i in $(seq 1 "$1"); do
		timeout 3 ip netns exec "$C" bash -c 'exec 3<>/dev/tcp/10.99.1.2/8080' 2>/dev/null
		sleep 0.2
	done
}

# wait_for FILE PATTERN SECONDS: bounded wait for a line.
wait_for() {
	local i
	for i in $(seq 1 $(($3 * 10))); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# 1. --duration 5, table: rows appear before it ends.
start=$(date +%s)
ip netns exec "$C" "$RSTF" live -i eth0 --duration 5 >"$TMP/t.out" 2>"$TMP/t.err" &
pid=$!
wait_for "$TMP/t.err" "capturing on eth0" 15 || fail "no 'capturing on' notice: $(cat "$TMP/t.err")"
knock 3
if wait_for "$TMP/t.out" "10.99.1.2:8080 -> 10.99.1.1" 5 && kill -0 $pid 2>/dev/null; then
	ok "rows appear while live runs"
else
	fail "no row while running: $(cat "$TMP/t.out")"
fi
wait $pid
rc=$?
took=$(($(date +%s) - start))
rows=$(grep -c '10.99.1.2:8080 -> 10.99.1.1' "$TMP/t.out")
mid=$(grep -c ' midpath ' "$TMP/t.out")
want=0
[ "$mid" -gt 0 ] && want=2
[ "$rc" -eq $want ] && ok "--duration 5: exit $rc with $rows row(s), $mid midpath" || fail "--duration 5: exit $rc, want $want"
[ "$rows" -eq 3 ] && ok "three RSTs, three rows" || fail "$rows rows for 3 RSTs: $(cat "$TMP/t.out")"
[ "$took" -le 12 ] && ok "stopped after ${took}s" || fail "--duration 5 took ${took}s"
grep -q '^3 RSTs: ' "$TMP/t.out" && ok "summary line" || fail "no summary line"

# 2. --count 2 --json: stops by itself after two RSTs, valid JSON.
ip netns exec "$C" "$RSTF" --json live -i eth0 --count 2 >"$TMP/c.json" 2>"$TMP/c.err" &
pid=$!
wait_for "$TMP/c.err" "capturing on eth0" 15
knock 3
for i in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
if kill -0 $pid 2>/dev/null; then
	fail "--count 2 did not stop"
	kill $pid
fi
wait $pid
rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] && ok "--count 2: exit $rc" || fail "--count 2: exit $rc: $(cat "$TMP/c.err")"
json_check "$TMP/c.json" '
assert len(d["rsts"]) == 2 and d["mode"] == "live" and d["interface"] == "eth0", d["summary"]
assert d["summary"]["exit_code"] == (2 if d["summary"]["alarms"] else 0)
' && ok "--count 2: two rows, valid JSON" || fail "--count 2 JSON: $(head -c 300 "$TMP/c.json")"

# 3. No limit: SIGTERM (as from Ctrl-C or a supervisor) stops it cleanly.
ip netns exec "$C" "$RSTF" --json live -i eth0 -f 'tcp port 8080' >"$TMP/s.json" 2>"$TMP/s.err" &
pid=$!
wait_for "$TMP/s.err" "capturing on eth0" 15
knock 1
sleep 0.5
kill -TERM $pid
for i in $(seq 1 150); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
kill -0 $pid 2>/dev/null && { fail "SIGTERM did not stop live"; kill -KILL $pid; }
wait $pid
rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] && ok "SIGTERM: exit $rc" || fail "SIGTERM: exit $rc: $(cat "$TMP/s.err")"
json_check "$TMP/s.json" 'assert len(d["rsts"]) == 1, d["rsts"]' && ok "SIGTERM: complete JSON with the row" ||
	fail "SIGTERM JSON: $(cat "$TMP/s.json")"

# 4. A bad interface is a setup error.
expect_rc 1 "unknown interface" ip netns exec "$C" "$RSTF" live -i nosuch0 --duration 2
expect_err "no interface nosuch0" "unknown interface"
finish
