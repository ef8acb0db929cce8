#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# tshark -G fields lists every documented rstf field with its type, and the
# field reference in docs/fields.md names exactly those fields (expert entries
# are registered as filterable rstf.* fields too, so they are documented there).
BUILD_DIR=$1 SRC_DIR=$2
. "$SRC_DIR/tests/integration/lib.sh"

# -G fields rows: F <name> <abbrev> <type> <parent> ...
glossary=$(rstf_tshark -G fields)
registered=$(awk -F'\t' '$1 == "F" && $5 == "rstf" { print $3 "\t" $4 }' <<<"$glossary" | sort)
[ -n "$registered" ] || fail "no rstf field registered"

expected=$'rstf.verdict\tFT_STRING
rstf.confidence\tFT_DOUBLE
rstf.claimed\tFT_STRING
rstf.direction\tFT_STRING
rstf.score.server\tFT_DOUBLE
rstf.score.midpath\tFT_DOUBLE
rstf.score.client\tFT_DOUBLE
rstf.evidence\tFT_NONE
rstf.evidence.scorer\tFT_STRING
rstf.evidence.origin\tFT_STRING
rstf.evidence.weight\tFT_DOUBLE
rstf.evidence.reason\tFT_STRING'
while IFS=$'\t' read -r name type; do
    got=$(printf '%s\n' "$registered" | awk -F'\t' -v n="$name" '$1 == n { print $2 }')
    [ "$got" = "$type" ] && pass "$name $type" || fail "$name: registered as '${got:-nothing}', want $type"
done <<<"$expected"

doc="$SRC_DIR/docs/fields.md"
if [ -f "$doc" ]; then
    documented=$(grep -oE '`rstf\.[a-z0-9_.]+`' "$doc" | tr -d '`' | sort -u)
    # Helper protocols named rstf.* (-G fields: P <name> <abbrev>) are documented too.
    helpers=$(awk -F'\t' '$1 == "P" && $3 ~ /^rstf\./ { print $3 }' <<<"$glossary")
    names=$(printf '%s\n' "$registered" | cut -f1; printf '%s\n' "$helpers")
    names=$(printf '%s\n' "$names" | grep . | sort -u)
    missing=$(comm -23 <(printf '%s\n' "$names") <(printf '%s\n' "$documented"))
    stale=$(comm -13 <(printf '%s\n' "$names") <(printf '%s\n' "$documented"))
    [ -z "$missing" ] || fail "fields not in docs/fields.md: $missing"
    [ -z "$stale" ] || fail "docs/fields.md names fields that do not exist: $stale"
else
    fail "docs/fields.md is missing"
fi
finish
