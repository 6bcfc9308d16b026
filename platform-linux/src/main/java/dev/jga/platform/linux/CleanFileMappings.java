// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import dev.jga.agent.platform.MappedFiles;
import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.Madvise;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link MappedFiles} from /proc/self/smaps and madvise(2). A mapping qualifies when it is backed
 * by a file (an inode), readable and not writable, has pages resident and none of them anonymous:
 * then MADV_DONTNEED only drops page-table entries, and the next touch maps the page cache's copy
 * again (madvise(2): "subsequent accesses of pages in the range ... repopulate the memory contents
 * from the up-to-date contents of the underlying mapped file"). A read-only mapping with
 * anonymous pages (a library's relocated RELRO segment, written before it was made read-only)
 * would lose them, so it is left alone; no mapping is writable that could gain one afterwards.
 */
final class CleanFileMappings implements MappedFiles {

    private static final Path SMAPS = Path.of("/proc/self/smaps");
    private static final Path SMAPS_ROLLUP = Path.of("/proc/self/smaps_rollup");
    private static final byte[] RSS = "Rss:".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ANONYMOUS = "Anonymous:".getBytes(StandardCharsets.ISO_8859_1);

    /** A range of the address space, [start, end). */
    record Range(long start, long end) {}

    @Override
    public void unmapClean() throws IOException {
        for (Range range : parse(Files.readAllBytes(SMAPS))) {
            try {
                Madvise.advise(range.start(), range.end() - range.start(), Madvise.DONTNEED);
            } catch (SystemError e) {
                // EINVAL for a range that went away or was locked meanwhile: nothing to give back there.
            }
        }
    }

    /**
     * Rss less Anonymous of /proc/self/smaps_rollup (proc(5)): file and shared-memory pages (a
     * file on tmpfs, an initramfs root, is mapped from shared memory). Not RssFile and RssShmem
     * of /proc/self/status: before Linux 6.2 those counters take each thread's faults in only
     * every 64 events (mm/memory.c, check_sync_rss_stat under SPLIT_RSS_COUNTING), so megabytes
     * of pages mapped again after an unmapping need not show there; smaps_rollup walks the page
     * tables (fs/proc/task_mmu.c, show_smaps_rollup) and prints one summary, not a block per mapping.
     */
    @Override
    public long residentBytes() throws IOException {
        long rss = 0;
        long anonymous = 0;
        try (BufferedReader rollup = Files.newBufferedReader(SMAPS_ROLLUP, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = rollup.readLine()) != null) {
                if (line.startsWith("Rss:")) {
                    rss = kilobytes(line);
                } else if (line.startsWith("Anonymous:")) {
                    anonymous = kilobytes(line);
                }
            }
        }
        return (rss - anonymous) << 10;
    }

    /**
     * The qualifying mappings of an smaps listing (proc(5), /proc/pid/smaps), read as bytes: a
     * JVM's listing has thousands of lines, of which only the headers and the Rss and Anonymous
     * fields matter, so no line becomes a String.
     */
    static List<Range> parse(byte[] smaps) {
        List<Range> ranges = new ArrayList<>();
        Range current = null;
        boolean resident = false;
        boolean anonymous = false;
        int at = 0;
        while (at < smaps.length) {
            int end = lineEnd(smaps, at);
            if (isHeader(smaps[at])) {
                if (current != null && resident && !anonymous) {
                    ranges.add(current);
                }
                current = candidate(smaps, at, end);
                resident = false;
                anonymous = false;
            } else if (current != null && startsWith(smaps, at, RSS)) {
                resident = nonZero(smaps, at + RSS.length, end);
            } else if (current != null && startsWith(smaps, at, ANONYMOUS)) {
                anonymous = nonZero(smaps, at + ANONYMOUS.length, end);
            }
            at = end + 1;
        }
        if (current != null && resident && !anonymous) {
            ranges.add(current);
        }
        return ranges;
    }

    /** A mapping's header starts with its address in lower-case hex; a field's name with a capital. */
    private static boolean isHeader(byte first) {
        return (first >= '0' && first <= '9') || (first >= 'a' && first <= 'f');
    }

    private static int lineEnd(byte[] bytes, int from) {
        int at = from;
        while (at < bytes.length && bytes[at] != '\n') {
            at++;
        }
        return at;
    }

    private static boolean startsWith(byte[] bytes, int at, byte[] prefix) {
        if (bytes.length - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the number after a field's name ("   940 kB") is not zero. */
    private static boolean nonZero(byte[] bytes, int from, int end) {
        for (int at = from; at < end; at++) {
            byte b = bytes[at];
            if (b >= '1' && b <= '9') {
                return true;
            }
            if (b != ' ' && b != '0') {
                return false;
            }
        }
        return false;
    }

    /**
     * The range of a header line "start-end perms offset dev inode [path]" if it is a read-only
     * file mapping (an inode other than 0).
     */
    private static Range candidate(byte[] bytes, int from, int end) {
        int dash = indexOf(bytes, from, end, (byte) '-');
        int perms = indexOf(bytes, dash, end, (byte) ' ') + 1;
        if (dash < 0 || perms <= 0 || perms + 1 >= end || bytes[perms] != 'r' || bytes[perms + 1] != '-') {
            return null;
        }
        int inode = perms;
        for (int field = 0; field < 3 && inode > 0; field++) { // past perms, offset and dev
            inode = indexOf(bytes, inode, end, (byte) ' ') + 1;
        }
        if (inode <= 0 || inode >= end || bytes[inode] == '0') {
            return null;
        }
        return new Range(hex(bytes, from, dash), hex(bytes, dash + 1, perms - 1));
    }

    private static int indexOf(byte[] bytes, int from, int end, byte wanted) {
        for (int at = from; at < end; at++) {
            if (bytes[at] == wanted) {
                return at;
            }
        }
        return -1;
    }

    private static long hex(byte[] bytes, int from, int end) {
        long value = 0;
        for (int at = from; at < end; at++) {
            value = value << 4 | Character.digit(bytes[at], 16);
        }
        return value;
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1, line.lastIndexOf(' ')).trim());
    }
}
