// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What /proc says about a process: the resources a daemon must not leak or burn while idle.
 *
 * @param openFds   entries in {@code /proc/PID/fd}
 * @param rssKib    {@code VmRSS} from {@code /proc/PID/status}, in KiB
 * @param cpuTicks  user + system time from {@code /proc/PID/stat}, in clock ticks (USER_HZ, 100/s)
 * @param threads   {@code Threads} from {@code /proc/PID/status}
 */
public record ProcStats(int openFds, long rssKib, long cpuTicks, int threads) {

    /** USER_HZ on Linux: the unit of {@link #cpuTicks()}. */
    public static final int TICKS_PER_SECOND = 100;

    public static ProcStats of(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            int fds;
            try (Stream<Path> entries = Files.list(proc.resolve("fd"))) {
                fds = (int) entries.count();
            }
            List<String> status = Files.readAllLines(proc.resolve("status"));
            return new ProcStats(fds, statusValue(status, "VmRSS:"), cpuTicks(Files.readString(proc.resolve("stat"))),
                    (int) statusValue(status, "Threads:"));
        } catch (IOException e) {
            throw new UncheckedIOException("reading /proc for pid " + pid + " (has it exited?)", e);
        }
    }

    /** A kB figure of {@code /proc/PID/status}: VmRSS, RssAnon, VmHWM… */
    public static long statusKib(long pid, String field) {
        try {
            return statusValue(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")), field + ":");
        } catch (IOException e) {
            throw new UncheckedIOException("reading /proc for pid " + pid + " (has it exited?)", e);
        }
    }

    /** CPU milliseconds, for messages. */
    public long cpuMillis() {
        return cpuTicks * 1000 / TICKS_PER_SECOND;
    }

    private static long statusValue(List<String> status, String key) {
        return status.stream().filter(line -> line.startsWith(key))
                .map(line -> line.substring(key.length()).trim().split("\\s+")[0])
                .mapToLong(Long::parseLong).findFirst().orElse(0);
    }

    // Field 2 (comm) is in parentheses and may contain spaces: count fields after the last ')'.
    // utime and stime are fields 14 and 15 of proc(5), i.e. the 12th and 13th after comm.
    private static long cpuTicks(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[11]) + Long.parseLong(after[12]);
    }
}
