#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every other rstf.* field of every RST, against tests/golden/all-fields/:
# golden.sh covers verdict, confidence, claimed sender and the evidence
# reasons; this covers direction, scores, evidence scorers and weights, and
# the compared values.  Run on 4.0, 4.4 and 4.6 against the same files, it
# shows the versions agree once formatting is normalised: doubles to 3
# decimals (4.6 prints 2/3 as 0.6666666666666666, earlier ones as
# 0.666666666666667), times to 9.  UPDATE_GOLDEN=1 rewrites the files.
BUILD_DIR=$1 SRC_DIR=$2
. "$SRC_DIR/tests/integration/lib.sh"

fields_table() {
    rstf_tshark -r "$1" -Y rstf -T fields -E separator=/t -E occurrence=a -E aggregator='|' \
        -e frame.number -e rstf.direction -e rstf.score.server -e rstf.score.midpath \
        -e rstf.score.client -e rstf.evidence.scorer -e rstf.evidence.weight \
        -e rstf.ttl.baseline -e rstf.ttl.delta -e rstf.rtt_leg -e rstf.delay \
        -e rstf.seq.expected -e rstf.window.left -e rstf.window.right |
        awk -F'\t' 'BEGIN { OFS = "\t" }
            function fix(s, fmt,   n, a, i, out) {
                if (s == "") return s
                n = split(s, a, "|")
                for (i = 1; i <= n; i++) out = out (i > 1 ? "|" : "") sprintf(fmt, a[i])
                return out
            }
            { $3 = fix($3, "%.3f"); $4 = fix($4, "%.3f"); $5 = fix($5, "%.3f"); $7 = fix($7, "%.3f")
              $10 = fix($10, "%.9f"); $11 = fix($11, "%.9f"); print }'
}

compare_golden "$SRC_DIR/tests/golden/all-fields" fields_table
finish
