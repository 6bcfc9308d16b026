#!/usr/bin/env bash
# libvirt-guest.sh: the package test's Debian 12 guest (guest.sh) run as a real libvirt domain, so
# that virsh drives the agent exactly as it does on a host (docs/install.md, "Through libvirt").
#
#   libvirt-guest.sh daemons               starts virtlogd and libvirtd if they are not running
#   libvirt-guest.sh start CACHE IMG RUNDIR DOMAIN
#                                          defines DOMAIN (persistent, so it can be started again
#                                          after an agent shutdown) and starts it; prints SHELL=,
#                                          SERIAL= and DOMAIN= lines
#   libvirt-guest.sh stop DOMAIN           destroys and undefines DOMAIN
#
# libvirt picks and connects the agent's socket itself (a <channel type='unix'> with target
# org.qemu.guest_agent.0, as virt-install writes it). The test's root shell is a second channel on
# a socket in RUNDIR. The guest has no network interface at all: no traffic can leave QEMU, and
# libvirt's NAT network is never started. Where PID 1 is not systemd (a container), nothing starts
# libvirt's daemons, so `daemons` runs them in the background as their packages would.
# Needs libvirt-daemon-system (the -sysv flavour where PID 1 is not systemd) and libvirt-clients.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
log() { echo "libvirt-guest.sh: $*" >&2; }
die() { log "$*"; exit 1; }
virsh() { timeout 120 "$(type -P virsh)" -c qemu:///system "$@"; }

daemons() {
  command -v virsh >/dev/null || die "needs virsh (apt-get install libvirt-clients)"
  [ -x /usr/sbin/libvirtd ] || die "needs libvirtd (apt-get install libvirt-daemon-system libvirt-daemon-system-sysv)"
  pgrep -x virtlogd >/dev/null || /usr/sbin/virtlogd -d
  if ! pgrep -x libvirtd >/dev/null; then
    /usr/sbin/libvirtd -d
  fi
  for _ in $(seq 100); do
    virsh version >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  die "libvirtd does not answer on qemu:///system"
}

domain_xml() { # KERNEL INITRD IMG RUNDIR DOMAIN
  cat <<XML
<domain type='qemu'>
  <name>$5</name>
  <memory unit='MiB'>${JGA_E2E_MEM:-768}</memory>
  <vcpu>2</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$1</kernel>
    <initrd>$2</initrd>
    <cmdline>console=ttyS0 root=/dev/vda rw panic=-1 quiet loglevel=4 tsc=reliable no_timer_check systemd.show_status=1 systemd.journald.forward_to_console=1</cmdline>
  </os>
  <cpu mode='custom' match='exact'><model fallback='allow'>qemu64</model></cpu>
  <clock offset='utc'/>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw' cache='unsafe' discard='unmap'/>
      <source file='$3'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <serial type='file'>
      <source path='$4/serial.log' append='on'/>
      <target port='0'/>
    </serial>
    <channel type='unix'>
      <target type='virtio' name='org.qemu.guest_agent.0'/>
    </channel>
    <channel type='unix'>
      <source mode='bind' path='$4/shell.sock'/>
      <target type='virtio' name='org.jga.e2e.shell'/>
    </channel>
    <rng model='virtio'><backend model='random'>/dev/urandom</backend></rng>
    <memballoon model='none'/>
  </devices>
</domain>
XML
}

cmd=${1:-}; shift || true
case $cmd in
  daemons)
    daemons
    ;;
  start)
    cache=$1 img=$2 run=$3 domain=$4
    daemons
    eval "$("$here/guest.sh" prepare "$cache")"
    mkdir -p "$run"; rm -f "$run/shell.sock"
    # libvirt runs QEMU as libvirt-qemu and chowns the files it is given, not their directories.
    chmod 0777 "$run"
    for dir in "$(dirname "$img")" "$(dirname "$KERNEL")" "$(dirname "$INITRD")"; do
      d=$dir; while [ "$d" != / ]; do chmod o+x "$d" 2>/dev/null || true; d=$(dirname "$d"); done
    done
    if virsh dominfo "$domain" >/dev/null 2>&1; then
      virsh destroy "$domain" >/dev/null 2>&1 || true
      virsh undefine "$domain" >/dev/null 2>&1 || true
    fi
    domain_xml "$KERNEL" "$INITRD" "$img" "$run" "$domain" > "$run/domain.xml"
    virsh define "$run/domain.xml" >&2
    virsh start "$domain" >&2
    printf 'SHELL=%s\nSERIAL=%s\nDOMAIN=%s\n' "$run/shell.sock" "$run/serial.log" "$domain"
    ;;
  stop)
    domain=$1
    virsh destroy "$domain" >/dev/null 2>&1 || true
    virsh undefine "$domain" >/dev/null 2>&1 || true
    ;;
  *) sed -n '2,17p' "$0" >&2; exit 2 ;;
esac
