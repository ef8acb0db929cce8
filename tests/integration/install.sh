#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# cmake --install puts rstf.so and the rst-forensics profile where this
# Wireshark looks (its own `tshark -G folders`): the global folders by
# default, the personal ones with RSTF_INSTALL_PERSONAL (then tshark really
# loads both from there), and cpack makes a .deb that depends on the
# libwireshark the plugin was built against.
BUILD_DIR=$1 SRC_DIR=$2
. "$SRC_DIR/tests/integration/lib.sh"
. "$SRC_DIR/tests/integration/home.sh"

mm=$(wireshark_mm)
new_home tmp
folder() { # folder LABEL <<<"$(tshark -G folders)"
    awk -F'\t' -v l="$1:" '{ k = $1; sub(/ +$/, "", k) } k == l { print $2; exit }'
}
profile_files="preferences colorfilters dfilter_buttons"

# 1. System layout, staged with DESTDIR.
folders=$(tshark -G folders 2>/dev/null)
global_plugins=$(folder "Global Plugins" <<<"$folders")/epan
global_profiles=$(folder "Global configuration" <<<"$folders")/profiles
if grep -q '^RSTF_INSTALL_PERSONAL:BOOL=ON$' "$BUILD_DIR/CMakeCache.txt"; then
    pass "system layout skipped: $BUILD_DIR installs into personal folders"
else
    DESTDIR="$tmp/stage" cmake --install "$BUILD_DIR" >"$tmp/install.log" 2>&1 ||
        { fail "cmake --install failed"; sed 's/^/    /' "$tmp/install.log" >&2; }
    so="$tmp/stage$global_plugins/rstf.so"
    [ -f "$so" ] && cmp -s "$so" "$BUILD_DIR/plugins/$mm/epan/rstf.so" &&
        pass "rstf.so in $global_plugins" || fail "no rstf.so (the one built) in $global_plugins"
    for f in $profile_files; do
        cmp -s "$tmp/stage$global_profiles/rst-forensics/$f" "$BUILD_DIR/profiles/rst-forensics/$f" &&
            pass "profile file $global_profiles/rst-forensics/$f" ||
            fail "profile file $f missing from $global_profiles/rst-forensics"
    done
fi

# 2. Personal layout: a separate build tree configured with
# RSTF_INSTALL_PERSONAL for a throwaway HOME, its plugin component installed
# there, then tshark running as that user finds both by itself.
new_home home
pbuild="$tmp/personal-build"
if HOME=$home XDG_CONFIG_HOME= cmake -S "$SRC_DIR" -B "$pbuild" -DRSTF_INSTALL_PERSONAL=ON \
        -DCMAKE_BUILD_TYPE=Release >"$tmp/personal.log" 2>&1 &&
   cmake --build "$pbuild" --target rstf -j2 >>"$tmp/personal.log" 2>&1 &&
   cmake --install "$pbuild" --component plugin >>"$tmp/personal.log" 2>&1; then
    chmod -R a+rX "$home"
    folders=$(tshark_home "$home" -G folders 2>/dev/null)
    personal_plugins=$(folder "Personal Plugins" <<<"$folders")/epan
    personal_profiles=$(folder "Personal configuration" <<<"$folders")/profiles
    [ -f "$personal_plugins/rstf.so" ] && pass "personal rstf.so in $personal_plugins" ||
        fail "no rstf.so in $personal_plugins"
    for f in $profile_files; do
        [ -f "$personal_profiles/rst-forensics/$f" ] && pass "personal profile file $f" ||
            fail "profile file $f missing from $personal_profiles/rst-forensics"
    done
    plugins=$(tshark_home "$home" -G plugins 2>/dev/null || true)
    grep -q "rstf.so.*$personal_plugins" <<<"$plugins" &&
        pass "tshark loads the personal rstf.so" || fail "tshark does not load $personal_plugins/rstf.so"
    pcap=$(readable_copy "$home" "$CAPTURES/bigbank-rst.pcap")
    row=$(tshark_home "$home" -C rst-forensics -r "$pcap" -Y rstf 2>&1)
    grep -q ' midpath 100\.0% ' <<<"$row" && pass "profile rst-forensics found: $row" ||
        fail "tshark -C rst-forensics with the personal install: '$row'"
else
    fail "personal build/install failed"; tail -n 30 "$tmp/personal.log" | sed 's/^/    /' >&2
fi

# 3. The .deb: the same files at the system paths, Depends on this
# Wireshark's libwireshark package, for this major.minor only.
if [ ! -f "$BUILD_DIR/CPackConfig.cmake" ]; then
    pass "no CPack configuration (personal install build): .deb not checked"
elif cpack --config "$BUILD_DIR/CPackConfig.cmake" -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1; then
    deb=$(ls "$tmp"/pkg/*.deb)
    contents=$(dpkg-deb -c "$deb" | awk '{ print $NF }')
    for path in "$global_plugins/rstf.so" "$global_profiles/rst-forensics/preferences" \
                "$global_profiles/rst-forensics/colorfilters" \
                "$global_profiles/rst-forensics/dfilter_buttons" /usr/bin/rstf; do
        grep -qxF ".$path" <<<"$contents" && pass ".deb holds $path" || fail ".deb lacks $path"
    done
    lib=$(ldd "$(command -v tshark)" | awk '/libwireshark\.so/ { print $3 }')
    pkg=$(dpkg-query -S "$(readlink -f "$lib")" | cut -d: -f1)
    next="${mm%.*}.$(( ${mm#*.} + 1 ))"
    depends=$(dpkg-deb -f "$deb" Depends)
    [ "$depends" = "$pkg (>= $mm), $pkg (<< $next~)" ] &&
        pass ".deb Depends: $depends" || fail ".deb Depends '$depends', want $pkg for $mm only"
    [ "$(dpkg-deb -f "$deb" Package)" = rst-forensics ] || fail ".deb is not named rst-forensics"
else
    fail "cpack failed"; tail -n 30 "$tmp/cpack.log" | sed 's/^/    /' >&2
fi
finish
