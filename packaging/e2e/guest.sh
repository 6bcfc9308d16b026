#!/usr/bin/env bash
# guest.sh: a Debian 12 guest with systemd for the package's end-to-end test (docs/install.md).
#
#   guest.sh prepare CACHE            cached inputs; prints KERNEL=, INITRD=, BASE_IMAGE= lines
#   guest.sh image CACHE DEB... IMG   a fresh disk image: the base image plus the .debs in /srv/debs
#   guest.sh boot CACHE IMG RUNDIR    starts QEMU (TCG) in the background; prints QGA=, SHELL=, QMP=,
#                                     SERIAL=, PID= lines; sockets and logs live in RUNDIR
#   guest.sh stop RUNDIR              stops QEMU (SIGTERM, then SIGKILL after 5 s)
#
# The guest: `debootstrap --variant=minbase` bookworm with systemd, udev and the real
# qemu-guest-agent (debian-rootfs.sh), in an ext4 image made by `mkfs.ext4 -d` (no mount, no
# loop device); Debian's cloud kernel booted through PVH (the recipe of
# reference/vm-guest/boot-guest.sh), with a busybox initramfs that loads the virtio modules
# (they are modules in Debian's kernels) and switches to the disk. The guest has no network.
# Two virtio-serial ports: org.qemu.guest_agent.0 (the agent's, host side QGA=) and
# org.jga.e2e.shell (a root shell for the test, SHELL=; see e2e-shell). Every step has a timeout.
# Needs root, debootstrap, qemu-system-x86, e2fsprogs, cpio, lz4 (docs/install.md).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
log() { echo "guest.sh: $*" >&2; }
die() { log "$*"; exit 1; }

apt_download() { # DIR PACKAGE
  (cd "$1" && timeout 300 apt-get download "$2" >/dev/null 2>"$1/apt-download.log") \
    || { timeout 300 apt-get update -q >/dev/null 2>&1 || true
         (cd "$1" && timeout 300 apt-get download "$2" >/dev/null 2>"$1/apt-download.log"); }
}

# The cloud kernel as an uncompressed vmlinux (PVH entry), and the modules the guest needs.
kernel() { # CACHE -> prints the kernel directory
  local cache=$1 kpkg kd kx kver
  kpkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
  if [ -z "$kpkg" ]; then
    timeout 300 apt-get update -q >/dev/null 2>&1 || true
    kpkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
  fi
  [ -n "$kpkg" ] || die "cannot resolve linux-image-cloud-amd64 (apt-get update?)"
  kver=${kpkg#linux-image-}
  kd="$cache/kernel-$kver"
  if [ ! -f "$kd/vmlinux" ]; then
    log "downloading $kpkg"
    kx="$cache/kx"; rm -rf "$kx" "$kd"; mkdir -p "$kx/debs" "$kd/modules"
    apt_download "$kx/debs" "$kpkg" || die "apt-get download $kpkg failed"
    dpkg-deb -x "$kx"/debs/"$kpkg"_*.deb "$kx/root"
    cp "$kx/root/boot/config-$kver" "$kd/config"
    for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk \
             virtio_console virtio-rng autofs4; do
      f=$(find "$kx/root/lib/modules/$kver" -name "$m.ko" | head -1)
      if [ -n "$f" ]; then cp "$f" "$kd/modules/"; fi
    done
    local vmlinuz="$kx/root/boot/vmlinuz-$kver" setup poff plen
    setup=$(od -An -tu1 -j 497 -N1 "$vmlinuz" | tr -d ' '); [ "$setup" = 0 ] && setup=4
    poff=$(od -An -tu4 -j $((0x248)) -N4 "$vmlinuz" | tr -d ' ')
    plen=$(od -An -tu4 -j $((0x24c)) -N4 "$vmlinuz" | tr -d ' ')
    dd if="$vmlinuz" of="$kx/payload" bs=1M iflag=skip_bytes,count_bytes skip=$(( (setup + 1) * 512 + poff )) \
      count="$plen" status=none
    if grep -q '^CONFIG_KERNEL_LZ4=y' "$kd/config"; then lz4 -dc "$kx/payload" > "$kd/vmlinux.tmp" 2>/dev/null || true
    elif grep -q '^CONFIG_KERNEL_XZ=y' "$kd/config"; then xz -dc --single-stream "$kx/payload" > "$kd/vmlinux.tmp" 2>/dev/null || true
    else gzip -dc "$kx/payload" > "$kd/vmlinux.tmp" 2>/dev/null || true; fi
    head -c 4 "$kd/vmlinux.tmp" | grep -q ELF || die "could not extract vmlinux from $vmlinuz"
    mv "$kd/vmlinux.tmp" "$kd/vmlinux"
    rm -rf "$kx"
  fi
  echo "$kd"
}

# busybox initramfs: load the virtio modules, mount /dev/vda, switch_root to systemd.
initrd() { # CACHE KERNELDIR -> prints the initrd path
  local cache=$1 kd=$2 key out r
  key=$(cat "$kd/config" <(ls "$kd/modules") <(declare -f initrd) | sha256sum | cut -c1-12)
  out="$cache/initrd-$key.cpio.lz4"
  if [ ! -f "$out" ]; then
    log "building the initramfs"
    r="$cache/initrd-root"; rm -rf "$r"; mkdir -p "$r"/{bin,dev,proc,sys,newroot,modules}
    if [ ! -x "$cache/busybox/bin/busybox" ]; then
      rm -rf "$cache/busybox"; mkdir -p "$cache/busybox/debs"
      apt_download "$cache/busybox/debs" busybox-static || die "apt-get download busybox-static failed"
      dpkg-deb -x "$cache"/busybox/debs/busybox-static_*.deb "$cache/busybox"
    fi
    cp "$cache/busybox/bin/busybox" "$r/bin/busybox"
    cp "$kd"/modules/*.ko "$r/modules/"
    cat > "$r/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk virtio_console virtio-rng autofs4; do
  [ -f /modules/$m.ko ] && insmod /modules/$m.ko
done
i=0; while [ ! -b /dev/vda ] && [ $i -lt 500 ]; do sleep 0.02; i=$((i+1)); done
mount -t ext4 -o rw,noatime /dev/vda /newroot || { echo "initrd: cannot mount /dev/vda"; poweroff -f; }
umount /proc /sys; mount --move /dev /newroot/dev
exec switch_root /newroot /sbin/init
INIT
    chmod 0755 "$r/init"
    (cd "$r" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc --owner=0:0 --quiet) | lz4 -l -9 -q -f - "$out.tmp"
    mv "$out.tmp" "$out"; rm -rf "$r"
  fi
  echo "$out"
}

# The root filesystem image: debootstrap's tree plus the test's shell service; no fsck, no timers.
base_image() { # CACHE ROOTFS -> prints the image path
  local cache=$1 rootfs=$2 key out tree
  key=$(cat "$rootfs/.complete" <(echo "$rootfs") "$here/e2e-shell" <(declare -f base_image) | sha256sum | cut -c1-12)
  out="$cache/base-$key.ext4"
  if [ ! -f "$out" ]; then
    log "building the base disk image"
    tree="$cache/base-tree"; rm -rf "$tree"
    cp -a "$rootfs" "$tree"
    rm -f "$tree/.complete"
    # /srv/debs, not /root: apt fetches a local .deb as the _apt user when its index knows the same
    # version. apt-get download names it qemu-guest-agent_1%3a7.2..., which apt misreads as a path.
    mkdir -p "$tree/srv/debs"
    mv "$tree"/root/debs/qemu-guest-agent_*.deb "$tree/srv/debs/qemu-guest-agent.deb"
    rmdir "$tree/root/debs"
    echo jga-e2e > "$tree/etc/hostname"
    printf '127.0.0.1 localhost jga-e2e\n' > "$tree/etc/hosts"
    printf '/dev/vda / ext4 rw,noatime 0 0\n' > "$tree/etc/fstab"
    install -m 0755 "$here/e2e-shell" "$tree/usr/local/sbin/e2e-shell"
    cat > "$tree/etc/systemd/system/jga-e2e-shell.service" <<'UNIT'
[Unit]
Description=root shell on virtio-serial port org.jga.e2e.shell (jga's package test only)
BindsTo=dev-virtio\x2dports-org.jga.e2e.shell.device
After=dev-virtio\x2dports-org.jga.e2e.shell.device
[Service]
ExecStart=/usr/local/sbin/e2e-shell /dev/virtio-ports/org.jga.e2e.shell
Restart=always
RestartSec=0
UNIT
    printf 'SUBSYSTEM=="virtio-ports", ATTR{name}=="org.jga.e2e.shell", TAG+="systemd", ENV{SYSTEMD_WANTS}="jga-e2e-shell.service"\n' \
      > "$tree/etc/udev/rules.d/60-jga-e2e-shell.rules"
    # Nothing that would reach for the network or the disk in the background while the test runs.
    for unit in apt-daily.timer apt-daily-upgrade.timer dpkg-db-backup.timer e2scrub_all.timer fstrim.timer \
                e2scrub_reap.service getty@tty1.service systemd-pstore.service; do
      ln -sfn /dev/null "$tree/etc/systemd/system/$unit"
    done
    rm -f "$tree"/var/cache/apt/*.bin
    timeout 300 mkfs.ext4 -q -F -L jga-e2e -d "$tree" "$out.tmp" 2G >&2
    mv "$out.tmp" "$out"; rm -rf "$tree"
  fi
  echo "$out"
}

cmd=${1:-}; shift || true
case $cmd in
  prepare)
    cache=$1; mkdir -p "$cache"
    exec 9>"$cache/.lock"; flock -w 1200 9 || die "could not lock $cache"
    for tool in debootstrap qemu-system-x86_64 mkfs.ext4 debugfs cpio lz4; do
      command -v "$tool" >/dev/null || die "needs $tool (apt-get install debootstrap qemu-system-x86 e2fsprogs cpio lz4)"
    done
    rootfs=$("$here/debian-rootfs.sh" "$cache")
    kd=$(kernel "$cache")
    echo "KERNEL=$kd/vmlinux"
    echo "INITRD=$(initrd "$cache" "$kd")"
    echo "BASE_IMAGE=$(base_image "$cache" "$rootfs")"
    ;;
  image)
    cache=$1; shift; img=${*: -1}; debs=("${@:1:$#-1}")
    base=$("$0" prepare "$cache" | sed -n 's/^BASE_IMAGE=//p')
    cp --sparse=always "$base" "$img.tmp"
    for deb in "${debs[@]}"; do
      debugfs -w -R "write $deb /srv/debs/${deb##*/}" "$img.tmp" >/dev/null 2>&1
      debugfs -R "stat /srv/debs/${deb##*/}" "$img.tmp" 2>/dev/null | grep -q "Size: $(stat -c %s "$deb")" \
        || die "could not copy $deb into the image"
    done
    mv "$img.tmp" "$img"
    ;;
  boot)
    cache=$1 img=$2 run=$3
    eval "$("$0" prepare "$cache")"
    mkdir -p "$run"; rm -f "$run"/{qga,shell,qmp}.sock "$run/qemu.pid"
    timeout 60 qemu-system-x86_64 -name jga-e2e -machine pc -accel tcg,thread=multi -cpu qemu64 -smp 1 \
      -m "${JGA_E2E_MEM:-768}" -nodefaults -no-user-config -display none -monitor none \
      -serial "file:$run/serial.log" -qmp "unix:$run/qmp.sock,server=on,wait=off" \
      -kernel "$KERNEL" -initrd "$INITRD" \
      -append "console=ttyS0 root=/dev/vda rw panic=-1 quiet loglevel=4 tsc=reliable no_timer_check systemd.show_status=1 systemd.journald.forward_to_console=1" \
      -drive "file=$img,if=virtio,format=raw,cache=unsafe,discard=unmap" \
      -device virtio-serial-pci,id=vser0 \
      -chardev "socket,id=qga0,path=$run/qga.sock,server=on,wait=off" \
      -device virtserialport,bus=vser0.0,chardev=qga0,name=org.qemu.guest_agent.0,id=qgaport \
      -chardev "socket,id=sh0,path=$run/shell.sock,server=on,wait=off" \
      -device virtserialport,bus=vser0.0,chardev=sh0,name=org.jga.e2e.shell \
      -device virtio-rng-pci -nic none \
      -daemonize -pidfile "$run/qemu.pid" 2>"$run/qemu.err" \
      || { cat "$run/qemu.err" >&2; die "QEMU did not start"; }
    printf 'QGA=%s\nSHELL=%s\nQMP=%s\nSERIAL=%s\nPID=%s\n' "$run/qga.sock" "$run/shell.sock" "$run/qmp.sock" \
      "$run/serial.log" "$(cat "$run/qemu.pid")"
    ;;
  stop)
    run=$1
    [ -f "$run/qemu.pid" ] || exit 0
    pid=$(cat "$run/qemu.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true   # QEMU quits cleanly on SIGTERM
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$run/qemu.pid"
    ;;
  *) sed -n '2,18p' "$0" >&2; exit 2 ;;
esac
