// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.storage;

import static dev.jga.protocol.wire.Messages.FREEZE_FAILED;
import static dev.jga.protocol.wire.Messages.FREEZE_OPEN_FAILED;

import dev.jga.agent.platform.FilesystemFreezer;
import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.FilesystemIoctls;
import dev.jga.platform.linux.nativeapi.LibC;
import dev.jga.platform.linux.nativeapi.LinuxConstants;
import dev.jga.protocol.wire.QgaError;
import java.util.List;
import java.util.Optional;

/**
 * FIFREEZE/FITHAW over the {@link MountTable}, as qga/commands-linux.c
 * qmp_guest_fsfreeze_do_freeze_list and qmp_guest_fsfreeze_do_thaw do it.
 */
public final class LinuxFilesystemFreezer implements FilesystemFreezer {

    private final MountTable table;

    public LinuxFilesystemFreezer(MountTable table) {
        this.table = table;
    }

    @Override
    public List<String> mountpoints() {
        return table.mounts().stream().map(Mount::directory).toList();
    }

    /**
     * In reverse mount order, so a filesystem is frozen before the one it is mounted on. A
     * filesystem that cannot be frozen (EOPNOTSUPP) or already is (EBUSY) is not counted; any
     * other failure ends the freeze with qemu's error.
     */
    @Override
    public long freeze(List<String> mountpoints, Optional<List<String>> only) {
        long frozen = 0;
        for (String directory : mountpoints.reversed()) {
            if (only.isPresent() && !only.get().contains(directory)) {
                continue;
            }
            int fd = open(directory).orElseThrow(e -> QgaError.errno(e.strerror(), FREEZE_OPEN_FAILED, directory));
            try {
                FilesystemIoctls.freeze(fd);
                frozen++;
            } catch (SystemError e) {
                if (e.errno() != LinuxConstants.EOPNOTSUPP && e.errno() != LinuxConstants.EBUSY) {
                    throw QgaError.errno(e.strerror(), FREEZE_FAILED, directory);
                }
            } finally {
                closeQuietly(fd);
            }
        }
        return frozen;
    }

    /**
     * FITHAW on every local filesystem until it fails (each FIFREEZE, ours or another program's,
     * needs its own), counting those thawed at least once; one that cannot be opened is skipped.
     */
    @Override
    public long thaw() {
        long thawed = 0;
        for (String directory : mountpoints()) {
            Opened opened = open(directory);
            if (opened.fd < 0) {
                continue;
            }
            boolean counted = false;
            try {
                while (true) {
                    FilesystemIoctls.thaw(opened.fd);
                    if (!counted) {
                        thawed++;
                        counted = true;
                    }
                }
            } catch (SystemError expected) {
                // EINVAL: not frozen (any more)
            } finally {
                closeQuietly(opened.fd);
            }
        }
        return thawed;
    }

    /** A descriptor, or the failure to open one. */
    private record Opened(int fd, SystemError failure) {
        <X extends Throwable> int orElseThrow(java.util.function.Function<SystemError, X> error) throws X {
            if (fd < 0) {
                throw error.apply(failure);
            }
            return fd;
        }
    }

    private static Opened open(String directory) {
        try {
            return new Opened(LibC.open(directory, LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC, 0), null);
        } catch (SystemError e) {
            return new Opened(-1, e);
        }
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (SystemError ignored) {
            // a read-only directory descriptor: nothing was written that a failed close could lose
        }
    }
}
