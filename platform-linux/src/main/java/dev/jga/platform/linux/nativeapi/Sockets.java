// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static dev.jga.platform.linux.nativeapi.Downcalls.check;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The BSD socket calls for listeners the JDK cannot make: AF_VSOCK, and sockets inherited from
 * systemd as raw descriptors. {@code struct sockaddr_vm} (linux/vm_sockets.h), checked with a
 * gcc-compiled program: 16 bytes; svm_family (u16) 0, svm_reserved1 (u16) 2, svm_port (u32) 4,
 * svm_cid (u32) 8, svm_flags (u8) 12, svm_zero 13..15.
 */
public final class Sockets {

    private static final long SOCKADDR_VM_SIZE = 16;
    private static final long SVM_FAMILY = 0;
    private static final long SVM_PORT = 4;
    private static final long SVM_CID = 8;

    private Sockets() {}

    /** socket(2); returns the descriptor. */
    public static int socket(int domain, int type, int protocol) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int fd = (int) Syscall.call(state, Syscall.SOCKET, domain, type, protocol);
            return check(fd, state, "socket");
        }
    }

    /** bind(2) to a {@code struct sockaddr_vm}; {@code cid} and {@code port} are unsigned 32-bit values. */
    public static void bindVsock(int fd, int cid, int port) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment address = arena.allocate(SOCKADDR_VM_SIZE, 4); // zeroed: reserved, flags, zero
            address.set(JAVA_SHORT, SVM_FAMILY, (short) LinuxConstants.AF_VSOCK);
            address.set(JAVA_INT, SVM_PORT, port);
            address.set(JAVA_INT, SVM_CID, cid);
            int result = (int) Syscall.call(state, Syscall.BIND, fd, address.address(), SOCKADDR_VM_SIZE);
            check(result, state, "bind");
        }
    }

    /** listen(2). */
    public static void listen(int fd, int backlog) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) Syscall.call(state, Syscall.LISTEN, fd, backlog);
            check(result, state, "listen");
        }
    }

    /** accept4(2) without the peer address; {@code flags} e.g. SOCK_CLOEXEC|SOCK_NONBLOCK. */
    public static int accept(int fd, int flags) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int client = (int) Syscall.call(state, Syscall.ACCEPT4, fd, 0, 0, flags);
            return check(client, state, "accept");
        }
    }

    /** getsockopt(2) of an int option, e.g. SO_DOMAIN, SO_TYPE, SO_ACCEPTCONN; ENOTSOCK for non-sockets. */
    public static int intOption(int fd, int level, int name) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment value = arena.allocate(JAVA_INT);
            MemorySegment length = arena.allocate(JAVA_INT);
            length.set(JAVA_INT, 0, Integer.BYTES);
            int result = (int) Syscall.call(state, Syscall.GETSOCKOPT, fd, level, name, value.address(),
                    length.address());
            check(result, state, "getsockopt");
            return value.get(JAVA_INT, 0);
        }
    }

    /** shutdown(2): wakes threads polling the socket at once (they see POLLHUP). */
    public static void shutdown(int fd, int how) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int result = (int) Syscall.call(state, Syscall.SHUTDOWN, fd, how);
            check(result, state, "shutdown");
        }
    }
}
