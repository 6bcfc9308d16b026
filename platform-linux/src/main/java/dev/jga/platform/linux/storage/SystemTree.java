// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.storage;

import dev.jga.platform.linux.nativeapi.SysfsWalk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The system's files under a root directory: "/" in service, a fixture tree in tests. Paths are
 * given and returned as the system sees them ("/sys/devices/…"), because qemu-ga matches
 * substrings of them ("/devices/pci", "/target") and names them in its error texts.
 */
final class SystemTree {

    private final Path root;
    private final Path realRoot;

    SystemTree(Path root) {
        this.root = root;
        try {
            this.realRoot = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("no root directory " + root, e);
        }
    }

    /** The file behind a system path. */
    Path file(String systemPath) {
        return root.resolve(systemPath.substring(1));
    }

    /** realpath(3), as a system path. */
    String realPath(String systemPath) throws IOException {
        Path real = file(systemPath).toRealPath();
        return "/" + realRoot.relativize(real);
    }

    /** readlink(2)'s target's last component (get_pci_driver's g_path_get_basename), or null. */
    String linkTargetName(String systemPath) {
        try {
            Path target = Files.readSymbolicLink(file(systemPath)).getFileName();
            return target == null ? null : target.toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The names in a directory in readdir(3) order, the order qemu-ga walks them in. */
    List<String> list(String systemPath) throws IOException {
        List<String> names = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(file(systemPath))) {
            entries.forEach(entry -> names.add(entry.getFileName().toString()));
        }
        return names;
    }

    /**
     * The entries of a directory in readdir(3) order with their d_type, "." and ".." left out:
     * guest-get-disks tests each entry's type, as qemu-ga does, without a stat of its own.
     */
    List<SysfsWalk.Entry> entries(String systemPath) throws IOException {
        try (SysfsWalk walk = new SysfsWalk(1)) {
            List<SysfsWalk.Entry> entries = new ArrayList<>(walk.list(file(systemPath).toString()));
            entries.removeIf(entry -> entry.name().equals(".") || entry.name().equals(".."));
            return entries;
        }
    }

    /** readdir's d_type is DT_LNK. */
    boolean isLink(String systemPath) {
        return Files.isSymbolicLink(file(systemPath));
    }

    static String baseName(String systemPath) {
        return systemPath.substring(systemPath.lastIndexOf('/') + 1);
    }
}
