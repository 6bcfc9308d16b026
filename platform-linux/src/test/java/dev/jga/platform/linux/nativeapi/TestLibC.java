// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static dev.jga.platform.linux.nativeapi.Downcalls.check;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/** libc calls only tests need: a pty pair to stand in for a serial port, unix listeners at chosen descriptors. */
public final class TestLibC {

    private static final MethodHandle POSIX_OPENPT = Downcalls.bind("posix_openpt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), Downcalls.CAPTURE_ERRNO);
    private static final MethodHandle GRANTPT = Downcalls.bind("grantpt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), Downcalls.CAPTURE_ERRNO);
    private static final MethodHandle UNLOCKPT = Downcalls.bind("unlockpt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), Downcalls.CAPTURE_ERRNO);
    private static final MethodHandle PTSNAME_R = Downcalls.bind("ptsname_r",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle DUP2 = Downcalls.bind("dup2",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), Downcalls.CAPTURE_ERRNO);
    private static final MethodHandle BIND = Downcalls.bind("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), Downcalls.CAPTURE_ERRNO);

    private TestLibC() {}

    /** A pty master (O_RDWR|O_NOCTTY|O_CLOEXEC), granted and unlocked; {@link #ptsName} names its slave. */
    public static int openPtyMaster() throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int fd = (int) POSIX_OPENPT.invokeExact(state, LinuxConstants.O_RDWR | LinuxConstants.O_NOCTTY | LinuxConstants.O_CLOEXEC);
            check(fd, state, "posix_openpt");
            int granted = (int) GRANTPT.invokeExact(state, fd);
            check(granted, state, "grantpt");
            int unlocked = (int) UNLOCKPT.invokeExact(state, fd);
            check(unlocked, state, "unlockpt");
            return fd;
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    public static String ptsName(int master) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocate(128);
            int result = (int) PTSNAME_R.invokeExact(master, name, 128L);
            if (result != 0) {
                throw new IllegalStateException("ptsname_r: " + result);
            }
            return name.getString(0);
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    public static int dup2(int fd, int target) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) DUP2.invokeExact(state, fd, target);
            return check(result, state, "dup2");
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** bind(2) to a {@code struct sockaddr_un} (family u16, then sun_path[108]). */
    public static void bindUnix(int fd, String path) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment address = arena.allocate(110, 2);
            address.set(JAVA_SHORT, 0, (short) LinuxConstants.AF_UNIX);
            byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
            MemorySegment.copy(bytes, 0, address, JAVA_BYTE, 2, bytes.length);
            int result = (int) BIND.invokeExact(state, fd, address, 110);
            check(result, state, "bind");
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }
}
