#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A display filter on the verdict selects exactly the forged RSTs, and the
# other fields filter as documented.
BUILD_DIR=$1 SRC_DIR=$2
. "$SRC_DIR/tests/integration/lib.sh"

total=0 reason_total=0
for pcap in $(captures); do
    name=$(basename "$pcap")
    want=$(manifest_rows "$pcap" | awk -F'\t' '$2 == "midpath" { print $1 }' | sort -n)
    got=$(rstf_tshark -r "$pcap" -Y 'rstf.verdict == "midpath"' -T fields -e frame.number | sort -n)
    total=$((total + $(printf '%s\n' "$want" | grep -c . || true)))
    [ "$want" = "$got" ] && pass "$name midpath frames: ${got//$'\n'/ }" \
        || fail "$name: midpath filter gave [${got//$'\n'/ }], manifest says [${want//$'\n'/ }]"

    # Numeric fields filter too: a midpath RST at full confidence has no server score.
    odd=$(rstf_tshark -r "$pcap" -Y 'rstf.verdict == "midpath" && rstf.confidence > 0.999 && rstf.score.server > 0' \
        -T fields -e frame.number)
    [ -z "$odd" ] || fail "$name: unanimous midpath frames with a server score: $odd"

    # The reasons' text is only written when someone reads it: a filter that
    # names it, with no tree printed, must still see it.
    want=$(verdict_table "$pcap" | awk -F'\t' 'index($6, "baseline") { print $1 }')
    reason_total=$((reason_total + $(printf '%s\n' "$want" | grep -c . || true)))
    got=$(rstf_tshark -r "$pcap" -Y 'rstf.evidence.reason contains "baseline"' -T fields -e frame.number)
    [ "$want" = "$got" ] && pass "$name reason filter: ${got//$'\n'/ }" \
        || fail "$name: reason filter gave [${got//$'\n'/ }], the evidence says [${want//$'\n'/ }]"
done
# The Info column and the protocol item show the verdict and its
# confidence rounded as printf's "%.0f" rounds it, on every RST.
shown_total=0
for pcap in $(captures); do
    name=$(basename "$pcap")
    want=$(verdict_table "$pcap" | awk -F'\t' '{
        if ($2 == "unknown") print $1 "\t[RST unknown]\tRST Forensics: unknown origin"
        else { p = sprintf("%.0f", $3 * 100)
               print $1 "\t[RST " $2 " " p "%]\tRST Forensics: " $2 " (" p "%)" } }')
    info=$(rstf_tshark -r "$pcap" -Y rstf | awk '{ print $1 "\t" substr($0, index($0, "[RST ")) }')
    labels=$(rstf_tshark -r "$pcap" -Y rstf -V | sed -n 's/^\[\(RST Forensics: .*\)\]$/\1/p')
    got=''
    [ -z "$info$labels" ] || got=$(paste <(printf '%s\n' "$info") <(printf '%s\n' "$labels"))
    shown_total=$((shown_total + $(printf '%s\n' "$want" | grep -c . || true)))
    [ "$want" = "$got" ] && pass "$name Info column and protocol item" \
        || fail "$name: shown [${got//$'\n'/; }], the fields say [${want//$'\n'/; }]"
done
[ "$shown_total" -gt 0 ] || fail "no RST shown: the Info column test proves nothing"

# The post-dissector's handle belongs to a helper protocol (packet-rstf.c):
# disabling RSTF, as Enabled Protocols does, must still turn it off.
pcap="$CAPTURES/bigbank-rst.pcap"
on=$(rstf_tshark -r "$pcap" -Y rstf -T fields -e frame.number | wc -l)
off=$(rstf_tshark -r "$pcap" --disable-protocol rstf -Y 'rstf || tcp.flags.reset == 1' \
    -T fields -e frame.number -e rstf.verdict | awk -F'\t' '$2 != ""' | wc -l)
[ "$on" -gt 0 ] && [ "$off" -eq 0 ] && pass "--disable-protocol rstf: $on RSTs judged when on, none when off" \
    || fail "--disable-protocol rstf: $on RSTs judged when on, $off when off"

[ "$reason_total" -gt 0 ] || fail "no reason mentions a baseline: the reason filter test proves nothing"
[ "$total" -gt 0 ] || fail "the corpus holds no midpath RST: the filter test proves nothing"
finish
