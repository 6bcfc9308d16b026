// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.storage;

import static dev.jga.protocol.wire.Messages.OPENDIR_FAILED;
import static dev.jga.protocol.wire.Messages.REALPATH_FAILED;

import dev.jga.platform.linux.kernelfs.KernelFile;
import dev.jga.protocol.schema.StorageCommand.GuestDiskAddress;
import dev.jga.protocol.schema.StorageCommand.GuestDiskBusType;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * The disks a block device lies on, found as qemu-ga's build_guest_fsinfo_for_device finds them
 * (qga/commands-linux.c): a virtual device (device-mapper, md) through the devices in its
 * {@code slaves} directory, recursively; a real one through its PCI path (or, without PCI, a
 * virtio path) and udev's device node and serial number.
 */
final class DeviceDisks {

    /** What a walk found: the name of the first device reached, and the disks, latest first (QAPI_LIST_PREPEND). */
    static final class Found {
        String name;
        final List<GuestDiskAddress> disks = new ArrayList<>();
    }

    private final SystemTree tree;
    private final PciDisk pci;

    DeviceDisks(SystemTree tree) {
        this.tree = tree;
        this.pci = new PciDisk(tree);
    }

    /** Walks from {@code devpath} (e.g. "/sys/dev/block/8:1") into {@code found}; throws qemu-ga's errors. */
    void walk(String devpath, Found found) {
        String syspath;
        try {
            syspath = tree.realPath(devpath);
        } catch (NoSuchFileException e) {
            // ENOENT: the device may be missing in a container; the name is the path's last part.
            if (found.name == null) {
                found.name = SystemTree.baseName(devpath);
            }
            return;
        } catch (IOException e) {
            throw QgaError.errno(KernelFile.strerror(e), REALPATH_FAILED, devpath);
        }
        if (found.name == null) {
            found.name = SystemTree.baseName(syspath);
        }
        if (syspath.contains("/devices/virtual/block/")) {
            slaves(syspath, found);
        } else {
            real(syspath, found);
        }
    }

    private void slaves(String syspath, Found found) {
        String directory = syspath + "/slaves";
        List<String> names;
        try {
            names = tree.list(directory);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw QgaError.errno(KernelFile.strerror(e), OPENDIR_FAILED, directory);
        }
        for (String name : names) {
            if (tree.isLink(directory + "/" + name)) {
                walk(directory + "/" + name, found);
            }
        }
    }

    /** build_guest_fsinfo_for_real_device: kept when anything about the disk is known. */
    private void real(String syspath, Found found) {
        DiskAddressBuilder disk = new DiskAddressBuilder();
        UdevDevice.of(tree, syspath).ifPresent(udev -> {
            disk.dev = udev.devnode();
            disk.serial = udev.property("ID_SERIAL");
        });
        boolean known;
        if (syspath.contains("/devices/pci")) {
            known = pci.fill(syspath, disk);
        } else if (syspath.contains("/virtio")) {
            known = nonPciVirtio(syspath, disk);
        } else {
            known = false; // includes s390x channel devices ("/devices/css"), whose ccw-address jga lacks
        }
        if (known || disk.dev.isPresent() || disk.serial.isPresent()) {
            found.disks.addFirst(disk.build());
        }
    }

    /** build_guest_fsinfo_for_nonpci_virtio: virtio-scsi by its target, else one virtio-blk disk. */
    private static boolean nonPciVirtio(String syspath, DiskAddressBuilder disk) {
        if (!syspath.contains("/block")) {
            return false;
        }
        long[] target = PciDisk.scsiTarget(syspath);
        if (target != null) {
            disk.busType = GuestDiskBusType.SCSI;
            disk.bus = target[0];
            disk.target = target[1];
            disk.unit = target[2];
        } else {
            disk.busType = GuestDiskBusType.VIRTIO;
        }
        return true;
    }
}
