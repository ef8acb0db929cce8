#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Accuracy on the lab corpus: real kernels and real middleboxes in network
# namespaces, labelled from egress captures (captures/lab).  Prints confusion
# matrices per scenario and per vantage point; fails if any genuine RST is
# called midpath or if fewer than 98% of the RSTs get their true origin.
#   usage: accuracy.sh BUILD_DIR CORPUS_DIR
set -euo pipefail
build=$1 corpus=$2
labels=$corpus/labels.tsv
[ -r "$labels" ] || { echo "no $labels" >&2; exit 1; }

verdicts=$(mktemp)
trap 'rm -f "$verdicts"' EXIT
# One tshark per capture, two passes (look-ahead evidence such as a race
# reaches the RSTs before it, as in the GUI): pcap <TAB> frame <TAB> verdict
for pcap in "$corpus"/*.pcap; do
    name=$(basename "$pcap")
    "$build/rstf" tshark -2 -r "$pcap" -Y rstf -T fields -e frame.number -e rstf.verdict |
        awk -v p="$name" 'BEGIN { OFS = "\t" } { print p, $1, $2 }'
done >"$verdicts"

awk -F'\t' -v min_accuracy=0.98 '
    FNR == NR { verdict[$1 SUBSEP $2] = $3; next }
    FNR == 1 { next }                      # labels header
    {
        key = $1 SUBSEP $2
        got = (key in verdict) ? verdict[key] : "missing"
        truth = $3
        total++; if (got == truth) right++
        if (truth != "midpath" && got == "midpath") { accused++; bad[++nbad] = $1 " frame " $2 " (" truth ")" }
        by_scen[$5 SUBSEP truth SUBSEP got]++; scen[$5] = 1
        by_vant[$6 SUBSEP truth SUBSEP got]++; vant[$6] = 1
        n_scen[$5]++; if (got == truth) ok_scen[$5]++
    }
    function matrix(title, keys, counts,    k, t, g, origins, n, i, j, line) {
        n = split("server client midpath", origins, " ")
        printf "\n%-28s %-8s  %7s %7s %7s %7s %7s\n", title, "truth", "server", "client", "midpath", "unknown", "missing"
        for (k in keys) for (i = 1; i <= n; i++) {
            t = origins[i]; line = ""; row = 0
            split("server client midpath unknown missing", gs, " ")
            for (j = 1; j <= 5; j++) { c = counts[k SUBSEP t SUBSEP gs[j]] + 0; row += c; line = line sprintf(" %7d", c) }
            if (row) printf "%-28s %-8s %s\n", k, t, line
        }
    }
    END {
        matrix("scenario", scen, by_scen)
        matrix("vantage", vant, by_vant)
        acc = total ? right / total : 0
        printf "\n%d RSTs, %d correct: accuracy %.2f%%; genuine RSTs called midpath: %d\n", total, right, 100 * acc, accused
        for (i = 1; i <= nbad; i++) print "  FALSE ACCUSATION: " bad[i]
        for (s in scen) if (ok_scen[s] < n_scen[s]) printf "  %s: %d of %d correct\n", s, ok_scen[s], n_scen[s]
        if (accused > 0 || acc < min_accuracy) exit 1
    }' "$verdicts" "$labels"
