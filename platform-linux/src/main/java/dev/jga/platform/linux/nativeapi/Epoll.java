// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * epoll(7), for the one wait that level-triggered poll(2) cannot do: a descriptor that always
 * polls ready (a virtio port with no host reports POLLHUP) but whose wait queue the kernel wakes
 * when something changes. The caller gets only how many events arrived, not which: each user
 * watches few descriptors and re-checks them all after a wake-up.
 */
public final class Epoll {

    /**
     * Room for one struct epoll_event: 12 bytes on x86-64 (packed), 16 elsewhere; {@code events}
     * is the first field on both.
     */
    private static final long EVENT_SIZE = 16;

    private Epoll() {}

    /** epoll_create1(2) with {@code flags} (EPOLL_CLOEXEC); returns the new epoll descriptor. */
    public static int create(int flags) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int fd = (int) Syscall.call(state, Syscall.EPOLL_CREATE1, flags);
            if (fd < 0) {
                throw Downcalls.error(state, "epoll_create1");
            }
            return fd;
        }
    }

    /** epoll_ctl(2) EPOLL_CTL_ADD of {@code fd} for {@code events} (EPOLLIN, EPOLLET...). */
    public static void add(int epoll, int fd, int events) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment event = arena.allocate(EVENT_SIZE, 4);
            event.set(JAVA_INT, 0, events);
            int result = (int) Syscall.call(state, Syscall.EPOLL_CTL, epoll, LinuxConstants.EPOLL_CTL_ADD, fd,
                    event.address());
            if (result < 0) {
                throw Downcalls.error(state, "epoll_ctl");
            }
        }
    }

    /**
     * epoll_wait(2) for at most {@code maxEvents}, {@code timeoutMillis} (-1: until one comes);
     * returns how many came, 0 on timeout or EINTR.
     */
    public static int await(int epoll, int maxEvents, int timeoutMillis) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment events = arena.allocate(EVENT_SIZE * maxEvents, 8);
            // epoll_pwait with no signal mask, which is epoll_wait (epoll_pwait(2)); the generic
            // syscall table has no epoll_wait
            int ready = (int) Syscall.call(state, Syscall.EPOLL_PWAIT, epoll, events.address(), maxEvents,
                    timeoutMillis, 0, 0);
            if (ready < 0) {
                if (Downcalls.errno(state) == LinuxConstants.EINTR) {
                    return 0;
                }
                throw Downcalls.error(state, "epoll_wait");
            }
            return ready;
        }
    }
}
