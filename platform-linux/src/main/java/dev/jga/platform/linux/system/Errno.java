// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.system;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The errno behind a JDK file exception, for the sysfs and procfs readers: qemu's texts end in
 * strerror, and guest-set-memory-blocks reports the number itself. The JDK keeps the strerror text
 * (a FileSystemException's reason) but not the number, so the numbers of the errors these files
 * give are listed here (Linux asm-generic/errno-base.h) with glibc's texts.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EIO(5, "Input/output error"),
    EAGAIN(11, "Resource temporarily unavailable"),
    EACCES(13, "Permission denied"),
    EBUSY(16, "Device or resource busy"),
    ENODEV(19, "No such device"),
    ENOTDIR(20, "Not a directory"),
    EINVAL(22, "Invalid argument"),
    EROFS(30, "Read-only file system");

    private final int number;
    private final String text;

    Errno(int number, String text) {
        this.number = number;
        this.text = text;
    }

    public int number() {
        return number;
    }

    public String text() {
        return text;
    }

    /** The strerror text of {@code failure}. */
    public static String textOf(IOException failure) {
        return switch (failure) {
            case NoSuchFileException e -> ENOENT.text;
            case AccessDeniedException e -> EACCES.text;
            case NotDirectoryException e -> ENOTDIR.text;
            case FileSystemException e when e.getReason() != null -> e.getReason();
            default -> failure.getMessage() == null ? EIO.text : failure.getMessage();
        };
    }

    /** The errno of {@code failure}; EIO when its text is none of the listed ones. */
    public static int numberOf(IOException failure) {
        String text = textOf(failure);
        for (Errno errno : values()) {
            if (errno.text.equals(text)) {
                return errno.number;
            }
        }
        return EIO.number;
    }

    public static boolean isNotFound(IOException failure) {
        return ENOENT.text.equals(textOf(failure));
    }
}
