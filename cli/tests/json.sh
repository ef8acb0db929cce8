#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# `rstf --json`: a strict JSON parse and the documented schema (version 1),
# key by key and type by type (docs/cli.md is the reference).
. "$(dirname "$0")/lib.sh"
need_plugin
need_captures bigbank-rst.pcap bigbank-rst-v6.pcap server-rst.pcap
have_python || skip "python3 is needed for a strict JSON parser"

"$RSTF" --json pcap "$CAPS/bigbank-rst.pcap" "$CAPS/bigbank-rst-v6.pcap" "$CAPS/server-rst.pcap" \
	"$CAPS/icmp-quoted-rst.pcap" >"$TMP/doc.json"
rc=$?
[ $rc -eq 2 ] && ok "exit 2 with a midpath among the files" || fail "exit $rc, want 2"

if json_check "$TMP/doc.json" '
num = (int, float)
def isnum(v): return isinstance(v, num) and not isinstance(v, bool)
def opt(v, t): return v is None or t(v)
problems = []
def need(cond, what):
    if not cond: problems.append(what)
need(set(d) == {"version", "generator", "tshark", "mode", "files", "rsts", "summary"}, "top keys %s" % sorted(d))
need(d["version"] == 1, "version")
need(d["mode"] == "pcap" and isinstance(d["files"], list) and len(d["files"]) == 4, "mode/files")
need(isinstance(d["tshark"], str) and d["generator"].startswith("rstf "), "tshark/generator")
keys = {"file", "index", "frame", "time", "time_relative", "stream", "ip_version", "src", "dst", "claimed",
        "direction", "verdict", "confidence", "scores", "header", "compared", "evidence"}
for i, r in enumerate(d["rsts"]):
    need(set(r) == keys, "rst %d keys %s" % (i, sorted(r)))
    need(r["index"] == i + 1 and isinstance(r["file"], str), "index/file")
    need(all(isinstance(r[k], int) for k in ("frame", "stream", "ip_version")), "ints")
    need(isnum(r["time"]) and r["time"] > 1e9 and isnum(r["time_relative"]), "times")
    for e in ("src", "dst"):
        need(set(r[e]) == {"address", "port"} and isinstance(r[e]["address"], str) and isinstance(r[e]["port"], int), e)
    need(r["verdict"] in ("server", "midpath", "client", "unknown"), "verdict")
    need(r["claimed"] in ("server", "client", "unknown") and isinstance(r["direction"], str), "claimed/direction")
    need(isnum(r["confidence"]) and 0 <= r["confidence"] <= 1, "confidence")
    need(set(r["scores"]) == {"server", "midpath", "client"} and all(isnum(v) for v in r["scores"].values()), "scores")
    h = r["header"]
    need(set(h) == {"ttl", "ip_id", "window", "seq", "ack", "flags", "options"}, "header keys %s" % sorted(h))
    need(all(isinstance(h[k], int) for k in ("ttl", "window", "seq", "ack", "flags")), "header ints")
    need(opt(h["ip_id"], lambda v: isinstance(v, int)), "ip_id")
    need((h["ip_id"] is None) == (r["ip_version"] == 6), "ip_id only on IPv4")
    need(opt(h["options"], lambda v: isinstance(v, list) and all(isinstance(o, str) for o in v)), "options")
    c = r["compared"]
    need(set(c) == {"ttl_baseline", "ttl_delta", "rtt_leg", "delay", "seq_expected", "window_left", "window_right"}, "compared keys")
    need(all(opt(v, isnum) for v in c.values()), "compared types")
    need([e["scorer"] for e in r["evidence"]] == ["ttl", "ipid", "window", "options", "seq", "timing", "race",
                                                  "burst", "challenge", "diag"],
         "evidence from every scorer, in scorer order")
    for e in r["evidence"]:
        need(set(e) == {"scorer", "origin", "weight", "reason"}, "evidence keys")
        need(e["origin"] in ("server", "midpath", "client", "abstain") and isnum(e["weight"]), "evidence types")
        need(isinstance(e["reason"], str) and e["reason"], "reason")
s = d["summary"]
need(set(s) == {"rsts", "server", "midpath", "client", "unknown", "min_confidence", "alarms", "exit_code"}, "summary keys")
need(s["rsts"] == len(d["rsts"]) == s["server"] + s["midpath"] + s["client"] + s["unknown"], "summary counts")
need(s["exit_code"] == 2 and s["alarms"] == 2, "summary exit/alarms")
b = [r for r in d["rsts"] if r["file"].endswith("/bigbank-rst.pcap")][0]
need(b["verdict"] == "midpath" and b["header"]["ttl"] == 240 and b["header"]["ip_id"] == 38291, "bigbank values")
need(b["header"]["window"] == 0 and b["header"]["options"] == [] and b["header"]["seq"] == 0, "bigbank header")
need(b["src"] == {"address": "198.51.100.20", "port": 443}, "bigbank src")
need(any("\u0394" in e["reason"] or "\u00bd" in e["reason"] for e in b["evidence"]), "UTF-8 reasons intact")
v6 = [r for r in d["rsts"] if r["ip_version"] == 6][0]
need(v6["src"]["address"] == "2001:db8:2::20" and v6["header"]["ttl"] == 240, "IPv6 row")
if problems:
    print("; ".join(problems)); sys.exit(1)
'; then ok "schema: keys and types as documented"; else fail "schema check"; fi

# Escaping: control characters and quotes in a file name stay valid JSON.
weird="$TMP/we\"ird	name
.pcap"
cp "$CAPS/server-rst.pcap" "$weird"
"$RSTF" --json pcap "$weird" >"$TMP/w.json"
if json_check "$TMP/w.json" '
assert d["files"][0].endswith("we\"ird\tname\n.pcap"), d["files"]
assert d["rsts"][0]["file"] == d["files"][0]
'; then ok "file names with quotes, tabs and newlines are escaped"; else fail "escaping"; fi

# No RST: an empty list and exit 0.
"$RSTF" --json pcap "$CAPS/icmp-quoted-rst.pcap" >"$TMP/e.json"
rc=$?
if [ $rc -eq 0 ] && json_check "$TMP/e.json" 'assert d["rsts"] == [] and d["summary"]["exit_code"] == 0'; then
	ok "ICMP-quoted RST only: empty rsts, exit 0"
else
	fail "icmp-quoted-rst.pcap: exit $rc or wrong document"
fi
finish
