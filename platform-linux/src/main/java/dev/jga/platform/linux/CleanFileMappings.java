// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import dev.jga.agent.platform.MappedFiles;
import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.Madvise;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
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
    private static final Path STATUS = Path.of("/proc/self/status");

    /** A range of the address space, [start, end). */
    record Range(long start, long end) {}

    @Override
    public void unmapClean() throws IOException {
        List<Range> ranges;
        try (BufferedReader smaps = Files.newBufferedReader(SMAPS, StandardCharsets.ISO_8859_1)) {
            ranges = parse(smaps);
        }
        for (Range range : ranges) {
            try {
                Madvise.advise(range.start(), range.end() - range.start(), Madvise.DONTNEED);
            } catch (SystemError e) {
                // EINVAL for a range that went away or was locked meanwhile: nothing to give back there.
            }
        }
    }

    /**
     * RssFile and RssShmem of /proc/self/status (proc(5)): a file on tmpfs (an initramfs root)
     * is mapped from shared memory.
     */
    @Override
    public long residentBytes() throws IOException {
        long kilobytes = 0;
        try (BufferedReader status = Files.newBufferedReader(STATUS, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = status.readLine()) != null) {
                if (line.startsWith("RssFile:") || line.startsWith("RssShmem:")) {
                    kilobytes += kilobytes(line);
                }
            }
        }
        return kilobytes << 10;
    }

    /** The qualifying mappings of an smaps listing (proc(5), /proc/pid/smaps). */
    static List<Range> parse(Reader smaps) throws IOException {
        BufferedReader lines = smaps instanceof BufferedReader buffered ? buffered : new BufferedReader(smaps);
        List<Range> ranges = new ArrayList<>();
        Range current = null;
        boolean resident = false;
        boolean anonymous = false;
        String line;
        while ((line = lines.readLine()) != null) {
            int colon = line.indexOf(':');
            boolean field = colon > 0 && line.indexOf(' ') > colon;
            if (!field) {
                if (current != null && resident && !anonymous) {
                    ranges.add(current);
                }
                current = candidate(line);
                resident = false;
                anonymous = false;
            } else if (current != null && line.startsWith("Rss:")) {
                resident = kilobytes(line) > 0;
            } else if (current != null && line.startsWith("Anonymous:")) {
                anonymous = kilobytes(line) > 0;
            }
        }
        if (current != null && resident && !anonymous) {
            ranges.add(current);
        }
        return ranges;
    }

    /** The range of a header line "start-end perms offset dev inode [path]" if it is a read-only file mapping. */
    private static Range candidate(String header) {
        String[] fields = header.trim().split(" +", 6);
        if (fields.length < 6 || fields[4].equals("0")) {
            return null;
        }
        String perms = fields[1];
        if (perms.charAt(0) != 'r' || perms.charAt(1) != '-') {
            return null;
        }
        int dash = fields[0].indexOf('-');
        return new Range(Long.parseUnsignedLong(fields[0], 0, dash, 16),
                Long.parseUnsignedLong(fields[0], dash + 1, fields[0].length(), 16));
    }

    private static long kilobytes(String line) {
        String[] parts = line.trim().split(" +");
        return Long.parseLong(parts[1]);
    }
}
