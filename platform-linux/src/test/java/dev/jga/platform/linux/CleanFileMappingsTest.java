// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.platform.linux.CleanFileMappings.Range;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanFileMappingsTest {

    private static final String SMAPS = """
            7f0000000000-7f0000300000 r--p 00000000 fe:00 1001                       /usr/lib/jga-agent/runtime/lib/server/libjvm.so
            Size:               3072 kB
            Rss:                2956 kB
            Anonymous:             0 kB
            VmFlags: rd mr mw me sd
            7f0000300000-7f0001300000 r-xp 00300000 fe:00 1001                       /usr/lib/jga-agent/runtime/lib/server/libjvm.so
            Size:              16384 kB
            Rss:               10780 kB
            Anonymous:             0 kB
            VmFlags: rd ex mr mw me sd
            7f0001300000-7f0001400000 r--p 01300000 fe:00 1001                       /usr/lib/jga-agent/runtime/lib/server/libjvm.so
            Size:               1024 kB
            Rss:                 940 kB
            Anonymous:           940 kB
            VmFlags: rd mr mw me ac sd
            7f0001400000-7f0001420000 rw-p 01400000 fe:00 1001                       /usr/lib/jga-agent/runtime/lib/server/libjvm.so
            Size:                128 kB
            Rss:                 128 kB
            Anonymous:           100 kB
            VmFlags: rd wr mr mw me ac sd
            7f0001420000-7f0001520000 rw-p 00000000 00:00 0
            Size:               1024 kB
            Rss:                1024 kB
            Anonymous:          1024 kB
            VmFlags: rd wr mr mw me ac sd
            7f0001520000-7f0001540000 r--p 00000000 fe:00 1002                       /usr/lib/jga-agent/runtime/lib/libzip.so
            Size:                128 kB
            Rss:                   0 kB
            Anonymous:             0 kB
            VmFlags: rd mr mw me sd
            7f0002000000-7f0003000000 r--s 00000000 fe:00 1003                       /usr/lib/jga-agent/runtime/lib/modules
            Size:              16384 kB
            Rss:                 512 kB
            Anonymous:             0 kB
            VmFlags: rd sh mr mw me ms sd
            7ffe00000000-7ffe00002000 r-xp 00000000 00:00 0                          [vdso]
            Size:                  8 kB
            Rss:                   8 kB
            Anonymous:             0 kB
            VmFlags: rd ex mr mw me de sd
            """;

    @Test
    void onlyResidentReadOnlyFileMappingsWithoutPrivateCopiesQualify() throws IOException {
        assertThat(CleanFileMappings.parse(SMAPS.getBytes(StandardCharsets.ISO_8859_1))).containsExactly(
                new Range(0x7f0000000000L, 0x7f0000300000L),
                new Range(0x7f0000300000L, 0x7f0001300000L),
                new Range(0x7f0002000000L, 0x7f0003000000L));
    }

    @Test
    void aMappedFilesPagesLeaveTheResidentSetAndItsContentStays(@TempDir Path dir) throws IOException {
        byte[] content = new byte[1 << 20];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("mapped.bin"), content);
        try (Arena arena = Arena.ofConfined(); FileChannel channel = FileChannel.open(file)) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, content.length, arena);
            long sum = 0;
            for (long at = 0; at < content.length; at += 4096) {
                sum += mapped.get(ValueLayout.JAVA_BYTE, at);
            }
            assertThat(residentKb(mapped)).as("touched, sum %d", sum).isPositive();

            new CleanFileMappings().unmapClean();

            assertThat(residentKb(mapped)).isZero();
            assertThat(mapped.toArray(ValueLayout.JAVA_BYTE)).isEqualTo(content);
        }
    }

    @Test
    void theResidentFilePagesAreSmapsRollupsRssLessItsAnonymousPages() throws IOException {
        long rss = 0;
        long anonymous = 0;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps_rollup"))) {
            if (line.startsWith("Rss:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("Anonymous:")) {
                anonymous = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        long resident = new CleanFileMappings().residentBytes();
        assertThat(resident).as("the JVM's own code is a mapped file").isPositive();
        assertThat(resident).isCloseTo((rss - anonymous) << 10, org.assertj.core.data.Offset.offset(1L << 20));
    }

    /** The Rss line of the mapping that starts at {@code segment}'s address, from /proc/self/smaps. */
    private static long residentKb(MemorySegment segment) throws IOException {
        String start = Long.toHexString(segment.address()) + "-";
        boolean inside = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (line.startsWith(start)) {
                inside = true;
            } else if (inside && line.startsWith("Rss:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no mapping at " + start);
    }
}
