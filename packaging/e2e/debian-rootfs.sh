#!/usr/bin/env bash
# debian-rootfs.sh CACHE_DIR: prints the path of a Debian 12 (bookworm) minbase root filesystem with
# systemd, udev and the real qemu-guest-agent, made by debootstrap and cached under CACHE_DIR keyed by
# its inputs (suite, variant, packages, mirror). A cold run takes a few minutes; a warm one, none.
# Progress goes to stderr; the only stdout line is the directory. Needs root and debootstrap.
set -euo pipefail
cache=${1:?usage: debian-rootfs.sh CACHE_DIR}
suite=bookworm
variant=minbase
# qemu-guest-agent (and its libraries) is in the image so the test can show the switch both ways.
# dbus, as on every installed Debian: qemu-ga 7.2's guest-shutdown runs `shutdown -P +0`, which
# systemd carries out through logind over D-Bus.
include=systemd,systemd-sysv,udev,dbus,qemu-guest-agent
# The mirror apt uses on this host (first deb.debian.org-style URI of the main archive), else Debian's CDN.
mirror=${JGA_DEBIAN_MIRROR:-$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
  | grep -oE 'https?://[^ ]+' | head -1 || true)}
mirror=${mirror:-http://deb.debian.org/debian}
key=$(printf '%s\n' "$suite" "$variant" "$include" "$mirror" | sha256sum | cut -c1-16)
dir="$cache/rootfs-$suite-$key"
if [ -f "$dir/.complete" ]; then echo "$dir"; exit 0; fi
command -v debootstrap >/dev/null || { echo "debian-rootfs.sh: needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
mkdir -p "$cache"
rm -rf "$dir" "$dir.partial"
echo "debian-rootfs.sh: debootstrap --variant=$variant --include=$include $suite from $mirror (a few minutes)..." >&2
timeout 900 debootstrap --variant="$variant" --include="$include" "$suite" "$dir.partial" "$mirror" \
  > "$cache/debootstrap-$key.log" 2>&1 \
  || { tail -20 "$cache/debootstrap-$key.log" >&2; echo "debian-rootfs.sh: debootstrap failed (log: $cache/debootstrap-$key.log)" >&2; exit 1; }
# Keep the qemu-guest-agent .deb: the offline guest reinstalls it to switch back from jga-agent.
mkdir -p "$dir.partial/root/debs"
cp "$dir.partial"/var/cache/apt/archives/qemu-guest-agent_*.deb "$dir.partial/root/debs/" 2>/dev/null \
  || (cd "$dir.partial/root/debs" && timeout 300 apt-get download qemu-guest-agent >/dev/null 2>&1)
ls "$dir.partial"/root/debs/qemu-guest-agent_*.deb >/dev/null
rm -f "$dir.partial"/var/cache/apt/archives/*.deb
touch "$dir.partial/.complete"
mv "$dir.partial" "$dir"
echo "$dir"
