// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.storage;

import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.FileSystemCalls;
import dev.jga.platform.linux.nativeapi.FileSystemCalls.Usage;
import dev.jga.protocol.schema.StorageCommand.GuestFilesystemInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * guest-get-fsinfo's answer, built as qemu-ga's qmp_guest_get_fsinfo and build_guest_fsinfo build
 * it (qga/commands-linux.c): for each mount, the disks under /sys/dev/block/MAJOR:MINOR and the
 * sizes from statvfs(3) (left out when it fails); entries are prepended, so the last mount
 * comes first. One failing mount fails the whole command, as in qemu-ga.
 */
final class FilesystemList {

    /** statvfs of a mount point, given as the file under the root; empty when the call fails. */
    @FunctionalInterface
    interface Sizes {
        Optional<Usage> of(String file);
    }

    private final SystemTree tree;
    private final MountTable mounts;
    private final DeviceDisks devices;
    private final Sizes sizes;

    FilesystemList(SystemTree tree, MountTable mounts, Sizes sizes) {
        this.tree = tree;
        this.mounts = mounts;
        this.devices = new DeviceDisks(tree);
        this.sizes = sizes;
    }

    static Optional<Usage> statvfs(String file) {
        try {
            return Optional.of(FileSystemCalls.statvfs(file));
        } catch (SystemError e) {
            return Optional.empty();
        }
    }

    List<GuestFilesystemInfo> filesystems() {
        List<GuestFilesystemInfo> infos = new ArrayList<>();
        for (Mount mount : mounts.mounts()) {
            infos.addFirst(filesystem(mount));
        }
        return infos;
    }

    private GuestFilesystemInfo filesystem(Mount mount) {
        DeviceDisks.Found found = new DeviceDisks.Found();
        devices.walk("/sys/dev/block/" + Integer.toUnsignedString(mount.major()) + ":"
                + Integer.toUnsignedString(mount.minor()), found);
        Optional<Usage> usage = sizes.of(tree.file(mount.directory()).toString());
        Optional<Long> used = usage.map(u -> (u.blocks() - u.free()) * u.fragmentSize());
        Optional<Long> total = usage.map(u -> (u.blocks() - u.free() + u.available()) * u.fragmentSize());
        Optional<Long> privileged = usage.map(u -> u.blocks() * u.fragmentSize());
        return new GuestFilesystemInfo(found.name, mount.directory(), mount.type(), used, total, privileged,
                List.copyOf(found.disks));
    }
}
