#!/usr/bin/env bash
# packaging/build-deb.sh: builds the Debian package jga-agent_<version>_amd64.deb (docs/install.md):
# a jlink'ed java.base runtime, the agent's jars, an AOT cache made by a training run of exactly
# what ships, the launcher /usr/sbin/jga-agent, a systemd unit and udev rule equivalent to
# Debian's qemu-guest-agent, and the fsfreeze hook. Needs JDK 25 (jlink; bin/jdk.sh finds it),
# objcopy and strip (binutils) and dpkg-deb (dpkg); no root, no fakeroot (--root-owner-group).
#
#   packaging/build-deb.sh [--jars DIR] [--out DIR] [--version V]
#
# --jars: the runtime jars (default: builds dist/target/jga/lib with Maven). --out: where the
# staging tree and the .deb go (default packaging/target). Prints the .deb's path on stdout.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
root=$(cd "$here/.." && pwd)
jars="" out="$here/target" version=""
while [ $# -gt 0 ]; do
  case $1 in
    --jars) jars=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    *) echo "build-deb.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
. "$root/bin/jdk.sh"
jdk=$JGA_JAVA_HOME
for tool in objcopy strip dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "build-deb.sh: needs $tool (apt-get install binutils dpkg)" >&2; exit 1; }
done
if [ -z "$jars" ]; then
  (cd "$root" && JAVA_HOME="$jdk" mvn -q -B -DskipTests -pl dist -am package >&2)
  jars="$root/dist/target/jga/lib"
fi
if [ -z "$version" ]; then
  # Maven's 0.1.0-SNAPSHOT is Debian's 0.1.0~snapshot (sorts before 0.1.0)
  version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$root/pom.xml" | head -1)
  version=${version/-SNAPSHOT/\~snapshot}
fi
log() { echo "build-deb.sh: $*" >&2; }

stage="$out/deb-root"
lib="$stage/usr/lib/jga-agent"
rm -rf "$stage" "$out/training"
mkdir -p "$lib/lib" "$stage/usr/sbin" "$stage/DEBIAN" "$stage/lib/systemd/system" "$stage/lib/udev/rules.d" \
  "$stage/etc/qemu/fsfreeze-hook.d" "$stage/usr/share/doc/jga-agent/examples"

# 1. Runtime: java.base and jdk.management (jdeps --print-module-deps of the jars says so): the
#    latter (with java.management) only for HeapReturn's collection, which lowers the heap's free
#    ratios through HotSpotDiagnosticMXBean so that the heap a burst grew goes back.
#    Temurin 25 has no jmods/ and links from its own run-time image (JEP 493);
#    --strip-debug runs objcopy.
#    No --generate-cds-archive: the AOT cache below replaces the default CDS archive (28 MB).
#    Compression: the classes of java.lang and java.util (and their subpackages: invoke, foreign
#    types, concurrent, stream, regex...) are stored uncompressed, the rest of java.base deflated
#    (zip-6). Deflated classes do not shrink again under the .deb's xz, raw ones do by ~4x: the two
#    hot packages raw cost 4.4 MB installed and save 1.8 MB of download. All zip-0 would save
#    6.2 MB of download for 14 MB installed (over the 60 MB goal). Start is the same either way:
#    the classes a start needs come from the AOT cache (docs/performance.md, "Package size").
#    JGA_JLINK_COMPRESS overrides the whole setting (e.g. zip-6, zip-0).
jlink_compress=${JGA_JLINK_COMPRESS:-'zip-6:filter=regex:/java\.base/(?!java/lang/|java/util/).*'}
"$jdk/bin/jlink" --add-modules java.base,jdk.management --strip-debug --no-man-pages --no-header-files \
  --compress="$jlink_compress" --output "$lib/runtime"
# Symbol tables are not needed to run (the JVM resolves through .dynsym): 5 MB off libjvm.so.
find "$lib/runtime" -name '*.so' -exec strip --strip-unneeded {} +
strip --strip-unneeded "$lib/runtime/bin/java"
# Not used by the agent: keytool, the jrt filesystem for other JDKs, the CDS class list.
rm -f "$lib/runtime/bin/keytool" "$lib/runtime/lib/jrt-fs.jar" "$lib/runtime/lib/classlist" \
  "$lib/runtime/lib/security/public_suffix_list.dat"
# The security properties without their comments (same properties, checked): the JDK parses the
# file before a unix-socket agent's first reply.
"$jdk/bin/java" "$here/src/main/java/dev/jga/packaging/CompactProperties.java" \
  "$lib/runtime/conf/security/java.security" >&2

# 2. Jar, launcher, JVM flags. The agent's jars only: jga-cli and jga-client are the host's tools
# (bin/jga), not the guest's.
# They ship merged into one jar: the JVM opens and checks each jar of the class path before main
# (measured: a few ms at most on a start, within noise; docs/performance.md).
# No entry may be in two of them (the service file and version.properties are each in one).
agent_jars=()
for jar in "$jars"/*.jar; do
  case ${jar##*/} in jga-cli*.jar|jga-client*.jar) ;; *) agent_jars+=("$jar") ;; esac
done
shared=$(for jar in "${agent_jars[@]}"; do "$jdk/bin/jar" tf "$jar"; done \
  | grep -v -e '/$' -e '^META-INF/MANIFEST.MF$' -e '^META-INF/maven/' | sort | uniq -d)
[ -z "$shared" ] || { log "the agent's jars share entries, cannot merge them: $shared"; exit 1; }
merged="$out/merged-jar"
rm -rf "$merged" && mkdir -p "$merged"
for jar in "${agent_jars[@]}"; do (cd "$merged" && "$jdk/bin/jar" xf "$jar"); done
rm -rf "$merged/META-INF/MANIFEST.MF" "$merged/META-INF/maven"
"$jdk/bin/jar" --create --file "$lib/lib/jga-agent.jar" -C "$merged" .
rm -rf "$merged"
classpath="\$lib/lib/jga-agent.jar" trainpath="$lib/lib/jga-agent.jar"
# The entry point that names the Linux platform (no class-path scan for a service file at start).
main=dev.jga.platform.linux.LinuxAgentMain
install -m 0644 "$here/deb/jvm.options" "$lib/jvm.options"
sed -e "s|@CLASSPATH@|\"$classpath\"|" -e "s|@MAIN@|$main|" "$here/deb/jga-agent.sh" > "$stage/usr/sbin/jga-agent"
chmod 0755 "$stage/usr/sbin/jga-agent"
# qemu-ga's own name, for scripts and units that call it directly (same command line)
ln -s jga-agent "$stage/usr/sbin/qemu-ga"

# 3. AOT cache: a training run of the staged launcher's exact runtime, jars and flags.
#    (The JVM maps it from another directory too: it substitutes the class path's common prefix.)
log "AOT training run"
"$jdk/bin/java" "$here/src/main/java/dev/jga/packaging/AotTraining.java" --java "$lib/runtime/bin/java" \
  --options "$lib/jvm.options" --classpath "$trainpath" --main "$main" --output "$lib/jga-agent.aot" --work "$out/training" >&2
# The shipped runtime must accept the cache (AOTMode=on fails otherwise).
"$lib/runtime/bin/java" @"$lib/jvm.options" -XX:AOTMode=on -XX:AOTCache="$lib/jga-agent.aot" -cp "$trainpath" \
  -version >/dev/null 2>"$out/aot-check.log" \
  || { cat "$out/aot-check.log" >&2; log "the runtime rejects its AOT cache"; exit 1; }

# 4. systemd unit (plus the qemu-guest-agent.service alias), udev rule, fsfreeze hook, docs.
install -m 0644 "$here/deb/jga-agent.service" "$stage/lib/systemd/system/jga-agent.service"
ln -s jga-agent.service "$stage/lib/systemd/system/qemu-guest-agent.service"
install -m 0644 "$here/deb/60-jga-agent.rules" "$stage/lib/udev/rules.d/60-jga-agent.rules"
install -m 0755 "$here/deb/fsfreeze-hook" "$stage/etc/qemu/fsfreeze-hook"
install -m 0644 "$here/deb/copyright" "$stage/usr/share/doc/jga-agent/copyright"
install -m 0644 "$here/deb/qemu-ga.conf.example" "$stage/usr/share/doc/jga-agent/examples/qemu-ga.conf"
install -m 0644 "$here/deb/README.Debian" "$stage/usr/share/doc/jga-agent/README"

# 5. Control files. Installed-Size is in KiB, as dpkg-gencontrol counts it.
size=$(du -sk --apparent-size --exclude=DEBIAN "$stage" | cut -f1)
sed -e "s|@VERSION@|$version|" -e "s|@INSTALLED_SIZE@|$size|" "$here/deb/control.in" > "$stage/DEBIAN/control"
echo /etc/qemu/fsfreeze-hook > "$stage/DEBIAN/conffiles"
for script in postinst prerm postrm; do install -m 0755 "$here/deb/$script" "$stage/DEBIAN/$script"; done
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum) > "$stage/DEBIAN/md5sums"
chmod -R go-w "$stage"

deb="$out/jga-agent_${version}_amd64.deb"
log "dpkg-deb --build ($size KiB installed)"
dpkg-deb --root-owner-group -Zxz -z9 -Sextreme --build "$stage" "$deb" >&2
log "$(du -h "$deb" | cut -f1) $deb"
echo "$deb"
