// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.jga.agent.platform.SystemError;
import dev.jga.agent.platform.UserDatabase.Account;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * getpwnam_r(3), as glib's g_unix_get_passwd_entry calls it for qemu-ga: through NSS, so every
 * account source the guest is configured with counts, with the buffer grown on ERANGE.
 */
public final class Passwd {

    /** struct passwd on LP64 glibc and musl. */
    private static final StructLayout PASSWD = MemoryLayout.structLayout(
            ADDRESS.withName("pw_name"), ADDRESS.withName("pw_passwd"),
            JAVA_INT.withName("pw_uid"), JAVA_INT.withName("pw_gid"),
            ADDRESS.withName("pw_gecos"), ADDRESS.withName("pw_dir"), ADDRESS.withName("pw_shell"));
    private static final long UID_OFFSET = PASSWD.byteOffset(MemoryLayout.PathElement.groupElement("pw_uid"));
    private static final long GID_OFFSET = PASSWD.byteOffset(MemoryLayout.PathElement.groupElement("pw_gid"));
    private static final long DIR_OFFSET = PASSWD.byteOffset(MemoryLayout.PathElement.groupElement("pw_dir"));
    /** A string pointer, readable up to its NUL. */
    private static final AddressLayout C_STRING = ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(
            Long.MAX_VALUE, java.lang.foreign.ValueLayout.JAVA_BYTE));
    /** glib starts at 64 bytes (or _SC_GETPW_R_SIZE_MAX) and doubles; this bounds the doubling. */
    private static final long FIRST_BUFFER = 1024;
    private static final long MAX_BUFFER = 1024 * 1024;

    private static final class GetpwnamR {
        static final MethodHandle HANDLE = Downcalls.bind("getpwnam_r",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));
    }

    private Passwd() {}

    /** The account {@code name}; not found is a SystemError with errno 0, as glib reports it. */
    public static Account lookup(String name) throws SystemError {
        for (long size = FIRST_BUFFER; ; size *= 2) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment entry = arena.allocate(PASSWD);
                MemorySegment buffer = arena.allocate(size);
                MemorySegment result = arena.allocate(ADDRESS);
                int error = (int) GetpwnamR.HANDLE.invokeExact(Downcalls.cString(arena, name), entry, buffer, size,
                        result);
                if (error == LinuxConstants.ERANGE && size < MAX_BUFFER) {
                    continue;
                }
                if (error != 0 || result.get(ADDRESS, 0).equals(MemorySegment.NULL)) {
                    throw new SystemError(error, Strerror.text(error), "getpwnam_r");
                }
                String home = entry.get(C_STRING, DIR_OFFSET).getString(0);
                return new Account(name, entry.get(JAVA_INT, UID_OFFSET), entry.get(JAVA_INT, GID_OFFSET), home);
            } catch (SystemError e) {
                throw e;
            } catch (Throwable t) {
                throw Downcalls.unexpected(t);
            }
        }
    }
}
