// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The C library's text for a failed file operation, recovered from Java's exception, because
 * qemu-ga's start-up messages end in {@code strerror(errno)}. The JDK keeps that text as a
 * {@link FileSystemException}'s reason; two common cases have their own exception types.
 */
public final class Strerror {

    private Strerror() {}

    public static String of(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage();
    }
}
