// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.transport;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.AF_UNIX;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.AF_VSOCK;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.FD_CLOEXEC;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.F_GETFD;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.F_SETFD;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.SOL_SOCKET;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.SO_DOMAIN;

import dev.jga.agent.platform.SystemError;
import dev.jga.agent.transport.Transport;
import dev.jga.platform.linux.nativeapi.LibC;
import dev.jga.platform.linux.nativeapi.Sockets;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * systemd socket activation as qemu-ga does it (util/systemd.c check_socket_activation, then
 * qga/main.c): LISTEN_PID must name this process and LISTEN_FDS count the descriptors starting at
 * 3; each gets FD_CLOEXEC; only one is supported; its socket family picks unix-listen or
 * vsock-listen. qemu also unsetenv()s both variables so children do not see them; Java cannot
 * change its own environment, so whoever spawns children must drop them (see {@link #VARIABLES}).
 */
public final class SocketActivation {

    /** SD_LISTEN_FDS_START: the first inherited descriptor. */
    public static final int FIRST_FD = 3;
    /** The variables qemu-ga removes from its environment once read. */
    public static final List<String> VARIABLES = List.of("LISTEN_FDS", "LISTEN_PID");

    private SocketActivation() {}

    /** The inherited listener, or empty when this process was not socket-activated. */
    public static Optional<Transport> listener(Map<String, String> env, long pid) throws IOException {
        return listener(env, pid, FIRST_FD);
    }

    /** As {@link #listener(Map, long)}, with the descriptors starting at {@code firstFd} (tests use free numbers). */
    static Optional<Transport> listener(Map<String, String> env, long pid, int firstFd) throws IOException {
        int count = descriptorCount(env, pid);
        if (count == 0) {
            return Optional.empty();
        }
        for (int fd = firstFd; fd < firstFd + count; fd++) {
            setCloseOnExec(fd);
        }
        if (count > 1) {
            throw new IOException("qemu-ga only supports listening on one socket");
        }
        String method = switch (family(firstFd)) {
            case AF_UNIX -> "unix-listen";
            case AF_VSOCK -> "vsock-listen";
            default -> throw new IOException("unsupported listen fd type");
        };
        return Optional.of(SocketListenTransport.adopt(firstFd, method + ":fd " + firstFd + " (socket activation)"));
    }

    /** LISTEN_FDS when LISTEN_PID is this process; 0 when either is missing, malformed or for another process. */
    static int descriptorCount(Map<String, String> env, long pid) {
        Optional<Long> listenPid = unsigned(env.get("LISTEN_PID"));
        if (listenPid.isEmpty() || listenPid.get() != pid) {
            return 0;
        }
        return unsigned(env.get("LISTEN_FDS")).filter(n -> n <= Integer.MAX_VALUE - FIRST_FD).orElse(0L).intValue();
    }

    /** qemu_strtoul(s, NULL, 10): leading blanks allowed, then decimal digits and nothing else. */
    private static Optional<Long> unsigned(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String digits = text.stripLeading();
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(digits));
    }

    /** "So the file descriptors don't leak into child processes"; an invalid one means activation went wrong. */
    private static void setCloseOnExec(int fd) throws IOException {
        try {
            LibC.fcntl(fd, F_SETFD, LibC.fcntl(fd, F_GETFD, 0) | FD_CLOEXEC);
        } catch (SystemError e) {
            throw new IOException("Socket activation failed: invalid file descriptor fd = " + fd + ": " + e.strerror(), e);
        }
    }

    /** The socket's address family; -1 for a descriptor that is no socket ("unsupported listen fd type"). */
    private static int family(int fd) {
        try {
            return Sockets.intOption(fd, SOL_SOCKET, SO_DOMAIN);
        } catch (SystemError e) {
            return -1;
        }
    }
}
