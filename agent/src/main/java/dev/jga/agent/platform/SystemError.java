// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import java.io.IOException;

/**
 * An operating-system call failed. Carries the errno and its strerror text, because qemu-ga's
 * messages end in exactly that text ("failed to open file 'x' (mode: 'r'): No such file or directory").
 */
public final class SystemError extends IOException {

    private final int errno;
    private final String strerror;

    public SystemError(int errno, String strerror, String call) {
        super(call + ": " + strerror + " (errno " + errno + ")");
        this.errno = errno;
        this.strerror = strerror;
    }

    public int errno() {
        return errno;
    }

    /** The C library's text for {@link #errno()}, as qemu appends it. */
    public String strerror() {
        return strerror;
    }
}
