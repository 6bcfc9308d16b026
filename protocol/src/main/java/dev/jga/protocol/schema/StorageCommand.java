// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The guest's disks and mounted filesystems, as hosts map them to their own block devices
 * (libvirt's domfsinfo, guestinfo --disk), their I/O counters, and discarding unused blocks.
 */
public sealed interface StorageCommand<R> extends Command<R> {

    @Qapi(name = "guest-get-fsinfo", since = "2.2",
            doc = "Lists the mounted local filesystems with their type, size and the disks they lie on.")
    record GetFsinfo() implements StorageCommand<List<GuestFilesystemInfo>> {}

    @Qapi(name = "guest-get-disks", since = "5.2",
            doc = "Lists the block devices and their partitions, with their dependencies and disk addresses.")
    record GetDisks() implements StorageCommand<List<GuestDiskInfo>> {}

    @Qapi(name = "guest-get-diskstats", since = "7.1",
            doc = "Reports each block device's I/O counters from /proc/diskstats.")
    record GetDiskstats() implements StorageCommand<List<GuestDiskStatsInfo>> {}

    /** {@code minimum}: the smallest contiguous free range worth discarding, in bytes (FITRIM minlen). */
    @Qapi(name = "guest-fstrim", since = "1.2",
            doc = "Discards unused blocks on every mounted filesystem (FITRIM) and reports each one's result.")
    record Fstrim(Optional<Long> minimum) implements StorageCommand<GuestFilesystemTrimResponse> {}

    /** QAPI enum GuestDiskBusType. */
    enum GuestDiskBusType implements WireEnum {
        IDE, FDC, SCSI, VIRTIO, XEN, USB, UML, SATA, SD, UNKNOWN, IEEE1394, SSA, FIBRE, RAID, ISCSI, SAS, MMC,
        VIRTUAL, FILE_BACKED_VIRTUAL, NVME;

        @Override
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A PCI address; -1 in every member means the disk is not on a PCI controller qemu-ga knows. */
    record GuestPCIAddress(long domain, long bus, long slot, long function) {}

    /** Where a disk is attached, in the terms of the hypervisor's device model. */
    record GuestDiskAddress(GuestPCIAddress pciController, GuestDiskBusType busType, long bus, long target,
            long unit, Optional<String> serial, Optional<String> dev) {}

    /**
     * A block device or partition. {@code dependencies} are the devices it is built on (a
     * partition's disk, a device-mapper volume's slaves); {@code alias} is the device-mapper name.
     */
    record GuestDiskInfo(String name, boolean partition, Optional<List<String>> dependencies,
            Optional<GuestDiskAddress> address, Optional<String> alias) {}

    /**
     * A mounted filesystem. {@code used-bytes} is (f_blocks - f_bfree) * f_frsize, {@code total-bytes}
     * what an unprivileged user sees (used + f_bavail), {@code total-bytes-privileged} (9.1) all of it.
     */
    record GuestFilesystemInfo(String name, String mountpoint, String type, @Unsigned Optional<Long> usedBytes,
            @Unsigned Optional<Long> totalBytes, @Unsigned Optional<Long> totalBytesPrivileged, List<GuestDiskAddress> disk) {}

    /** /proc/diskstats' fields; which are present depends on how many fields the kernel prints. */
    record GuestDiskStats(
            @Unsigned Optional<Long> readSectors,
            @Unsigned Optional<Long> readIos,
            @Unsigned Optional<Long> readMerges,
            @Unsigned Optional<Long> writeSectors,
            @Unsigned Optional<Long> writeIos,
            @Unsigned Optional<Long> writeMerges,
            @Unsigned Optional<Long> discardSectors,
            @Unsigned Optional<Long> discardIos,
            @Unsigned Optional<Long> discardMerges,
            @Unsigned Optional<Long> flushIos,
            @Unsigned Optional<Long> readTicks,
            @Unsigned Optional<Long> writeTicks,
            @Unsigned Optional<Long> discardTicks,
            @Unsigned Optional<Long> flushTicks,
            @Unsigned Optional<Long> iosPgr,
            @Unsigned Optional<Long> totalTicks,
            @Unsigned Optional<Long> weightTicks) {}

    record GuestDiskStatsInfo(String name, @Unsigned long major, @Unsigned long minor, GuestDiskStats stats) {}

    /** One filesystem's trim: bytes trimmed and the minimum used, or the error. */
    record GuestFilesystemTrimResult(String path, Optional<Long> trimmed, Optional<Long> minimum,
            Optional<String> error) {}

    record GuestFilesystemTrimResponse(List<GuestFilesystemTrimResult> paths) {}
}
