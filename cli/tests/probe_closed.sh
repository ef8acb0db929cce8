#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `rstf probe` against a port nothing listens on, across a veth pair
# between two network namespaces made here (10.99.1.0/24 exists only in
# them).  The server kernel answers the SYN with an RST: a normal outcome,
# exit 0.  The probe's echo requests give the server's host baseline, so the
# verdict is server; with --no-ping it may only be unknown, never midpath.
. "$(dirname "$0")/lib.sh"
need_root_netns
need_plugin

netns_pair

run timeout 60 ip netns exec "$C" "$RSTF" --json probe 10.99.1.2 8080 --timeout 3 -w "$TMP/closed.pcapng"
echo "$out" >"$TMP/closed.json"
[ "$rc" -eq 0 ] && ok "closed port: exit 0" || fail "closed port: exit $rc, stderr: $err"
if have_python; then
	json_check "$TMP/closed.json" '
p = d["probe"]
assert p["outcome"] == "refused" and p["interface"] == "eth0" and p["address"] == "10.99.1.2", p
assert len(d["rsts"]) >= 1, "no RST row"
for r in d["rsts"]:
    assert r["verdict"] == "server", r
    assert r["src"] == {"address": "10.99.1.2", "port": 8080}, r["src"]
print("observed: " + ", ".join("%s %s (claimed %s)" % (r["verdict"], r["confidence"], r["claimed"]) for r in d["rsts"]))
' && ok "closed port: the server's own RST" || fail "closed port: JSON checks"
fi
run timeout 60 ip netns exec "$C" "$RSTF" --json probe 10.99.1.2 8080 --timeout 3 --no-ping
echo "$out" >"$TMP/noping.json"
[ "$rc" -eq 0 ] && ok "closed port, no ping: exit 0" || fail "closed port, no ping: exit $rc, stderr: $err"
if have_python; then
	json_check "$TMP/noping.json" '
assert d["rsts"] and all(r["verdict"] in ("server", "unknown") for r in d["rsts"]), d["rsts"]
' && ok "closed port, no ping: no accusation" || fail "closed port, no ping: JSON checks"
fi
[ -s "$TMP/closed.pcapng" ] && ok "-w kept the capture" || fail "-w wrote nothing"

# The same in a table, then the saved capture through pcap mode.
expect_rc 0 "closed port, table" timeout 60 ip netns exec "$C" "$RSTF" probe 10.99.1.2 8080 --timeout 3
grep -q '^probe 10.99.1.2 port 8080 via eth0: connection refused' <<<"$out" && ok "probe heading" ||
	fail "probe heading missing: $out"
expect_rc 0 "saved probe capture through pcap mode" "$RSTF" pcap "$TMP/closed.pcapng"
grep -q '10.99.1.2:8080 -> 10.99.1.1' <<<"$out" && ok "saved capture has the RST" || fail "saved capture: $out"
finish
