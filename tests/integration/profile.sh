#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The rst-forensics configuration profile, as built, loaded by tshark from a
# personal profiles folder: its verdict and confidence columns, its colour
# rule for forged RSTs, and filter buttons that compile and find them.
BUILD_DIR=$1 SRC_DIR=$2
. "$SRC_DIR/tests/integration/lib.sh"
. "$SRC_DIR/tests/integration/home.sh"

profile="$BUILD_DIR/profiles/rst-forensics"
for f in preferences colorfilters dfilter_buttons; do
    [ -s "$profile/$f" ] || fail "profile file $f not built"
done

new_home home
mm=$(wireshark_mm)
mkdir -p "$home/.local/lib/wireshark/plugins/$mm/epan" "$home/.config/wireshark/profiles"
cp "$BUILD_DIR/plugins/$mm/epan/rstf.so" "$home/.local/lib/wireshark/plugins/$mm/epan/"
cp -r "$profile" "$home/.config/wireshark/profiles/"
chmod -R a+rX "$home"
bigbank=$(readable_copy "$home" "$CAPTURES/bigbank-rst.pcap")
reused=$(readable_copy "$home" "$CAPTURES/reused-5tuple.pcap")

# Columns: tshark prints the profile's columns; the forged RST's row ends
# with "midpath 100.0% <Info>", the genuine one's with "server 100.0%".
row=$(tshark_home "$home" -C rst-forensics -r "$bigbank" -Y 'frame.number == 12')
grep -q ' midpath 100\.0% ' <<<"$row" && pass "verdict and confidence columns: $row" ||
    fail "bigbank frame 12 lacks the verdict/confidence columns: '$row'"
row=$(tshark_home "$home" -C rst-forensics -r "$reused" -Y 'frame.number == 13')
grep -q ' server 100\.0% ' <<<"$row" && pass "genuine RST row: server 100.0%" ||
    fail "reused-5tuple frame 13 lacks 'server 100.0%': '$row'"
row=$(tshark_home "$home" -r "$bigbank" -Y 'frame.number == 12')
grep -q ' midpath 100\.0% ' <<<"$row" && fail "the default profile shows the rstf columns too" ||
    pass "without -C the default columns stay"

# Colour: with --color tshark applies the profile's colouring rules and
# names the matching one in frame.coloring_rule.name.  Only the forged RST
# gets ours; the genuine one keeps Wireshark's "TCP RST" rule (appended
# defaults), and so do other rows.
rules=$(tshark_home "$home" -C rst-forensics --color -r "$reused" -T fields -e frame.number -e frame.coloring_rule.name)
ours=$(awk -F'\t' '$2 == "RST forged mid-path (rstf)" { printf "%s ", $1 }' <<<"$rules")
[ "$ours" = "23 " ] && pass "colour rule marks only the forged RST (frame 23)" ||
    fail "forged-RST colour rule on frames '$ours', want only 23"
theirs=$(awk -F'\t' '$1 == 13 { print $2 }' <<<"$rules")
[ "$theirs" = "TCP RST" ] && pass "Wireshark's own rules follow ours (frame 13: TCP RST)" ||
    fail "frame 13 coloured by '${theirs:-nothing}', want Wireshark's 'TCP RST'"

# Filter buttons: "enabled","label","filter","comment"; each filter compiles
# and the forged-RST ones find exactly frame 23 of reused-5tuple.pcap.
n=0
while IFS= read -r line; do
    case $line in '#'*|'') continue ;; esac
    label=$(sed -E 's/^"[^"]*","([^"]*)".*/\1/' <<<"$line")
    expr=$(sed -E 's/^"[^"]*","[^"]*","([^"]*)".*/\1/; s/\\x22/"/g' <<<"$line")
    frames=$(tshark_home "$home" -C rst-forensics -r "$reused" -Y "$expr" -T fields -e frame.number | tr '\n' ' ')
    case $label in
        "Midpath RSTs"|"Confident forgeries") want="23 " ;;
        "All RST verdicts") want="13 23 " ;;
        *) want="?" ;;
    esac
    [ "$frames" = "$want" ] && pass "button '$label' ($expr): frames $frames" ||
        fail "button '$label' ($expr) matches frames '$frames', want '$want'"
    n=$((n + 1))
done <"$profile/dfilter_buttons"
[ $n -ge 1 ] || fail "no filter button in the profile"
grep -q '"Midpath RSTs"' "$profile/dfilter_buttons" || fail "no 'Midpath RSTs' button"
finish
