// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.agent.platform.SystemError;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calls made through syscall(2) keep what the C library's own wrappers gave: results,
 * errno and its text, poll's timeout, and a child's exit seen through pidfd and wait4.
 */
class SyscallBindingsTest {

    private static final short POLLIN = 0x1;

    @TempDir
    Path dir;

    @Test
    void aFileWrittenThroughOpenWriteAndLseekReadsBackAndUnlinks() throws IOException {
        String path = dir.resolve("f").toString();
        int fd = LibC.open(path, LinuxConstants.O_RDWR | LinuxConstants.O_CREAT | LinuxConstants.O_CLOEXEC, 0600);
        try {
            byte[] text = "hello, kernel".getBytes(StandardCharsets.US_ASCII);
            assertThat(LibC.write(fd, text, 0, text.length)).isEqualTo(text.length);
            assertThat(LibC.lseek(fd, 7, 0)).isEqualTo(7);
            byte[] back = new byte[32];
            int n = LibC.read(fd, back, 0, back.length);
            assertThat(new String(back, 0, n, StandardCharsets.US_ASCII)).isEqualTo("kernel");
            LibC.fchmod(fd, 0640);
        } finally {
            LibC.close(fd);
        }
        assertThat(Files.getPosixFilePermissions(Path.of(path))).hasSize(3);
        LibC.unlink(path);
        assertThat(Path.of(path)).doesNotExist();
    }

    @Test
    void aCFunctionCalledThroughTheSyscallHandleGetsItsIntArgumentsAndReturnsItsIntResult() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            // int abs(int): a negative int passed as a sign-extended long, a positive int back
            assertThat(Syscall.function(Downcalls.symbol("abs"), state, -42, 0, 0, 0, 0, 0)).isEqualTo(42);
            // int strcmp(const char *, const char *): a negative int back, cut from the 64-bit register
            MemorySegment a = Downcalls.cString(arena, "a");
            MemorySegment b = Downcalls.cString(arena, "b");
            assertThat(Syscall.function(Downcalls.symbol("strcmp"), state, a.address(), b.address(), 0, 0, 0, 0))
                    .isNegative();
        }
    }

    @Test
    void aFailedCallThrowsItsErrnoWithTheCLibrarysText() {
        String missing = dir.resolve("missing").toString();

        assertThatThrownBy(() -> LibC.open(missing, LinuxConstants.O_RDONLY, 0))
                .isInstanceOfSatisfying(SystemError.class, e -> {
                    assertThat(e.errno()).isEqualTo(ProcessConstants.ENOENT);
                    assertThat(e.getMessage()).isEqualTo("open: No such file or directory (errno 2)");
                });
        assertThatThrownBy(() -> LibC.close(-1))
                .isInstanceOfSatisfying(SystemError.class,
                        e -> assertThat(e.getMessage()).isEqualTo("close: Bad file descriptor (errno 9)"));
        assertThatThrownBy(() -> LibC.unlink(missing))
                .isInstanceOfSatisfying(SystemError.class, e -> assertThat(e.errno()).isEqualTo(ProcessConstants.ENOENT));
    }

    @Test
    void pollWaitsForItsTimeoutThenSeesDataOnAPipe() throws SystemError {
        int[] pipe = Pipes.pipe(LinuxConstants.O_CLOEXEC | LinuxConstants.O_NONBLOCK);
        try {
            long start = System.nanoTime();
            assertThat(LibC.poll(pipe[0], POLLIN, 50)).isZero();
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(40_000_000L);

            LibC.write(pipe[1], new byte[] {42}, 0, 1);
            assertThat(LibC.poll(pipe[0], POLLIN, -1) & POLLIN).isEqualTo(POLLIN);
            assertThat(LibC.fcntl(pipe[0], ProcessConstants.F_GETFL, 0) & LinuxConstants.O_NONBLOCK)
                    .isEqualTo(LinuxConstants.O_NONBLOCK);
        } finally {
            LibC.close(pipe[0]);
            LibC.close(pipe[1]);
        }
    }

    @Test
    void anEventfdWakesAnEpollWait() throws SystemError {
        int epoll = Epoll.create(LinuxConstants.EPOLL_CLOEXEC);
        int eventfd = Pipes.eventfd(ProcessConstants.EFD_NONBLOCK | ProcessConstants.EFD_CLOEXEC);
        try {
            Epoll.add(epoll, eventfd, LinuxConstants.EPOLLIN);
            assertThat(Epoll.await(epoll, 2, 0)).isZero();

            LibC.write(eventfd, new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, 0, 8);
            assertThat(Epoll.await(epoll, 2, -1)).isEqualTo(1);
        } finally {
            LibC.close(eventfd);
            LibC.close(epoll);
        }
    }

    @Test
    void aSpawnedChildsExitIsSeenThroughItsPidfdAndReapedWithItsStatus() throws SystemError {
        int pid = Spawn.spawn("/bin/sh", List.of("sh", "-c", "exit 3"), Optional.empty(),
                List.of(new Spawn.FileAction.Open(0, "/dev/null", LinuxConstants.O_RDONLY)));
        int pidfd = Wait.pidfdOpen(pid);
        try {
            assertThat(LibC.poll(pidfd, POLLIN, 10_000) & POLLIN).isEqualTo(POLLIN);
            OptionalInt status = Wait.reap(pid);
            assertThat(status).isPresent();
            assertThat(status.getAsInt() >> 8).isEqualTo(3);
        } finally {
            LibC.close(pidfd);
        }
        assertThatThrownBy(() -> Wait.kill(pid, 0))
                .isInstanceOfSatisfying(SystemError.class, e -> assertThat(e.errno()).isEqualTo(ProcessConstants.ESRCH));
    }
}
