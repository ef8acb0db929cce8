#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The rstf.* preferences: each is registered with its documented default,
# -o changes what the classifier does (a weight flips a verdict, a
# threshold moves a vote, the firewall window set and scorer switches
# apply, identically under -2), and a bad value stops tshark with
# Wireshark's own error.
BUILD_DIR=$1 SRC_DIR=$2
. "$SRC_DIR/tests/integration/lib.sh"

# One line per RST: "frame verdict confidence(3 decimals) scorer=vote:weight..."
# listing the votes cast (abstentions left out, so a new scorer that
# abstains here changes nothing).
judge() {
    local pcap=$CAPTURES/$1; shift
    rstf_tshark "$@" -r "$pcap" -Y rstf -T fields -E separator=/t -E occurrence=a -E aggregator=, \
        -e frame.number -e rstf.verdict -e rstf.confidence \
        -e rstf.evidence.scorer -e rstf.evidence.origin -e rstf.evidence.weight |
        awk -F'\t' '{ n = split($4, s, ","); split($5, o, ","); split($6, w, ",")
                      line = sprintf("%s %s %.3f", $1, $2, $3)
                      for (i = 1; i <= n; i++)
                          if (o[i] != "abstain") line = line sprintf(" %s=%s:%.2f", s[i], o[i], w[i])
                      print line }'
}

check() {
    local name=$1 want=$2 got=$3
    if [ "$got" = "$want" ]; then pass "$name"; else
        fail "$name"; printf '    want: %s\n    got:  %s\n' "$want" "$got" >&2; fi
}

# closed-port.pcap: two RSTs answering SYNs, 1 RTT after each SYN; TTL and
# timing both vote server.  Leaving only those two scorers on and calling
# anything under 250 % of the round trip "too fast" makes timing vote
# midpath (0.90) against TTL's server (0.60): the weights decide.
only_ttl_timing=(-o rstf.enable_ipid:FALSE -o rstf.enable_window:FALSE -o rstf.enable_options:FALSE
                 -o rstf.enable_seq:FALSE -o rstf.enable_race:FALSE)
strict=("${only_ttl_timing[@]}" -o rstf.timing_fast_percent:250)

got=$(judge closed-port.pcap | cut -d' ' -f1-2)
check "closed-port, defaults: server" $'4 server\n6 server' "$got"
got=$(judge closed-port.pcap "${only_ttl_timing[@]}")
check "closed-port, TTL and timing only: server" \
    $'4 server 1.000 ttl=server:0.60 timing=server:0.40\n6 server 1.000 ttl=server:0.60 timing=server:0.40' "$got"
got=$(judge closed-port.pcap "${strict[@]}")
check "timing_fast_percent 250 turns the timing vote: midpath 0.90 beats server 0.60" \
    $'4 midpath 0.600 ttl=server:0.60 timing=midpath:0.90\n6 midpath 0.600 ttl=server:0.60 timing=midpath:0.90' "$got"
got=$(judge closed-port.pcap "${strict[@]}" -o rstf.weight_ttl_match:95 | head -n1)
check "weight_ttl_match 95 flips it back: server 0.95 beats midpath 0.90" \
    "4 server 0.514 ttl=server:0.95 timing=midpath:0.90" "$got"
got=$(judge closed-port.pcap "${strict[@]}" -o rstf.weight_timing_fast:50 | head -n1)
check "weight_timing_fast 50 flips it back: server 0.60 beats midpath 0.50" \
    "4 server 0.545 ttl=server:0.60 timing=midpath:0.50" "$got"
got=$(judge closed-port.pcap "${strict[@]}" -o rstf.weight_ttl_match:300 | head -n1)
check "weights above 100 are weights too (300 = 3.00)" \
    "4 server 0.769 ttl=server:3.00 timing=midpath:0.90" "$got"
got=$(judge closed-port.pcap "${only_ttl_timing[@]}" -o rstf.enable_ttl:FALSE -o rstf.enable_timing:FALSE)
check "TTL and timing off as well: nothing votes, unknown" $'4 unknown 0.000\n6 unknown 0.000' "$got"
reason=$(rstf_tshark -o rstf.enable_seq:FALSE -r "$CAPTURES/closed-port.pcap" -Y 'frame.number == 4' \
    -T fields -E occurrence=a -E aggregator='|' -e rstf.evidence.scorer -e rstf.evidence.reason |
    awk -F'\t' '{ n = split($1, s, "|"); split($2, r, "|"); for (i = 1; i <= n; i++) if (s[i] == "seq") print r[i] }')
check "a disabled scorer says so" "scorer disabled" "$reason"

# bigbank-rst.pcap: window 0 with DF clear is a firewall sentinel; without
# 0 in the set the window scorer no longer votes midpath.
window_vote() {
    judge bigbank-rst.pcap "$@" | grep -o 'window=[a-z]*' || echo "window=abstain"
}
check "bigbank window 0 is a sentinel by default" window=midpath "$(window_vote)"
got=$(window_vote -o rstf.firewall_windows:4128,8192)
[ "$got" != window=midpath ] && pass "firewall_windows without 0: $got" ||
    fail "firewall_windows:4128,8192 left the window vote at midpath"

# The same options give the same results under -2 (computed once, cached).
one=$(judge closed-port.pcap "${strict[@]}" -o rstf.weight_ttl_match:95)
two=$(judge closed-port.pcap -2 "${strict[@]}" -o rstf.weight_ttl_match:95)
check "preferences apply identically with -2" "$one" "$two"

# Bad values: Wireshark's own parser refuses them and tshark exits.
for bad in weight_ttl_closer:0.85 weight_ttl_closer:abc weight_ttl_closer:-5 \
           ttl_tolerance:two firewall_windows:70000 firewall_windows:0-x no_such_pref:1; do
    if err=$(rstf_tshark -o "rstf.$bad" -r "$CAPTURES/bigbank-rst.pcap" -Y rstf 2>&1 >/dev/null); then
        fail "-o rstf.$bad was accepted"
    elif grep -q -- "-o flag \"rstf.$bad\"" <<<"$err"; then
        pass "-o rstf.$bad: $(head -n1 <<<"$err")"
    else
        fail "-o rstf.$bad: unexpected error: $err"
    fi
done
# What the range type cannot refuse is cut, with a warning.
err=$(rstf_tshark -o rstf.firewall_windows:1-20 -r "$CAPTURES/bigbank-rst.pcap" -Y rstf 2>&1 >/dev/null)
grep -q "rstf.firewall_windows: 20 values given, only the first 8 are used" <<<"$err" &&
    pass "more than 8 firewall windows: warned" || fail "no warning for 20 firewall windows: $err"

# Every preference is documented with its default (docs/preferences.md),
# and nothing else is.
registered=$(rstf_tshark -G defaultprefs | sed -n 's/^#rstf\.\([a-z0-9_.]*\): \(.*\)$/\1\t\2/p' | sort)
[ -n "$registered" ] || fail "no rstf preference registered"
doc="$SRC_DIR/docs/preferences.md"
documented=$(sed -n 's/^| `rstf\.\([a-z0-9_.]*\)` | [^|]* | `\([^`]*\)` |.*/\1\t\2/p' "$doc" | sort)
if [ "$registered" = "$documented" ]; then
    pass "docs/preferences.md lists every preference and its default"
else
    fail "docs/preferences.md and tshark -G defaultprefs differ (< registered, > documented):"
    diff <(printf '%s\n' "$registered") <(printf '%s\n' "$documented") | sed 's/^/    /' >&2
fi
finish
