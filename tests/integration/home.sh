# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by tests that need Wireshark's personal folders (a profile, a
# personal plugin folder) under their own control, which `rstf tshark`
# (throwaway HOME, our plugin only) does not offer.  Wireshark ignores
# personal folders when run as root, so as root tshark runs as nobody.

# new_home VAR: a fresh, world-readable HOME in $VAR, removed when the test
# exits (not in a $(...) subshell, so the list to remove stays ours).
new_home() {
    local h
    h=$(mktemp -d /tmp/rstf-home.XXXXXX)
    chmod 0755 "$h"
    RSTF_HOMES+=("$h")
    printf -v "$1" '%s' "$h"
}
RSTF_HOMES=()
trap 'rm -rf "${RSTF_HOMES[@]}"' EXIT

# The Wireshark major.minor the build is for ("4.0"), from its plugin tree.
wireshark_mm() {
    ls "$BUILD_DIR/plugins"
}

# tshark_home HOME ARGS...: the real tshark with HOME as its home.
tshark_home() {
    local home=$1; shift
    local env=(env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$home" LC_ALL=C.UTF-8)
    if [ "$(id -u)" = 0 ]; then
        (cd "$home" && setpriv --reuid=65534 --regid=65534 --clear-groups "${env[@]}" tshark "$@")
    else
        (cd "$home" && "${env[@]}" tshark "$@")
    fi
}

# Copy a capture where nobody can read it.
readable_copy() {
    local home=$1 pcap=$2
    cp "$pcap" "$home/" && chmod 0644 "$home/$(basename "$pcap")"
    printf '%s\n' "$home/$(basename "$pcap")"
}
