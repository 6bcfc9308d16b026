// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.fs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mounted local filesystems as qemu-ga lists them (qga/commands-linux.c build_fs_mount_list):
 * every line of /proc/self/mountinfo whose device has a major number (virtual filesystems such as
 * proc, sysfs and tmpfs have 0; btrfs, also 0, counts when its source is a block device), in mount
 * order, each device once: a second mount of the same device (a bind mount) is skipped, because
 * freezing it twice would fail or deadlock. Paths under {@code root}, "/" but for tests.
 */
public final class MountTable {

    private final Path root;

    public MountTable(Path root) {
        this.root = root;
    }

    /** Reads the table now; an unreadable mountinfo is an UncheckedIOException. */
    public List<LocalMount> read() {
        Path mountinfo = root.resolve("proc/self/mountinfo");
        List<String> lines;
        try {
            lines = Files.readAllLines(mountinfo, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<LocalMount> mounts = new ArrayList<>();
        for (String line : lines) {
            parse(line).filter(mount -> !sameDevice(mounts, mount)).ifPresent(mounts::add);
        }
        return mounts;
    }

    private static boolean sameDevice(List<LocalMount> mounts, LocalMount candidate) {
        return mounts.stream().anyMatch(m -> m.major() == candidate.major() && m.minor() == candidate.minor());
    }

    /**
     * One mountinfo line (proc(5)): "id parent major:minor root mountpoint options... - type source
     * superoptions". Malformed lines are skipped, as qemu's sscanf does.
     */
    Optional<LocalMount> parse(String line) {
        String[] fields = line.split(" ");
        int dash = indexOfSeparator(fields);
        if (fields.length < 6 || dash < 0 || dash + 2 >= fields.length) {
            return Optional.empty();
        }
        String[] device = fields[2].split(":");
        if (device.length != 2) {
            return Optional.empty();
        }
        int major;
        int minor;
        try {
            major = Integer.parseInt(device[0]);
            minor = Integer.parseInt(device[1]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        String directory = decode(fields[4]);
        String type = fields[dash + 1];
        String source = decode(fields[dash + 2]);
        if (major == 0) {
            // btrfs reports major number 0: its source device tells the real one.
            Optional<int[]> block = type.equals("btrfs") ? blockDevice(source) : Optional.empty();
            if (block.isEmpty()) {
                return Optional.empty();
            }
            major = block.get()[0];
            minor = block.get()[1];
        }
        return Optional.of(new LocalMount(directory, type, major, minor));
    }

    /** The " - " field after the optional fields; it comes after the mount point (field 4). */
    private static int indexOfSeparator(String[] fields) {
        for (int i = 5; i < fields.length; i++) {
            if (fields[i].equals("-")) {
                return i;
            }
        }
        return -1;
    }

    /** dev_major_minor: the major and minor of a block device file, else empty. */
    private Optional<int[]> blockDevice(String source) {
        Path device = root.resolve(source.startsWith("/") ? source.substring(1) : source);
        try {
            Map<String, Object> attributes = Files.readAttributes(device, "unix:mode,rdev");
            int mode = (Integer) attributes.get("mode");
            if ((mode & 0xF000) != 0x6000) { // S_ISBLK
                return Optional.empty();
            }
            long rdev = (Long) attributes.get("rdev");
            // glibc's gnu_dev_major and gnu_dev_minor (sys/sysmacros.h).
            int major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
            int minor = (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
            return Optional.of(new int[] {major, minor});
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** decode_mntname: "\\" is a backslash, "\ooo" an octal byte (how mountinfo escapes space, tab, newline). */
    static String decode(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = name.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\\' && i + 1 < bytes.length && bytes[i + 1] == '\\') {
                out.write('\\');
                i++;
            } else if (bytes[i] == '\\' && i + 3 < bytes.length && isOctal(bytes[i + 1], '3')
                    && isOctal(bytes[i + 2], '7') && isOctal(bytes[i + 3], '7')) {
                out.write((bytes[i + 1] - '0') * 64 + (bytes[i + 2] - '0') * 8 + (bytes[i + 3] - '0'));
                i += 3;
            } else {
                out.write(bytes[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte b, char highest) {
        return b >= '0' && b <= highest;
    }
}
