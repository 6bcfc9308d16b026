// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.storage;

import dev.jga.protocol.schema.StorageCommand.GuestDiskStats;
import dev.jga.protocol.schema.StorageCommand.GuestDiskStatsInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * /proc/diskstats' lines (the kernel's Documentation/admin-guide/iostats.rst) as qemu-ga's
 * guest_get_diskstats scans them (qga/commands-linux.c): one sscanf of up to 20 fields, whose
 * count decides which members are present: 7 (an old kernel's partition line: reads and writes
 * only), 14 and more (the classic eleven counters), 18 (discards, 4.18) and 20 (flushes, 5.5).
 * Fields scanned with %u are cut to 32 bits, as C stores them.
 */
final class DiskStatsTable {

    /** The scan's conversions: 'u' an unsigned int, 'l' an unsigned long, 's' the name. */
    private static final String FORMAT = "uusllllllluuuulllulu";

    private DiskStatsTable() {}

    static List<GuestDiskStatsInfo> parse(String text) {
        List<GuestDiskStatsInfo> infos = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] tokens = line.strip().split("\\s+");
            long[] values = new long[FORMAT.length()];
            int scanned = scan(tokens, values);
            if (scanned < 7) {
                continue;
            }
            infos.add(new GuestDiskStatsInfo(tokens[2], values[0], values[1], stats(values, scanned)));
        }
        return infos;
    }

    /** How many conversions succeed, in order, as sscanf counts them. */
    private static int scan(String[] tokens, long[] values) {
        int count = 0;
        for (; count < Math.min(tokens.length, FORMAT.length()); count++) {
            char kind = FORMAT.charAt(count);
            if (kind == 's') {
                continue;
            }
            if (!tokens[count].matches("\\d+")) {
                break;
            }
            long value = unsigned(tokens[count]);
            values[count] = kind == 'u' ? value & 0xffffffffL : value;
        }
        return count;
    }

    private static long unsigned(String digits) {
        try {
            return Long.parseUnsignedLong(digits);
        } catch (NumberFormatException overflow) {
            return -1L; // strtoul's ULONG_MAX
        }
    }

    /** The members qemu-ga sets for {@code scanned} fields; values[3..] are the counters. */
    private static GuestDiskStats stats(long[] v, int scanned) {
        Optional<Long> none = Optional.empty();
        if (scanned == 7) {
            return new GuestDiskStats(some(v[4]), some(v[3]), none, some(v[6]), some(v[5]), none, none, none, none,
                    none, none, none, none, none, none, none, none);
        }
        if (scanned < 14) {
            return new GuestDiskStats(none, none, none, none, none, none, none, none, none, none, none, none, none,
                    none, none, none, none);
        }
        boolean discards = scanned >= 18;
        boolean flushes = scanned >= 20;
        return new GuestDiskStats(some(v[5]), some(v[3]), some(v[4]), some(v[9]), some(v[7]), some(v[8]),
                when(discards, v[16]), when(discards, v[14]), when(discards, v[15]), when(flushes, v[18]),
                some(v[6]), some(v[10]), when(discards, v[17]), when(flushes, v[19]), some(v[11]), some(v[12]),
                some(v[13]));
    }

    private static Optional<Long> some(long value) {
        return Optional.of(value);
    }

    private static Optional<Long> when(boolean present, long value) {
        return present ? Optional.of(value) : Optional.empty();
    }
}
