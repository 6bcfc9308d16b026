// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * poll(2), read(2) and write(2) for the one thread that serves every child's pipes: its native
 * buffers are allocated once (no arena per call on the hot path) and failures come back as
 * {@code -errno} instead of exceptions, because EAGAIN and EPIPE are ordinary events there.
 * Confined to the thread that creates it.
 */
public final class Poll implements AutoCloseable {

    /** sizeof(struct pollfd) { int fd; short events; short revents; }. */
    private static final long POLLFD_SIZE = 8;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment state = Downcalls.callState(arena);
    private final MemorySegment timespec = arena.allocate(Syscall.TIMESPEC_SIZE, 8);
    private final MemorySegment buffer;
    private MemorySegment pollfds;
    private int capacity;

    /** {@code bufferSize}: the most one {@link #read}/{@link #write} moves. */
    public Poll(int bufferSize) {
        buffer = arena.allocate(bufferSize);
        ensureCapacity(64);
    }

    public int bufferSize() {
        return (int) buffer.byteSize();
    }

    /**
     * Waits until one of {@code fds[0, count)} has one of its {@code events}, or {@code timeoutMillis}
     * passes (-1: forever). Fills {@code revents}; returns how many are ready, 0 on timeout or
     * EINTR, {@code -errno} on failure.
     */
    public int poll(int[] fds, short[] events, short[] revents, int count, int timeoutMillis) {
        ensureCapacity(count);
        for (int i = 0; i < count; i++) {
            long at = i * POLLFD_SIZE;
            pollfds.set(JAVA_INT, at, fds[i]);
            pollfds.set(JAVA_SHORT, at + 4, events[i]);
            pollfds.set(JAVA_SHORT, at + 6, (short) 0);
        }
        int ready = Syscall.poll(state, pollfds, count, timeoutMillis, timespec);
        if (ready < 0) {
            int errno = Downcalls.errno(state);
            return errno == LinuxConstants.EINTR ? 0 : -errno;
        }
        for (int i = 0; i < count; i++) {
            revents[i] = ready == 0 ? 0 : pollfds.get(JAVA_SHORT, i * POLLFD_SIZE + 6);
        }
        return ready;
    }

    /** read(2) of at most {@link #bufferSize()} bytes into {@code into}: the count, 0 at EOF, or {@code -errno}. */
    public int read(int fd, byte[] into, int offset, int length) {
        long wanted = Math.min(length, buffer.byteSize());
        long n = Syscall.call(state, Syscall.READ, fd, buffer.address(), wanted);
        if (n < 0) {
            return -Downcalls.errno(state);
        }
        MemorySegment.copy(buffer, JAVA_BYTE, 0, into, offset, (int) n);
        return (int) n;
    }

    /** write(2) of at most {@link #bufferSize()} bytes from {@code from}: the count taken, or {@code -errno}. */
    public int write(int fd, byte[] from, int offset, int length) {
        int wanted = (int) Math.min(length, buffer.byteSize());
        MemorySegment.copy(from, offset, buffer, JAVA_BYTE, 0, wanted);
        long n = Syscall.call(state, Syscall.WRITE, fd, buffer.address(), wanted);
        return n < 0 ? -Downcalls.errno(state) : (int) n;
    }

    private void ensureCapacity(int count) {
        if (count > capacity) {
            capacity = Math.max(count, capacity * 2);
            pollfds = arena.allocate(capacity * POLLFD_SIZE, 4);
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
