// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.storage;

import static dev.jga.protocol.wire.Messages.SYS_BLOCK_OPEN_FAILED;

import dev.jga.platform.linux.kernelfs.KernelFile;
import dev.jga.platform.linux.nativeapi.SysfsWalk;
import dev.jga.protocol.schema.StorageCommand.GuestDiskAddress;
import dev.jga.protocol.schema.StorageCommand.GuestDiskInfo;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * guest-get-disks' answer, built as qemu-ga's qmp_guest_get_disks builds it (qga/commands-linux.c):
 * each non-empty block device in /sys/block with a device node, its device-mapper name, its
 * address (real devices only), the devices it depends on ({@code slaves}), then its partitions,
 * each depending on the disk. qemu-ga prepends every entry, so the list is in reverse walk order.
 * NVMe SMART data (an admin-command ioctl) is not read: jga leaves {@code smart} out.
 */
final class DiskList {

    private final SystemTree tree;
    private final DeviceDisks devices;

    DiskList(SystemTree tree) {
        this.tree = tree;
        this.devices = new DeviceDisks(tree);
    }

    List<GuestDiskInfo> disks() {
        List<SysfsWalk.Entry> entries;
        try {
            entries = tree.entries("/sys/block");
        } catch (IOException e) {
            throw QgaError.errno(KernelFile.strerror(e), SYS_BLOCK_OPEN_FAILED);
        }
        List<GuestDiskInfo> walked = new ArrayList<>();
        for (SysfsWalk.Entry entry : entries) {
            String name = entry.name();
            String diskDir = "/sys/block/" + name;
            if (entry.type() != SysfsWalk.DT_LNK || !hasSize(diskDir)) {
                continue;
            }
            Optional<UdevDevice> udev = UdevDevice.of(tree, diskDir);
            Optional<String> devName = udev.flatMap(UdevDevice::devnode);
            if (devName.isEmpty()) {
                continue;
            }
            walked.add(new GuestDiskInfo(devName.get(), false, dependencies(diskDir), address(diskDir),
                    udev.flatMap(device -> device.property("DM_NAME"))));
            partitions(name, diskDir, devName.get(), walked);
        }
        return walked.reversed();
    }

    /** A size file that reads as anything but "0\n"; an unreadable one skips the disk. */
    private boolean hasSize(String diskDir) {
        return KernelFile.readIfPresent(tree.file(diskDir + "/size")).filter(size -> !size.equals("0\n")).isPresent();
    }

    /** get_disk_address: the first disk the walk finds, errors ignored; none for virtual devices. */
    private Optional<GuestDiskAddress> address(String diskDir) {
        try {
            if (tree.realPath(diskDir).contains("/devices/virtual/block/")) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        DeviceDisks.Found found = new DeviceDisks.Found();
        try {
            devices.walk(diskDir, found);
        } catch (QgaError ignored) {
            // qemu-ga logs it at debug level and keeps what the walk found
        }
        return found.disks.stream().findFirst();
    }

    /** get_disk_deps: the device nodes in {@code slaves}, prepended; absent when it cannot be listed. */
    private Optional<List<String>> dependencies(String diskDir) {
        List<String> nodes = new ArrayList<>();
        try {
            for (String slave : tree.list(diskDir + "/slaves")) {
                UdevDevice.of(tree, diskDir + "/slaves/" + slave).flatMap(UdevDevice::devnode)
                        .ifPresent(nodes::addFirst);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(List.copyOf(nodes));
    }

    /** get_disk_partitions: subdirectories named "<disk><digit>…" or "<disk>p<digit>…". */
    private void partitions(String diskName, String diskDir, String diskDev, List<GuestDiskInfo> walked) {
        List<SysfsWalk.Entry> entries;
        try {
            entries = tree.entries(diskDir);
        } catch (IOException e) {
            return;
        }
        for (SysfsWalk.Entry entry : entries) {
            if (entry.type() != SysfsWalk.DT_DIR || !isPartitionName(diskName, entry.name())) {
                continue;
            }
            UdevDevice.of(tree, diskDir + "/" + entry.name()).flatMap(UdevDevice::devnode).ifPresent(node ->
                    walked.add(new GuestDiskInfo(node, true, Optional.of(List.of(diskDev)), Optional.empty(),
                            Optional.empty())));
        }
    }

    static boolean isPartitionName(String disk, String entry) {
        if (!entry.startsWith(disk) || entry.length() == disk.length()) {
            return false;
        }
        char next = entry.charAt(disk.length());
        return Character.isDigit(next)
                || next == 'p' && entry.length() > disk.length() + 1 && Character.isDigit(entry.charAt(disk.length() + 1));
    }
}
