#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Look-ahead evidence (race, burst, challenge) comes from segments after
# the RST: the first pass learns it as it reads them and later passes
# (tshark -2, a GUI click) must show it.  two-pass.sh cannot see it lost:
# none of the generated captures has any, and with it dropped single pass
# and -2 agree all the more.  So, on lab captures of real middleboxes
# where it decides or strengthens the verdict:
#   - -2 shows the look-ahead votes each capture is known for, and matches
#     tests/golden/lookahead/ (verdict, confidence and every reason);
#   - single pass and -2 differ in nothing but the look-ahead scorers'
#     votes and the verdict they move: everything else is computed once.
# UPDATE_GOLDEN=1 rewrites the golden files: review the diff.
BUILD_DIR=$1 SRC_DIR=$2
. "$SRC_DIR/tests/integration/lib.sh"

CORPUS="$SRC_DIR/captures/lab/corpus"
GOLDEN="$SRC_DIR/tests/golden/lookahead"
LOOKAHEAD="race burst challenge"

# capture, then the look-ahead scorers that must vote midpath on it in -2
# (docs/accuracy.md says why each does).
cases=(
    "inject-inexact-r2-v4-client race challenge"  # mimicking injector, seq 1000 off
    "inject-r2-v6-client race"                    # mimicking injector, IPv6
    "tcpkill-r1-v4-client race burst"             # dsniff tcpkill's window walk
)

# frame <TAB> scorer <TAB> origin <TAB> reason, one row per vote.
votes() {
    rstf_tshark -r "$1" "${@:2}" -Y rstf -T fields -E separator=/t -E occurrence=a \
        -E aggregator='|' -e frame.number -e rstf.evidence.scorer -e rstf.evidence.origin \
        -e rstf.evidence.reason |
        awk -F'\t' 'BEGIN { OFS = "\t" } {
            n = split($2, s, "|"); split($3, o, "|"); split($4, r, "|")
            for (i = 1; i <= n; i++) print $1, s[i], o[i], r[i]
        }'
}

not_lookahead() {
    awk -F'\t' -v la=" $LOOKAHEAD " 'index(la, " " $2 " ") == 0'
}

mkdir -p "$GOLDEN"
for c in "${cases[@]}"; do
    read -r name want <<<"$c"
    before=$failures
    pcap="$CORPUS/$name.pcap"
    [ -f "$pcap" ] || { fail "$name: missing from the lab corpus"; continue; }

    check_golden "$name under -2" "$GOLDEN/$name.tsv" "$(verdict_table "$pcap" -2)" || true

    # Independent of the golden file, so regenerating it with the news lost
    # still fails here.
    v2=$(votes "$pcap" -2)
    for scorer in $want; do
        awk -F'\t' -v s="$scorer" '$2 == s && $3 == "midpath" { found = 1 } END { exit !found }' \
            <<<"$v2" || fail "$name: no midpath $scorer vote under -2"
    done

    v1=$(votes "$pcap")
    [ -n "$v1" ] || fail "$name: no RST in single pass"
    if [ "$(not_lookahead <<<"$v1")" != "$(not_lookahead <<<"$v2")" ]; then
        fail "$name: single pass and -2 differ beyond the look-ahead scorers"
        diff -u <(not_lookahead <<<"$v1") <(not_lookahead <<<"$v2") | sed 's/^/    /' >&2 || true
    fi
    [ "$failures" = "$before" ] && pass "$name: $want under -2, nothing else moved"
done
finish
