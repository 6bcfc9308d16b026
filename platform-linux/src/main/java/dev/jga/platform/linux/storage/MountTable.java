// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.storage;

import static dev.jga.protocol.wire.Messages.MTAB_OPEN_FAILED;

import dev.jga.platform.linux.kernelfs.KernelFile;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The local filesystems guest-get-fsinfo and guest-fstrim walk, found as qemu-ga's
 * build_fs_mount_list finds them (qga/commands-linux.c): /proc/self/mountinfo's entries with a
 * real device number (btrfs, which reports major 0, through a stat of its source device), each
 * device once (a bind mount after its first mount is left out), in mount order; and
 * /proc/self/mounts' entries whose source is a path, when mountinfo cannot be read. guest-fsfreeze-*
 * walks the same list (qmp_guest_fsfreeze_freeze_list and qmp_guest_fsfreeze_thaw call
 * build_fs_mount_list too).
 */
public final class MountTable {

    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFDIR = 0040000;

    private final Path root;

    public MountTable(Path root) {
        this.root = root;
    }

    /** The list now; neither mountinfo nor mounts readable is qemu's "failed to open mtab file". */
    public List<Mount> mounts() {
        try {
            return fromMountinfo(KernelFile.read(root.resolve("proc/self/mountinfo")));
        } catch (IOException e) {
            try {
                return fromMounts(KernelFile.read(root.resolve("proc/self/mounts")));
            } catch (IOException again) {
                throw QgaError.generic(MTAB_OPEN_FAILED, "/proc/self/mounts");
            }
        }
    }

    /** "36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue" (proc(5)). */
    List<Mount> fromMountinfo(String text) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] fields = line.split(" ");
            int dash = dashField(fields);
            if (fields.length < 5 || dash < 0 || dash + 2 >= fields.length) {
                continue;
            }
            int colon = fields[2].indexOf(':');
            int major;
            int minor;
            try {
                major = Integer.parseUnsignedInt(fields[2], 0, colon, 10);
                minor = Integer.parseUnsignedInt(fields[2], colon + 1, fields[2].length(), 10);
            } catch (NumberFormatException | IndexOutOfBoundsException notScanned) {
                continue;
            }
            String type = fields[dash + 1];
            String source = decode(fields[dash + 2]);
            if (major == 0) {
                if (!type.equals("btrfs")) {
                    continue;
                }
                int[] device = blockDevice(source);
                if (device == null) {
                    continue;
                }
                major = device[0];
                minor = device[1];
            }
            add(mounts, new Mount(decode(fields[4]), type, major, minor));
        }
        return mounts;
    }

    /** getmntent(3) entries: source, directory, type, options, freq, passno. */
    List<Mount> fromMounts(String text) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length < 3 || line.strip().startsWith("#")) {
                continue;
            }
            String source = decode(fields[0]);
            String type = fields[2];
            if (!source.startsWith("/") || type.equals("smbfs") || type.equals("cifs") || isDirectory(source)) {
                continue;
            }
            int[] device = blockDevice(source);
            add(mounts, new Mount(decode(fields[1]), type, device == null ? 0 : device[0], device == null ? 0 : device[1]));
        }
        return mounts;
    }

    /** dev_exists: a device already listed is not listed again. */
    private static void add(List<Mount> mounts, Mount mount) {
        for (Mount known : mounts) {
            if (known.major() == mount.major() && known.minor() == mount.minor()) {
                return;
            }
        }
        mounts.add(mount);
    }

    /** The field after the mount point that is the lone "-" separator. */
    private static int dashField(String[] fields) {
        for (int i = 5; i < fields.length; i++) {
            if (fields[i].equals("-")) {
                return i;
            }
        }
        return -1;
    }

    /**
     * decode_mntname: octal escapes such as "\040" for a space, and "\\" for a backslash. The file
     * holds the path's bytes and is read as ISO-8859-1 ({@link KernelFile}), so the result is
     * turned back into bytes and read as UTF-8, the text qemu-ga sends.
     */
    static String decode(String name) {
        String unescaped = name.indexOf('\\') < 0 ? name : unescape(name);
        return new String(unescaped.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static String unescape(String name) {
        StringBuilder decoded = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\\' && i + 1 < name.length() && name.charAt(i + 1) == '\\') {
                decoded.append('\\');
                i++;
            } else if (c == '\\' && i + 3 < name.length() && isOctal(name.charAt(i + 1), '3')
                    && isOctal(name.charAt(i + 2), '7') && isOctal(name.charAt(i + 3), '7')) {
                decoded.append((char) Integer.parseInt(name, i + 1, i + 4, 8));
                i += 3;
            } else {
                decoded.append(c);
            }
        }
        return decoded.toString();
    }

    private static boolean isOctal(char c, char highest) {
        return c >= '0' && c <= highest;
    }

    /** dev_major_minor: the device number of a block device node, null for anything else. */
    private int[] blockDevice(String source) {
        try {
            Map<String, Object> stat = Files.readAttributes(under(source), "unix:mode,rdev");
            if (((Integer) stat.get("mode") & S_IFMT) != S_IFBLK) {
                return null;
            }
            long rdev = (Long) stat.get("rdev");
            return new int[] {(int) (rdev >>> 8 & 0xfff | rdev >>> 32 & ~0xfffL),
                    (int) (rdev & 0xff | rdev >>> 12 & ~0xffL)};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private boolean isDirectory(String source) {
        try {
            Map<String, Object> stat = Files.readAttributes(under(source), "unix:mode");
            return ((Integer) stat.get("mode") & S_IFMT) == S_IFDIR;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private Path under(String absolute) {
        return root.resolve(absolute.substring(1));
    }
}
