// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.jga.agent.platform.Account;
import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The user database through the C library (getpwnam_r(3), getpwuid_r(3)), so that every NSS
 * source the guest is configured with answers, not only /etc/passwd; and geteuid(2).
 * Bound on first use: only {@code __dev.jga_user} needs it.
 */
public final class Passwd {

    /** struct passwd on glibc LP64: pw_name, pw_passwd, pw_uid, pw_gid, pw_gecos, pw_dir, pw_shell. */
    private static final long SIZE = 48;
    private static final long NAME = 0;
    private static final long UID = 16;
    private static final long GID = 20;
    private static final long DIR = 32;
    private static final long SHELL = 40;
    /** ERANGE: the string buffer was too small; it is doubled up to {@link #MAX_BUFFER}. */
    private static final int ERANGE = 34;
    private static final long MAX_BUFFER = 1 << 20;

    private static final FunctionDescriptor LOOKUP = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
            JAVA_LONG, ADDRESS);
    private static final MethodHandle GETPWNAM_R = Downcalls.bind("getpwnam_r", LOOKUP);
    private static final MethodHandle GETPWUID_R = Downcalls.bind("getpwuid_r",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    private static final MethodHandle GETEUID = Downcalls.bind("geteuid", FunctionDescriptor.of(JAVA_INT));

    private Passwd() {}

    /** The effective uid of this process. */
    public static long effectiveUid() {
        try {
            return Integer.toUnsignedLong((int) GETEUID.invokeExact());
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** The entry of user {@code name}, or empty when there is none. */
    public static Optional<Account> byName(String name) throws SystemError {
        return lookup(name, -1);
    }

    /** The entry of {@code uid}, or empty when there is none. */
    public static Optional<Account> byUid(long uid) throws SystemError {
        return lookup(null, uid);
    }

    private static Optional<Account> lookup(String name, long uid) throws SystemError {
        for (long size = 4096; size <= MAX_BUFFER; size *= 2) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment entry = arena.allocate(SIZE, 8);
                MemorySegment buffer = arena.allocate(size);
                MemorySegment result = arena.allocate(ADDRESS);
                int error = name != null
                        ? (int) GETPWNAM_R.invokeExact(Downcalls.cString(arena, name), entry, buffer, size, result)
                        : (int) GETPWUID_R.invokeExact((int) uid, entry, buffer, size, result);
                if (error == ERANGE) {
                    continue;
                }
                if (error != 0) {
                    throw new SystemError(error, Strerror.text(error), name != null ? "getpwnam_r" : "getpwuid_r");
                }
                if (result.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
                    return Optional.empty();
                }
                return Optional.of(new Account(string(entry, NAME), Integer.toUnsignedLong(entry.get(JAVA_INT, UID)),
                        Integer.toUnsignedLong(entry.get(JAVA_INT, GID)), string(entry, DIR), string(entry, SHELL)));
            } catch (SystemError e) {
                throw e;
            } catch (Throwable t) {
                throw Downcalls.unexpected(t);
            }
        }
        throw new SystemError(ERANGE, Strerror.text(ERANGE), "getpwnam_r");
    }

    private static String string(MemorySegment entry, long offset) {
        MemorySegment pointer = entry.get(ADDRESS, offset);
        return pointer.equals(MemorySegment.NULL) ? "" : pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
