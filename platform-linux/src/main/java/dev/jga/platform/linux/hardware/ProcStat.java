// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.hardware;

import dev.jga.platform.linux.system.Errno;
import dev.jga.platform.linux.system.SystemRoot;
import dev.jga.protocol.schema.HardwareCommand.GuestCpuStats;
import dev.jga.protocol.wire.Messages;
import dev.jga.protocol.wire.QgaError;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Per-processor times from /proc/stat (proc_stat(5)), converted to milliseconds as qemu-ga's
 * qmp_guest_get_cpustats does (qga/commands-linux.c): ticks * 1000 / _SC_CLK_TCK. A column the
 * kernel does not print (older kernels print fewer) leaves its member out.
 */
final class ProcStat {

    static final String PROC_STAT = "/proc/stat";
    /**
     * sysconf(_SC_CLK_TCK): the kernel's USER_HZ, 100 on every architecture jga runs on (the
     * kernel's include/asm-generic/param.h; only alpha differs).
     */
    static final long CLOCK_TICKS_PER_SECOND = 100;

    private final SystemRoot root;

    ProcStat(SystemRoot root) {
        this.root = root;
    }

    List<GuestCpuStats> read() {
        List<GuestCpuStats> stats = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(root.at(PROC_STAT), StandardCharsets.US_ASCII)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String[] fields = line.strip().split("\\s+");
                String name = fields[0];
                if (!name.startsWith("cpu") || name.length() == 3) {
                    continue; // the "cpu" line is the sum of all
                }
                long[] ticks = numbers(fields);
                if (ticks.length < 4) {
                    break; // qemu logs "Parsing cpu stat from /proc/stat failed" and stops
                }
                stats.add(stats(name, ticks));
            }
        } catch (IOException e) {
            throw QgaError.errno(Errno.textOf(e), Messages.OPEN_CALL_FAILED, PROC_STAT);
        }
        return stats;
    }

    /** sscanf's %lu fields after the name, up to ten, stopping at the first that is not a number. */
    private static long[] numbers(String[] fields) {
        int count = 0;
        long[] values = new long[Math.min(10, fields.length - 1)];
        while (count < values.length) {
            try {
                values[count] = Long.parseUnsignedLong(fields[count + 1]);
            } catch (NumberFormatException e) {
                break;
            }
            count++;
        }
        return java.util.Arrays.copyOf(values, count);
    }

    private static GuestCpuStats stats(String name, long[] ticks) {
        return new GuestCpuStats(GuestCpuStats.LINUX, atoi(name.substring(3)), millis(ticks[0]), millis(ticks[1]),
                millis(ticks[2]), millis(ticks[3]), column(ticks, 4, 5), column(ticks, 5, 6), column(ticks, 6, 7),
                column(ticks, 7, 8), column(ticks, 8, 9), column(ticks, 9, 10));
    }

    /** Column {@code index}, present when at least {@code needed} columns were read (qemu's "i >" tests). */
    private static Optional<Long> column(long[] ticks, int index, int needed) {
        return ticks.length >= needed ? Optional.of(millis(ticks[index])) : Optional.empty();
    }

    private static long millis(long ticks) {
        return Long.divideUnsigned(ticks * 1000, CLOCK_TICKS_PER_SECOND);
    }

    /** atoi: leading digits, 0 when none. */
    private static long atoi(String text) {
        int end = 0;
        while (end < text.length() && end < 18 && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Long.parseLong(text.substring(0, end));
    }
}
