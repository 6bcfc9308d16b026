// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import java.util.List;
import java.util.Optional;

/**
 * Freezing and thawing the guest's mounted filesystems (Linux: FIFREEZE/FITHAW, qemu's
 * qga/commands-linux.c). The agent decides when (the hook, the frozen state); the platform knows
 * which filesystems count and how to freeze them. Failures are {@link dev.jga.protocol.wire.QgaError}s
 * with qemu's texts, since only the platform knows which step failed.
 */
public interface FilesystemFreezer {

    /** The mounted local filesystems, in mount order, each device once (build_fs_mount_list). */
    List<String> mountpoints();

    /**
     * Freezes {@code mountpoints} (those of them that {@code only} lists, when present) in reverse
     * mount order, so a filesystem mounted on another is frozen first; returns how many froze.
     * Stops at the first failure, leaving the earlier ones frozen for the caller to thaw.
     */
    long freeze(List<String> mountpoints, Optional<List<String>> only);

    /** Thaws every mounted local filesystem, however often it was frozen; returns how many thawed. */
    long thaw();
}
