#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Expert info: one constant-summary entry per RST, grouped by tshark -z expert,
# with the severity and group the docs promise.
BUILD_DIR=$1 SRC_DIR=$2
. "$SRC_DIR/tests/integration/lib.sh"

# verdict  expert-field  group  summary
entries=$'midpath\trstf.midpath\tSecurity\tRST forged by a middlebox
server\trstf.server\tSequence\tRST sent by the server itself
client\trstf.client\tSequence\tRST sent by the client itself
unknown\trstf.unknown\tSequence\tRST origin undetermined'

# -z expert rows look like "   <count>   <Group>   RSTF   <Summary>".
expert_count() {
    local report=$1 group=$2 summary=$3
    printf '%s\n' "$report" | awk -v g="$group" -v s="$summary" '
        index($0, s) && $2 == g && $3 == "RSTF" { n += $1 } END { print n + 0 }'
}

seen_any=0
for pcap in $(captures); do
    name=$(basename "$pcap")
    report=$(rstf_tshark -r "$pcap" -q -z expert,chat)
    while IFS=$'\t' read -r verdict field group summary; do
        want=$(manifest_rows "$pcap" | awk -F'\t' -v v="$verdict" '$2 == v' | grep -c . || true)
        by_filter=$(rstf_tshark -r "$pcap" -Y "$field" -T fields -e frame.number | grep -c . || true)
        in_report=$(expert_count "$report" "$group" "$summary")
        if [ "$by_filter" = "$want" ] && [ "$in_report" = "$want" ]; then
            [ "$want" -gt 0 ] && { seen_any=1; pass "$name: $want × $field in $group"; }
        else
            fail "$name: $field: filter found $by_filter, -z expert $in_report, manifest $want"
        fi
    done <<<"$entries"
done
[ "$seen_any" = 1 ] || fail "no expert entry seen at all"
# Severity: midpath is a warning, endpoint verdicts are notes.
warn=$(rstf_tshark -r "$CAPTURES/bigbank-rst.pcap" -Y 'rstf.midpath && _ws.expert.severity == "Warning"' \
    -T fields -e frame.number | grep -c . || true)
[ "$warn" -ge 1 ] || fail "the midpath entry is not a Warning"
finish
