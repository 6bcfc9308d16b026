// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import dev.jga.protocol.schema.StorageCommand.GuestDiskInfo;
import dev.jga.protocol.schema.StorageCommand.GuestDiskStatsInfo;
import dev.jga.protocol.schema.StorageCommand.GuestFilesystemInfo;
import dev.jga.protocol.schema.StorageCommand.GuestFilesystemTrimResponse;
import java.util.List;
import java.util.Optional;

/**
 * The guest's block devices and mounted filesystems, read the way qemu-ga reads them (mount
 * table, sysfs, udev's database, statvfs), and FITRIM. As with {@link NetworkInfo}, the answers
 * are the schema's records and failures are {@link dev.jga.protocol.wire.QgaError}s with
 * qemu-ga's texts.
 */
public interface StorageInfo {

    /** guest-get-fsinfo. */
    List<GuestFilesystemInfo> filesystems();

    /** guest-get-disks. */
    List<GuestDiskInfo> disks();

    /** guest-get-diskstats. */
    List<GuestDiskStatsInfo> diskStats();

    /** guest-fstrim: every mounted filesystem, each with its own result or error. */
    GuestFilesystemTrimResponse trim(Optional<Long> minimum);
}
