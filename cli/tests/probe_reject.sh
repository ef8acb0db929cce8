#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `rstf probe` through a router namespace whose nftables forges the
# server's RST ("reject with tcp reset"): client 10.99.1.1 - router -
# server 10.99.2.2, all in namespaces made here.  The router is one hop
# closer than the server (TTL 64 against 63).  Exit status must agree with
# the verdicts (2 exactly when one is midpath).  A reset after the handshake
# must be called midpath (exit 2); a rejected SYN is only observed: with no
# conversation baseline, one hop against the echo replies is within the
# slack allowed across conversations, so it is a known limit.
. "$(dirname "$0")/lib.sh"
need_root_netns
need_plugin
command -v nft >/dev/null 2>&1 || skip "nft not installed (apt-get install nftables)"

C=rstf-c-$$ R=rstf-r-$$ S=rstf-s-$$
netns_new "$C" && netns_new "$R" && netns_new "$S" || skip "cannot create network namespaces"
netns_link "$C" eth0 "$R" eth0 && netns_link "$R" eth1 "$S" eth0 || skip "cannot create veth pairs"
ip -n "$C" addr add 10.99.1.1/24 dev eth0
ip -n "$R" addr add 10.99.1.254/24 dev eth0
ip -n "$R" addr add 10.99.2.254/24 dev eth1
ip -n "$S" addr add 10.99.2.2/24 dev eth0
ip -n "$C" route add default via 10.99.1.254
ip -n "$S" route add default via 10.99.2.254
ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1
ip netns exec "$R" nft add table inet rstf_test || skip "nftables does not work here"
ip netns exec "$R" nft add chain inet rstf_test filt '{ type filter hook forward priority 0; }'
netns_listener "$S" 10.99.2.2 8080 60 || echo "note: no python3: nothing listens on the server (the router answers anyway)"

# check_case NAME [WANT]: run the probe, compare exit status and verdicts;
# with WANT, every RST must have that verdict.
check_case() {
	local name=$1 want_verdict=${2:-}
	run timeout 60 ip netns exec "$C" "$RSTF" --json probe 10.99.2.2 8080 --timeout 3
	echo "$out" >"$TMP/$name.json"
	if ! have_python; then
		[ "$rc" -eq 0 ] || [ "$rc" -eq 2 ] && ok "$name: exit $rc" || fail "$name: exit $rc: $err"
		return
	fi
	local seen
	seen=$(python3 - "$TMP/$name.json" "$rc" "$want_verdict" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = d["rsts"]
mid = any(r["verdict"] == "midpath" for r in rows)
want = 2 if mid else 0
if sys.argv[3] and not all(r["verdict"] == sys.argv[3] for r in rows):
    want = -1
desc = "; ".join("frame %d %s %.0f%% ttl %s (%s)" % (r["frame"], r["verdict"], 100 * r["confidence"],
                 r["header"]["ttl"], ", ".join("%s:%s" % (e["scorer"], e["origin"]) for e in r["evidence"]))
                 for r in rows)
print(("ok" if int(sys.argv[2]) == want and rows else "bad") + " outcome=%s rows=%d %s" % (d["probe"]["outcome"], len(rows), desc))
PY
	)
	case $seen in
	ok*) ok "$name: exit $rc agrees with the verdicts; observed: ${seen#ok }" ;;
	*) fail "$name: exit $rc; ${seen#bad }; stderr: $err" ;;
	esac
}

# 1. The router refuses the SYN itself (no baseline from the server yet).
ip netns exec "$R" nft add rule inet rstf_test filt tcp dport 8080 reject with tcp reset
check_case "router rejects the SYN"

# 2. The handshake passes, then the router resets the connection on the
#    client's first segment without SYN: a mid-connection forged RST.
ip netns exec "$R" nft flush chain inet rstf_test filt
ip netns exec "$R" nft add rule inet rstf_test filt 'tcp dport 8080 tcp flags & syn == 0 reject with tcp reset'
check_case "router resets after the handshake" midpath
finish
