# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by the integration tests: run the real tshark with the built plugin
# over the committed captures.  Sourced; expects BUILD_DIR and SRC_DIR.
set -euo pipefail

: "${BUILD_DIR:?}" "${SRC_DIR:?}"
CAPTURES="$SRC_DIR/captures"
MANIFEST="$CAPTURES/manifest.tsv"
failures=0

rstf_tshark() {
    "$SRC_DIR/tests/tshark-rstf" "$BUILD_DIR" "$@"
}

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

pass() {
    echo "ok: $*"
}

# The RST verdict table of one capture: frame, verdict, confidence (3
# decimals: 4.0/4.4 and 4.6 print doubles differently), claimed, and every
# scorer's origin and reason.  Extra tshark options may follow the file.
verdict_table() {
    local pcap=$1; shift
    rstf_tshark -r "$pcap" "$@" -Y rstf -T fields -E separator=/t -E occurrence=a -E aggregator='|' \
        -e frame.number -e rstf.verdict -e rstf.confidence -e rstf.claimed \
        -e rstf.evidence.origin -e rstf.evidence.reason |
        awk -F'\t' 'BEGIN { OFS = "\t" } { $3 = sprintf("%.3f", $3); print }'
}

# Manifest rows of one capture: frame <TAB> expected <TAB> claimed.
manifest_rows() {
    awk -F'\t' -v p="$(basename "$1")" 'NR > 1 && $1 == p { print $2 "\t" $3 "\t" $4 }' "$MANIFEST"
}

# compare_golden DIR TABLE_FN: every capture's TABLE_FN output against
# DIR/<capture>.tsv; UPDATE_GOLDEN=1 rewrites them (review the diff).
compare_golden() {
    local dir=$1 table=$2 pcap name
    mkdir -p "$dir"
    for pcap in $(captures); do
        name=$(basename "$pcap" .pcap)
        check_golden "$name" "$dir/$name.tsv" "$("$table" "$pcap")" && pass "$name"
    done
}

# check_golden NAME GOLDEN ACTUAL: ACTUAL (text) against the file GOLDEN,
# failing with a diff; UPDATE_GOLDEN=1 writes the file instead.  Returns
# non-zero when it failed.
check_golden() {
    local name=$1 golden=$2 actual=$3
    if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
        printf '%s\n' "$actual" >"$golden"
    elif [ ! -f "$golden" ]; then
        fail "$name: no golden file $golden"; return 1
    elif ! diff -u "$golden" <(printf '%s\n' "$actual"); then
        fail "$name: output differs from $golden"; return 1
    fi
}

captures() {
    ls "$CAPTURES"/*.pcap
}

finish() {
    if [ "$failures" -gt 0 ]; then
        echo "$failures failure(s)" >&2
        exit 1
    fi
}
