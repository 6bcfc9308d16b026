// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Terminal attributes (tcgetattr/tcsetattr/tcflush), for the isa-serial channel, which qemu-ga
 * switches to raw byte streaming. glibc's {@code struct termios} on x86_64, checked with
 * {@code sizeof}/{@code offsetof} in a gcc-compiled program: 60 bytes; c_iflag 0, c_oflag 4,
 * c_cflag 8, c_lflag 12 (tcflag_t = 4 bytes), c_line 16, c_cc[NCCS = 32] 17, c_ispeed 52,
 * c_ospeed 56 (speed_t = 4 bytes).
 */
public final class Termios {

    static final long SIZE = 60;
    static final int NCCS = 32;
    private static final long IFLAG = 0;
    private static final long OFLAG = 4;
    private static final long CFLAG = 8;
    private static final long LFLAG = 12;
    private static final long LINE = 16;
    private static final long CC = 17;
    private static final long ISPEED = 52;
    private static final long OSPEED = 56;

    private static final MethodHandle TCGETATTR = Downcalls.bind("tcgetattr",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), Downcalls.CAPTURE_ERRNO);
    private static final MethodHandle TCSETATTR = Downcalls.bind("tcsetattr",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), Downcalls.CAPTURE_ERRNO);
    private static final MethodHandle TCFLUSH = Downcalls.bind("tcflush",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), Downcalls.CAPTURE_ERRNO);

    private Termios() {}

    /** A {@code struct termios} as Java values; {@code cc} has NCCS entries. */
    public record Attributes(int iflag, int oflag, int cflag, int lflag, byte line, byte[] cc, int ispeed, int ospeed) {
        public Attributes {
            cc = cc.clone();
        }

        @Override
        public byte[] cc() {
            return cc.clone();
        }
    }

    /** tcgetattr(3); fails with ENOTTY when {@code fd} is no terminal. */
    public static Attributes get(int fd) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment termios = arena.allocate(SIZE, 4);
            int result = (int) TCGETATTR.invokeExact(state, fd, termios);
            if (result < 0) {
                throw Downcalls.error(state, "tcgetattr");
            }
            return new Attributes(termios.get(JAVA_INT, IFLAG), termios.get(JAVA_INT, OFLAG),
                    termios.get(JAVA_INT, CFLAG), termios.get(JAVA_INT, LFLAG), termios.get(JAVA_BYTE, LINE),
                    termios.asSlice(CC, NCCS).toArray(JAVA_BYTE), termios.get(JAVA_INT, ISPEED),
                    termios.get(JAVA_INT, OSPEED));
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** tcsetattr(3) with {@code action} TCSANOW, TCSADRAIN or TCSAFLUSH. */
    public static void set(int fd, int action, Attributes attributes) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment termios = arena.allocate(SIZE, 4);
            termios.set(JAVA_INT, IFLAG, attributes.iflag());
            termios.set(JAVA_INT, OFLAG, attributes.oflag());
            termios.set(JAVA_INT, CFLAG, attributes.cflag());
            termios.set(JAVA_INT, LFLAG, attributes.lflag());
            termios.set(JAVA_BYTE, LINE, attributes.line());
            MemorySegment.copy(attributes.cc(), 0, termios, JAVA_BYTE, CC, NCCS);
            termios.set(JAVA_INT, ISPEED, attributes.ispeed());
            termios.set(JAVA_INT, OSPEED, attributes.ospeed());
            int result = (int) TCSETATTR.invokeExact(state, fd, action, termios);
            if (result < 0) {
                throw Downcalls.error(state, "tcsetattr");
            }
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /** tcflush(3): discards queued input (TCIFLUSH), output or both. */
    public static void flush(int fd, int queue) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) TCFLUSH.invokeExact(state, fd, queue);
            if (result < 0) {
                throw Downcalls.error(state, "tcflush");
            }
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }
}
