#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tshark -z rstf,tree counts every RST once, by verdict, by claimed sender
# and verdict, and by each scorer's vote, in a single pass and with -2 (the
# dissector queues its tap on every pass; tshark runs taps on one), and the
# counts are exactly what the dissector's fields show in the same run.
BUILD_DIR=$1 SRC_DIR=$2
. "$SRC_DIR/tests/integration/lib.sh"

# The tree as "path<TAB>count" lines, sorted: the rows between the dashed
# rules, nesting from the indentation (one space per level), the name
# ending at the first run of 2+ spaces.  Sibling order (by count, then
# name) and the other columns do not matter here.
stats_rows() {
    rstf_tshark "$@" -q -z rstf,tree |
        awk '/^-+$/ { inside = !inside; next }
             inside && NF {
                 match($0, /^ */); depth = RLENGTH
                 rest = substr($0, depth + 1)
                 split(rest, col, /  +/)
                 path[depth] = col[1]
                 p = path[0]
                 for (i = 1; i <= depth; i++) p = p "/" path[i]
                 print p "\t" col[2]
             }' | sort
}

# Every scorer's name, as the dissector lists them (the tree shows each, 0 too).
scorers=$(rstf_tshark -r "$CAPTURES/bigbank-rst.pcap" -Y rstf -T fields -E occurrence=a -E aggregator=, \
    -e rstf.evidence.scorer | head -n1)

# The rows the tree must hold, worked out from the dissector's own fields in
# the same mode (single pass or -2): every verdict (0 too), every claimed
# sender address:port and its verdicts, every scorer and the votes it cast.
expected_rows() {
    rstf_tshark "$@" -Y rstf -T fields -E separator=/t -E occurrence=a -E aggregator=, \
        -e ip.src -e ipv6.src -e tcp.srcport -e rstf.verdict -e rstf.evidence.scorer -e rstf.evidence.origin |
        awk -F'\t' -v all="$scorers" '
            BEGIN { n = 0; split("server midpath client unknown", vs, " ")
                    k = split(all, names, ","); for (i = 1; i <= k; i++) scorer[names[i]] = 0 }
            {
                split($1, a4, ","); split($2, a6, ","); split($3, port, ",")
                sender = a4[1] != "" ? a4[1] ":" port[1] : "[" a6[1] "]:" port[1]
                n++; verdict[$4]++; snd[sender]++; sv[sender "/" $4]++
                k = split($5, sc, ","); split($6, o, ",")
                for (i = 1; i <= k; i++) { scorer[sc[i]]++; vote[sc[i] "/" o[i]]++ }
            }
            END {
                print "RSTs by verdict\t" n
                for (i = 1; i <= 4; i++) print "RSTs by verdict/" vs[i] "\t" verdict[vs[i]] + 0
                print "RSTs by claimed sender\t" n
                for (x in snd) print "RSTs by claimed sender/" x "\t" snd[x]
                for (x in sv) print "RSTs by claimed sender/" x "\t" sv[x]
                print "Scorer votes\t" n
                for (x in scorer) print "Scorer votes/" x "\t" scorer[x]
                for (x in vote) print "Scorer votes/" x "\t" vote[x]
            }' | sort
}

# Every capture, in both modes: the tree is exactly what the dissector
# showed in that run.  tshark runs taps on one pass only (the second with
# -2): counts from both passes would be doubled.
declare -A tree
for pcap in $(captures); do
    name=$(basename "$pcap")
    for mode in single two; do
        opt=(); [ $mode = two ] && opt=(-2)
        got=$(stats_rows "${opt[@]}" -r "$pcap")
        want=$(expected_rows "${opt[@]}" -r "$pcap")
        tree[$name/$mode]=$got
        if [ -z "$got" ]; then
            fail "$name ($mode pass): no rstf statistics (is -z rstf,tree registered?)"
        elif [ "$got" = "$want" ]; then
            pass "$name ($mode pass): $(awk -F'\t' '$1 == "RSTs by verdict" { print $2 }' <<<"$got") RST(s), tree matches the dissector"
        else
            fail "$name ($mode pass): tree differs from the dissector's fields (< tree, > fields)"
            diff <(printf '%s\n' "$got") <(printf '%s\n' "$want") | sed 's/^/    /' >&2
        fi
    done
done

# Ground truth (captures/manifest.tsv) seen through the tree, with -2.
has() { # NAME ROW
    grep -qxF "$2" <<<"${tree[$1/two]}" && pass "$1: $2" || fail "$1: no row '$2'"
}
has bigbank-rst.pcap $'RSTs by verdict/midpath\t1'
has bigbank-rst.pcap $'RSTs by claimed sender/198.51.100.20:443/midpath\t1'
has bigbank-rst-v6.pcap $'RSTs by claimed sender/[2001:db8:2::20]:443/midpath\t1'
has reused-5tuple.pcap $'RSTs by claimed sender/198.51.100.20:443\t2'
has reused-5tuple.pcap $'RSTs by claimed sender/198.51.100.20:443/server\t1'
has reused-5tuple.pcap $'RSTs by claimed sender/198.51.100.20:443/midpath\t1'
has closed-port.pcap $'RSTs by verdict/server\t2'
has client-rst.pcap $'RSTs by claimed sender/192.0.2.10:44871/client\t1'
has midstream-rst.pcap $'RSTs by verdict/unknown\t1'
# A quoted RST inside an ICMP error is no RST segment: nothing counted.
has icmp-quoted-rst.pcap $'RSTs by verdict\t0'
# An empty tree still lists every verdict and scorer.
has icmp-quoted-rst.pcap $'RSTs by verdict/midpath\t0'
has icmp-quoted-rst.pcap $'Scorer votes/ttl\t0'
finish
