// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.storage;

import static dev.jga.protocol.wire.Messages.TRIM_FAILED;
import static dev.jga.protocol.wire.Messages.TRIM_NOT_SUPPORTED;
import static dev.jga.protocol.wire.Messages.TRIM_OPEN_FAILED;

import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.FileSystemCalls;
import dev.jga.platform.linux.nativeapi.LibC;
import dev.jga.platform.linux.nativeapi.LinuxConstants;
import dev.jga.protocol.schema.StorageCommand.GuestFilesystemTrimResponse;
import dev.jga.protocol.schema.StorageCommand.GuestFilesystemTrimResult;
import dev.jga.protocol.wire.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * guest-fstrim as qemu-ga's qmp_guest_fstrim does it (qga/commands-linux.c): FITRIM on every
 * mounted local filesystem, each with its own result; a filesystem that cannot trim (ENOTTY,
 * EOPNOTSUPP) says so, any other failure carries strerror. Results are prepended.
 */
final class FilesystemTrim {

    private static final int ENOTTY = 25;
    private static final int EOPNOTSUPP = 95;

    private final SystemTree tree;
    private final MountTable mounts;

    FilesystemTrim(SystemTree tree, MountTable mounts) {
        this.tree = tree;
        this.mounts = mounts;
    }

    GuestFilesystemTrimResponse trim(Optional<Long> minimum) {
        List<GuestFilesystemTrimResult> results = new ArrayList<>();
        for (Mount mount : mounts.mounts()) {
            results.addFirst(trim(mount.directory(), minimum.orElse(0L)));
        }
        return new GuestFilesystemTrimResponse(results);
    }

    private GuestFilesystemTrimResult trim(String directory, long minimum) {
        int fd;
        try {
            fd = LibC.open(tree.file(directory).toString(), LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC, 0);
        } catch (SystemError e) {
            return failed(directory, Messages.fill(TRIM_OPEN_FAILED, e.strerror()));
        }
        try {
            FileSystemCalls.Trimmed trimmed = FileSystemCalls.trim(fd, minimum);
            return new GuestFilesystemTrimResult(directory, Optional.of(trimmed.length()),
                    Optional.of(trimmed.minimum()), Optional.empty());
        } catch (SystemError e) {
            boolean unsupported = e.errno() == ENOTTY || e.errno() == EOPNOTSUPP;
            return failed(directory, unsupported ? TRIM_NOT_SUPPORTED : Messages.fill(TRIM_FAILED, e.strerror()));
        } finally {
            try {
                LibC.close(fd);
            } catch (SystemError ignored) {
                // the descriptor is gone either way
            }
        }
    }

    private static GuestFilesystemTrimResult failed(String directory, String error) {
        return new GuestFilesystemTrimResult(directory, Optional.empty(), Optional.empty(), Optional.of(error));
    }
}
