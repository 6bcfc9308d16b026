// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.kernelfs;

import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.WholeFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reading the kernel's text files (procfs, sysfs) and udev's, which report a size of 0 or 4096
 * whatever they hold: read to the end, as qemu-ga's getline loops do, at most
 * {@link #MAX_BYTES}. Bytes are taken as ISO-8859-1, so that a name is passed on byte for byte.
 */
public final class KernelFile {

    /** The most read of one file: /proc/self/mountinfo of a host with thousands of mounts fits. */
    public static final int MAX_BYTES = 16 * 1024 * 1024;

    private KernelFile() {}

    public static String read(Path file) throws IOException {
        return new String(WholeFile.read(file.toString(), MAX_BYTES), StandardCharsets.ISO_8859_1);
    }

    /** The text, or "" when the file cannot be read (qemu-ga then leaves out what it would give). */
    public static String readOrEmpty(Path file) {
        return readIfPresent(file).orElse("");
    }

    public static Optional<String> readIfPresent(Path file) {
        byte[] bytes = WholeFile.readIfPresent(file.toString(), MAX_BYTES);
        return bytes == null ? Optional.empty() : Optional.of(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    /** The C library's text for the errno behind {@code e}, which qemu-ga appends to its messages. */
    public static String strerror(IOException e) {
        if (e instanceof SystemError system) {
            return system.strerror();
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
