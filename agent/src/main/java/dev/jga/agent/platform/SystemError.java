// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import java.io.IOException;
import java.util.function.IntFunction;

/**
 * An operating-system call failed. Carries the errno and its strerror text, because qemu-ga's
 * messages end in exactly that text ("failed to open file 'x' (mode: 'r'): No such file or directory").
 *
 * <p>The text can be looked up only when it is asked for: most failures are expected ones (a
 * non-blocking read that finds nothing, EAGAIN) that are caught and never shown, and the first
 * look-up of a text is itself a native call to bind.
 */
public final class SystemError extends IOException {

    private final int errno;
    private final String call;
    private final IntFunction<String> texts;
    private volatile String strerror;

    public SystemError(int errno, String strerror, String call) {
        this.errno = errno;
        this.call = call;
        this.texts = null; // the text is already there
        this.strerror = strerror;
    }

    /** {@code texts} gives the C library's text for an errno, asked at most once, when it is needed. */
    public SystemError(int errno, IntFunction<String> texts, String call) {
        this.errno = errno;
        this.call = call;
        this.texts = texts;
    }

    public int errno() {
        return errno;
    }

    /** The C library's text for {@link #errno()}, as qemu appends it. */
    public String strerror() {
        String text = strerror;
        if (text == null) {
            text = texts.apply(errno);
            strerror = text;
        }
        return text;
    }

    @Override
    public String getMessage() {
        return call + ": " + strerror() + " (errno " + errno + ")";
    }
}
