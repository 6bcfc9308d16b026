// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fake system root for the readers: files and the relative symbolic links sysfs is made of,
 * created in a temporary directory (symbolic links do not survive Maven's resource copying).
 */
final class FixtureTree {

    final Path root;

    FixtureTree(Path root) {
        this.root = root;
    }

    FixtureTree file(String path, String text) {
        try {
            Path file = root.resolve(path.substring(1));
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FixtureTree dir(String path) {
        try {
            Files.createDirectories(root.resolve(path.substring(1)));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A link at {@code path} to {@code target} (absolute, as the system sees it), written relative as sysfs does. */
    FixtureTree link(String path, String target) {
        try {
            Path link = root.resolve(path.substring(1));
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, link.getParent().relativize(root.resolve(target.substring(1))));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A block device in sysfs: its directory, uevent, size, slaves, and the /sys/block and /sys/dev/block links. */
    FixtureTree blockDevice(String devicePath, String name, int major, int minor, long size) {
        file(devicePath + "/uevent", "MAJOR=" + major + "\nMINOR=" + minor + "\nDEVNAME=" + name + "\nDEVTYPE=disk\n");
        file(devicePath + "/size", size + "\n");
        dir(devicePath + "/slaves");
        link("/sys/block/" + name, devicePath);
        link("/sys/dev/block/" + major + ":" + minor, devicePath);
        return this;
    }

    FixtureTree partition(String diskPath, String name, int major, int minor) {
        file(diskPath + "/" + name + "/uevent", "MAJOR=" + major + "\nMINOR=" + minor + "\nDEVNAME=" + name
                + "\nDEVTYPE=partition\n");
        link("/sys/dev/block/" + major + ":" + minor, diskPath + "/" + name);
        return this;
    }
}
