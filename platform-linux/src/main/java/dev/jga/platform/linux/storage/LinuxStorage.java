// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.storage;

import static dev.jga.protocol.wire.Messages.PROC_OPEN_FAILED;

import dev.jga.agent.platform.StorageInfo;
import dev.jga.platform.linux.kernelfs.KernelFile;
import dev.jga.protocol.schema.StorageCommand.GuestDiskInfo;
import dev.jga.protocol.schema.StorageCommand.GuestDiskStatsInfo;
import dev.jga.protocol.schema.StorageCommand.GuestFilesystemInfo;
import dev.jga.protocol.schema.StorageCommand.GuestFilesystemTrimResponse;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Disks and filesystems from procfs, sysfs and udev's database under {@code root} ("/" in
 * service; a fixture tree in tests), with statvfs(3) and FITRIM through FFM.
 */
public final class LinuxStorage implements StorageInfo {

    private final Path root;
    private final FilesystemList.Sizes sizes;

    public LinuxStorage(Path root) {
        this(root, FilesystemList::statvfs);
    }

    LinuxStorage(Path root, FilesystemList.Sizes sizes) {
        this.root = root;
        this.sizes = sizes;
    }

    @Override
    public List<GuestFilesystemInfo> filesystems() {
        SystemTree tree = new SystemTree(root);
        return new FilesystemList(tree, new MountTable(root), sizes).filesystems();
    }

    @Override
    public List<GuestDiskInfo> disks() {
        return new DiskList(new SystemTree(root)).disks();
    }

    @Override
    public List<GuestDiskStatsInfo> diskStats() {
        try {
            return DiskStatsTable.parse(KernelFile.read(root.resolve("proc/diskstats")));
        } catch (IOException e) {
            throw QgaError.errno(KernelFile.strerror(e), PROC_OPEN_FAILED, "/proc/diskstats");
        }
    }

    @Override
    public GuestFilesystemTrimResponse trim(Optional<Long> minimum) {
        return new FilesystemTrim(new SystemTree(root), new MountTable(root)).trim(minimum);
    }
}
