// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.function.IntFunction;

/**
 * The C library's text for an errno, which qemu-ga appends to its error messages
 * (error_setg_errno → g_strerror → strerror). The XSI {@code strerror_r} is used because it is
 * thread-safe on every libc: glibc exports it as {@code __xpg_strerror_r} (its plain
 * {@code strerror_r} is the GNU variant returning a pointer), musl as {@code strerror_r}.
 */
final class Strerror {

    /** Longer than any glibc or musl message ("Unknown error -2147483648" included). */
    private static final int BUFFER_SIZE = 256;

    private static final FunctionDescriptor XSI = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle STRERROR_R = Downcalls.find("__xpg_strerror_r", XSI)
            .orElseGet(() -> Downcalls.bind("strerror_r", XSI));

    /**
     * The texts already asked for, by errno: a non-blocking read or write that finds nothing to do
     * fails with EAGAIN as an exception carrying this text, so the same few are asked for again
     * and again. A text cannot change while the process runs: the locale it depends on is set once,
     * as the JVM starts (setlocale(LC_ALL, "") in the JDK's java_props_md.c), and nothing here
     * sets it again. A race only looks the same text up twice.
     */
    private static final String[] KNOWN = new String[256];

    /** {@link #text} as the function {@link SystemError} asks when its text is needed. */
    static final IntFunction<String> TEXTS = new Texts();

    private static final class Texts implements IntFunction<String> {
        @Override
        public String apply(int errno) {
            return text(errno);
        }
    }

    private Strerror() {}

    static String text(int errno) {
        if (errno < 0 || errno >= KNOWN.length) {
            return lookUp(errno);
        }
        String known = KNOWN[errno];
        if (known == null) {
            known = lookUp(errno);
            KNOWN[errno] = known;
        }
        return known;
    }

    private static String lookUp(int errno) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(BUFFER_SIZE);
            int result = (int) STRERROR_R.invokeExact(errno, buffer, (long) BUFFER_SIZE);
            return result == 0 ? buffer.getString(0) : "Unknown error " + errno;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }
}
