// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.system;

import dev.jga.agent.platform.SystemError;
import dev.jga.agent.platform.SystemInfo;
import dev.jga.platform.linux.nativeapi.TimeOfDay;
import dev.jga.protocol.schema.InfoCommand.GuestLoadAverage;
import dev.jga.protocol.schema.InfoCommand.GuestOsInfo;
import dev.jga.protocol.schema.InfoCommand.GuestTimezone;
import dev.jga.protocol.schema.InfoCommand.GuestUser;
import dev.jga.protocol.wire.Messages;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link SystemInfo} from the files qemu-ga's calls read: uname's fields from /proc/sys/kernel,
 * os-release, the TZif zone, utmp and /proc/loadavg, all under a {@link SystemRoot}.
 */
public final class LinuxSystemInfo implements SystemInfo {

    /** glibc's _PATH_UTMPX. */
    static final String UTMP = "/var/run/utmp";
    static final String LOCALTIME = "/etc/localtime";
    static final String ZONEINFO = "/usr/share/zoneinfo";
    private static final GuestTimezone UTC = new GuestTimezone(Optional.of("UTC"), 0);

    private final SystemRoot root;
    private final Map<String, String> env;

    /** {@code env}: QGA_OS_RELEASE (qemu's test hook for the os-release path) and TZ are read from it. */
    public LinuxSystemInfo(SystemRoot root, Map<String, String> env) {
        this.root = root;
        this.env = Map.copyOf(env);
    }

    public static LinuxSystemInfo live() {
        return new LinuxSystemInfo(SystemRoot.LIVE, System.getenv());
    }

    /** qmp_guest_get_osinfo: uname's release, version and machine, then os-release's fields. */
    @Override
    public GuestOsInfo osInfo() {
        Optional<OsRelease> release = osRelease();
        KernelNames kernel = kernelNames();
        return new GuestOsInfo(kernel.release(), kernel.version(), kernel.machine(),
                release.flatMap(r -> r.get("ID")), release.flatMap(r -> r.get("NAME")),
                release.flatMap(r -> r.get("PRETTY_NAME")), release.flatMap(r -> r.get("VERSION")),
                release.flatMap(r -> r.get("VERSION_ID")), release.flatMap(r -> r.get("VARIANT")),
                release.flatMap(r -> r.get("VARIANT_ID")));
    }

    /** QGA_OS_RELEASE if set (no fallback), else /etc/os-release, else /usr/lib/os-release. */
    private Optional<OsRelease> osRelease() {
        String override = env.get("QGA_OS_RELEASE");
        if (override != null) {
            return OsRelease.read(Path.of(override));
        }
        return OsRelease.read(root.at("/etc/os-release")).or(() -> OsRelease.read(root.at("/usr/lib/os-release")));
    }

    /**
     * uname(2)'s release, version and machine. They are fixed while the kernel runs (the
     * /proc/sys/kernel files are read-only, proc_sys_kernel(5)), so they are read once; os-release,
     * which an upgrade rewrites, is read on every call as qemu-ga reads it.
     */
    private record KernelNames(Optional<String> release, Optional<String> version, Optional<String> machine) {}

    private volatile KernelNames kernelNames;

    private KernelNames kernelNames() {
        KernelNames names = kernelNames;
        if (names == null) {
            names = new KernelNames(kernel("osrelease"), kernel("version"), kernel("arch"));
            kernelNames = names;
        }
        return names;
    }

    /** A uname(2) field as the kernel also shows it in /proc/sys/kernel (arch: since Linux 6.1). */
    private Optional<String> kernel(String name) {
        try {
            return Optional.of(Files.readString(root.at("/proc/sys/kernel/" + name), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * qmp_guest_get_timezone through glib's g_time_zone_new_local: TZ names a zone file (under
     * /usr/share/zoneinfo unless absolute, a leading ':' dropped) or a POSIX rule; without TZ,
     * /etc/localtime; UTC when nothing can be read.
     */
    @Override
    public GuestTimezone timezone(long epochSecond) {
        String tz = env.get("TZ");
        Optional<TimeZoneFile.Interval> interval;
        if (tz == null) {
            interval = zoneFile(root.at(LOCALTIME)).map(zone -> zone.at(epochSecond));
        } else {
            String name = tz.startsWith(":") ? tz.substring(1) : tz;
            Path file = name.startsWith("/") ? root.at(name) : root.at(ZONEINFO + "/" + name);
            interval = name.isEmpty() ? Optional.empty() : zoneFile(file).map(zone -> zone.at(epochSecond))
                    .or(() -> PosixTimeZone.parse(name).map(rule -> rule.at(epochSecond)));
        }
        return interval.map(found -> new GuestTimezone(Optional.of(found.abbreviation()), found.offset())).orElse(UTC);
    }

    private static Optional<TimeZoneFile> zoneFile(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 1024 * 1024) {
                return Optional.empty();
            }
            return TimeZoneFile.parse(Files.readAllBytes(file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<GuestUser> users() {
        return UtmpFile.users(root.at(UTMP));
    }

    /** qmp_guest_get_load: getloadavg(3), which reads the first three fields of /proc/loadavg. */
    @Override
    public GuestLoadAverage load() {
        String text;
        try {
            text = Files.readString(root.at("/proc/loadavg"), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw QgaError.errno(Errno.textOf(e), Messages.LOAD_FAILED);
        }
        String[] fields = text.strip().split("\\s+");
        try {
            return new GuestLoadAverage(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]),
                    Double.parseDouble(fields[2]));
        } catch (RuntimeException e) {
            throw QgaError.errno(Errno.EINVAL.text(), Messages.LOAD_FAILED);
        }
    }

    @Override
    public void setClock(long seconds, long microseconds) {
        try {
            TimeOfDay.set(seconds, microseconds);
        } catch (SystemError e) {
            throw QgaError.errno(e.strerror(), Messages.TIME_SET_FAILED);
        }
    }
}
