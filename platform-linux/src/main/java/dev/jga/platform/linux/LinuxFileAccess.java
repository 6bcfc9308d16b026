// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.EEXIST;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_APPEND;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_CLOEXEC;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_CREAT;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_EXCL;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_NOCTTY;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_NONBLOCK;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_RDONLY;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_RDWR;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_TRUNC;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_WRONLY;

import dev.jga.agent.platform.FileAccess;
import dev.jga.agent.platform.OpenFile;
import dev.jga.agent.platform.OpenMode;
import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.LibC;

/**
 * guest-file-open as qemu-ga does it (qga/commands-posix.c {@code find_open_flag} and
 * {@code safe_open_or_create}): non-blocking, close-on-exec, never a controlling tty, and new files
 * created 0666 whatever the agent's umask.
 */
final class LinuxFileAccess implements FileAccess {

    /** DEFAULT_NEW_FILE_MODE: rw for user, group and others. */
    static final int DEFAULT_NEW_FILE_MODE = 0666;

    @Override
    public OpenFile open(String path, OpenMode mode) throws SystemError {
        int flags = openFlags(mode);
        boolean creating = (flags & O_CREAT) != 0;
        // Create exclusively first: only a file we created ourselves may get fchmod'ed to 0666.
        // If it exists (EEXIST has no other cause), open it without O_CREAT and keep its mode.
        int fd;
        try {
            fd = LibC.open(path, creating ? flags | O_EXCL : flags, 0);
        } catch (SystemError e) {
            if (!creating || e.errno() != EEXIST) {
                throw e;
            }
            creating = false;
            fd = LibC.open(path, flags & ~O_CREAT, 0);
        }
        if (creating) {
            setNewFileMode(fd, path);
        }
        return new DescriptorFile(fd);
    }

    /** find_open_flag: the mode's base flags plus O_NOCTTY|O_NONBLOCK, and qga_open_cloexec's O_CLOEXEC. */
    static int openFlags(OpenMode mode) {
        int access = mode.read() && mode.write() ? O_RDWR : mode.write() ? O_WRONLY : O_RDONLY;
        int flags = access | O_NOCTTY | O_NONBLOCK | O_CLOEXEC;
        if (mode.create()) {
            flags |= O_CREAT;
        }
        if (mode.truncate()) {
            flags |= O_TRUNC;
        }
        if (mode.append()) {
            flags |= O_APPEND;
        }
        return flags;
    }

    /** fchmod(DEFAULT_NEW_FILE_MODE); on failure the half-made file is closed and unlinked, as qemu does. */
    private static void setNewFileMode(int fd, String path) throws SystemError {
        try {
            LibC.fchmod(fd, DEFAULT_NEW_FILE_MODE);
        } catch (SystemError e) {
            closeQuietly(fd);
            unlinkQuietly(path);
            throw e;
        }
    }

    private static void closeQuietly(int fd) {
        try {
            LibC.close(fd);
        } catch (SystemError ignored) {
            // The descriptor is released even when close reports an error.
        }
    }

    private static void unlinkQuietly(String path) {
        try {
            LibC.unlink(path);
        } catch (SystemError ignored) {
            // qemu ignores unlink's result too: the open error is what the host sees.
        }
    }
}
