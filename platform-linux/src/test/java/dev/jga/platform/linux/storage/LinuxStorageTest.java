// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.platform.linux.nativeapi.FileSystemCalls.Usage;
import dev.jga.protocol.schema.StorageCommand.GuestDiskAddress;
import dev.jga.protocol.schema.StorageCommand.GuestDiskBusType;
import dev.jga.protocol.schema.StorageCommand.GuestDiskInfo;
import dev.jga.protocol.schema.StorageCommand.GuestDiskStats;
import dev.jga.protocol.schema.StorageCommand.GuestDiskStatsInfo;
import dev.jga.protocol.schema.StorageCommand.GuestFilesystemInfo;
import dev.jga.protocol.schema.StorageCommand.GuestPCIAddress;
import dev.jga.protocol.wire.QgaError;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage readers on a fixture machine with what a CI machine lacks: a virtio-blk disk with
 * partitions, a virtio-scsi disk with a udev serial, an NVMe disk, an AHCI disk and a
 * device-mapper volume on a partition, mounted with a bind mount and an escaped mount point.
 */
class LinuxStorageTest {

    private static final String VIRTIO_BLK = "/sys/devices/pci0000:00/0000:00:04.0/virtio1/block/vda";
    private static final String VIRTIO_SCSI = "/sys/devices/pci0000:00/0000:00:05.0/virtio2/host0/target0:0:0/0:0:0:3/block/sda";
    private static final String NVME = "/sys/devices/pci0000:00/0000:00:06.0/nvme/nvme0/nvme0n1";
    private static final String AHCI = "/sys/devices/pci0000:00/0000:00:1f.2/ata2/host1/target1:0:0/1:0:0:0/block/sdb";
    private static final String DM = "/sys/devices/virtual/block/dm-0";
    private static final Usage USAGE = new Usage(4096, 1000, 400, 300);

    @TempDir
    Path root;
    private LinuxStorage storage;

    @BeforeEach
    void machine() {
        new FixtureTree(root)
                .blockDevice(VIRTIO_BLK, "vda", 254, 0, 2048).partition(VIRTIO_BLK, "vda1", 254, 1)
                .link("/sys/devices/pci0000:00/0000:00:04.0/driver", "/sys/bus/pci/drivers/virtio-pci")
                .blockDevice(VIRTIO_SCSI, "sda", 8, 0, 4096)
                .link("/sys/devices/pci0000:00/0000:00:05.0/driver", "/sys/bus/pci/drivers/virtio-pci")
                .file("/run/udev/data/b8:0", "S:disk/by-id/scsi-0QEMU_QEMU_HARDDISK_data\nE:ID_SERIAL=0QEMU_QEMU_HARDDISK_data\n")
                .blockDevice(NVME, "nvme0n1", 259, 0, 8192).partition(NVME, "nvme0n1p1", 259, 1)
                .link("/sys/devices/pci0000:00/0000:00:06.0/driver", "/sys/bus/pci/drivers/nvme")
                .blockDevice(AHCI, "sdb", 8, 16, 100)
                .link("/sys/devices/pci0000:00/0000:00:1f.2/driver", "/sys/bus/pci/drivers/ahci")
                .dir("/sys/devices/pci0000:00/0000:00:1f.2/ata1").dir("/sys/devices/pci0000:00/0000:00:1f.2/ata2")
                .blockDevice(DM, "dm-0", 253, 0, 1024).link(DM + "/slaves/vda1", VIRTIO_BLK + "/vda1")
                .file("/run/udev/data/b253:0", "E:DM_NAME=vg-root\n")
                .blockDevice("/sys/devices/virtual/block/loop0", "loop0", 7, 0, 0)
                .file("/proc/self/mountinfo", """
                        22 1 253:0 / / rw,relatime shared:1 - ext4 /dev/mapper/vg-root rw
                        23 22 0:21 / /proc rw,nosuid - proc proc rw
                        24 22 259:1 / /srv/my\\040data rw - xfs /dev/nvme0n1p1 rw
                        25 22 253:0 /var /mnt/bind rw - ext4 /dev/mapper/vg-root rw
                        26 22 8:0 / /scsi rw - ext4 /dev/sda rw
                        27 22 8:16 / /sata rw - ext4 /dev/sdb rw
                        """)
                .file("/proc/diskstats", """
                           8       0 sda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17
                           8       1 sda1 1 2 3 4
                         254       0 vda 1 2 3 4 5 6 7 8 9 10 11
                         253       0 dm-0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
                        """);
        storage = new LinuxStorage(root, file -> Optional.of(USAGE));
    }

    @Test
    void filesystemsAreListedLastMountFirstOncePerDeviceWithTheirDisks() {
        List<GuestFilesystemInfo> filesystems = storage.filesystems();
        assertThat(filesystems).extracting(GuestFilesystemInfo::mountpoint)
                .containsExactly("/sata", "/scsi", "/srv/my data", "/");
        GuestFilesystemInfo rootFs = filesystems.getLast();
        assertThat(rootFs.name()).isEqualTo("dm-0");
        assertThat(rootFs.disk()).containsExactly(virtio(4, Optional.of("/dev/vda1")));
        assertThat(rootFs.usedBytes()).contains(600L * 4096);
        assertThat(rootFs.totalBytes()).contains(900L * 4096);
        assertThat(rootFs.totalBytesPrivileged()).contains(1000L * 4096);
    }

    @Test
    void scsiNvmeAndSataDisksGetTheirControllersAddressAndUdevsSerial() {
        List<GuestFilesystemInfo> filesystems = storage.filesystems();
        assertThat(filesystems.get(1).disk()).containsExactly(new GuestDiskAddress(new GuestPCIAddress(0, 0, 5, 0),
                GuestDiskBusType.SCSI, 0, 0, 3, Optional.of("0QEMU_QEMU_HARDDISK_data"), Optional.of("/dev/sda")));
        assertThat(filesystems.get(2).disk()).containsExactly(new GuestDiskAddress(new GuestPCIAddress(0, 0, 6, 0),
                GuestDiskBusType.NVME, 0, 0, 0, Optional.empty(), Optional.of("/dev/nvme0n1p1")));
        assertThat(filesystems.get(0).disk()).containsExactly(new GuestDiskAddress(
                new GuestPCIAddress(0, 0, 0x1f, 2), GuestDiskBusType.SATA, 0, 0, 1, Optional.empty(),
                Optional.of("/dev/sdb")));
    }

    @Test
    void disksComeWithTheirPartitionsDependenciesAndDeviceMapperName() {
        List<GuestDiskInfo> disks = storage.disks();
        assertThat(disks).extracting(GuestDiskInfo::name).containsExactlyInAnyOrder("/dev/vda", "/dev/vda1",
                "/dev/sda", "/dev/nvme0n1", "/dev/nvme0n1p1", "/dev/sdb", "/dev/dm-0");
        GuestDiskInfo dm = disk(disks, "/dev/dm-0");
        assertThat(dm.alias()).contains("vg-root");
        assertThat(dm.dependencies()).contains(List.of("/dev/vda1"));
        assertThat(dm.address()).isEmpty();
        GuestDiskInfo partition = disk(disks, "/dev/nvme0n1p1");
        assertThat(partition.partition()).isTrue();
        assertThat(partition.dependencies()).contains(List.of("/dev/nvme0n1"));
        assertThat(disk(disks, "/dev/vda").address()).contains(virtio(4, Optional.of("/dev/vda")));
        assertThat(disk(disks, "/dev/vda").dependencies()).contains(List.of());
        assertThat(disks.indexOf(partition)).isLessThan(disks.indexOf(disk(disks, "/dev/nvme0n1")));
    }

    @Test
    void diskStatisticsHaveTheMembersTheirFieldCountGives() {
        List<GuestDiskStatsInfo> stats = storage.diskStats();
        assertThat(stats).extracting(GuestDiskStatsInfo::name).containsExactly("sda", "sda1", "vda", "dm-0");
        GuestDiskStats full = stats.get(0).stats();
        assertThat(full.flushTicks()).contains(17L);
        assertThat(full.discardSectors()).contains(14L);
        assertThat(full.readSectors()).contains(3L);
        GuestDiskStats oldPartition = stats.get(1).stats();
        assertThat(oldPartition.readIos()).contains(1L);
        assertThat(oldPartition.readSectors()).contains(2L);
        assertThat(oldPartition.writeIos()).contains(3L);
        assertThat(oldPartition.writeSectors()).contains(4L);
        assertThat(oldPartition.readMerges()).isEmpty();
        assertThat(stats.get(2).stats().weightTicks()).contains(11L);
        assertThat(stats.get(2).stats().discardIos()).isEmpty();
        assertThat(stats.get(3).stats().discardIos()).contains(12L);
        assertThat(stats.get(3).stats().flushIos()).isEmpty();
    }

    @Test
    void aMissingDiskstatsFileIsQemusOpenError() {
        assertThatThrownBy(() -> new LinuxStorage(root.resolve("sys"), f -> Optional.empty()).diskStats())
                .isInstanceOf(QgaError.class)
                .hasMessage("open(\"/proc/diskstats\"): No such file or directory");
    }

    @Test
    void aDeviceMissingFromSysfsIsNamedByItsNumberWithoutDisks() {
        new FixtureTree(root).file("/proc/self/mountinfo", "30 1 9:9 / /gone rw - ext4 /dev/md9 rw\n");
        GuestFilesystemInfo gone = storage.filesystems().getFirst();
        assertThat(gone.name()).isEqualTo("9:9");
        assertThat(gone.disk()).isEmpty();
    }

    private static GuestDiskAddress virtio(int slot, Optional<String> dev) {
        return new GuestDiskAddress(new GuestPCIAddress(0, 0, slot, 0), GuestDiskBusType.VIRTIO, 0, 0, 0,
                Optional.empty(), dev);
    }

    private static GuestDiskInfo disk(List<GuestDiskInfo> disks, String name) {
        return disks.stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }
}
