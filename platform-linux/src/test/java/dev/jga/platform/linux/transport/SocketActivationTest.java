// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.agent.transport.Connection;
import dev.jga.agent.transport.Transport;
import dev.jga.platform.linux.nativeapi.LibC;
import dev.jga.platform.linux.nativeapi.LinuxConstants;
import dev.jga.platform.linux.nativeapi.Sockets;
import dev.jga.platform.linux.nativeapi.TestLibC;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * systemd socket activation with real sockets placed at free descriptor numbers (the JVM's own
 * fd 3 cannot be given up in a test), through the same code path as fd 3.
 */
class SocketActivationTest {

    private static final long PID = 4242;
    /** Free descriptor numbers for the "inherited" sockets. */
    private static final int FIRST = 900;

    @TempDir
    Path dir;

    @AfterEach
    void closeInherited() {
        for (int fd = FIRST; fd < FIRST + 2; fd++) {
            try {
                LibC.close(fd);
            } catch (IOException ignored) {
                // Already closed by the transport, or never opened.
            }
        }
    }

    private static Map<String, String> env(String pid, String fds) {
        return Map.of("LISTEN_PID", pid, "LISTEN_FDS", fds);
    }

    /** A listening AF_UNIX socket at descriptor {@code target}, as systemd would pass it. */
    private static void unixListenerAt(Path path, int target) throws IOException {
        int fd = Sockets.socket(LinuxConstants.AF_UNIX, LinuxConstants.SOCK_STREAM, 0);
        try {
            TestLibC.bindUnix(fd, path.toString());
            Sockets.listen(fd, 1);
            TestLibC.dup2(fd, target);
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void notActivatedWithoutMatchingVariables() {
        assertThat(SocketActivation.descriptorCount(Map.of(), PID)).isZero();
        assertThat(SocketActivation.descriptorCount(env("4243", "1"), PID)).isZero();
        assertThat(SocketActivation.descriptorCount(env("x", "1"), PID)).isZero();
        assertThat(SocketActivation.descriptorCount(env("4242", "one"), PID)).isZero();
        assertThat(SocketActivation.descriptorCount(env("4242", "0"), PID)).isZero();
        assertThat(SocketActivation.descriptorCount(Map.of("LISTEN_PID", "4242"), PID)).isZero();
        assertThat(SocketActivation.descriptorCount(env(" 4242", "2"), PID)).isEqualTo(2);
    }

    @Test
    void anInheritedUnixListenerServesClients() throws Exception {
        Path path = dir.resolve("qga.sock");
        unixListenerAt(path, FIRST);
        Optional<Transport> inherited = SocketActivation.listener(env("4242", "1"), PID, FIRST);
        assertThat(inherited).isPresent();
        try (Transport transport = inherited.get();
                SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            assertThat(transport.describe()).isEqualTo("unix-listen:fd 900 (socket activation)");
            assertThat(LibC.fcntl(FIRST, LinuxConstants.F_GETFD, 0) & LinuxConstants.FD_CLOEXEC)
                    .isEqualTo(LinuxConstants.FD_CLOEXEC);
            client.connect(UnixDomainSocketAddress.of(path));
            try (Connection connection = transport.accept()) {
                client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
                assertThat(Fds.read(connection.input(), 16)).isEqualTo("ping");
                connection.output().write("pong".getBytes(StandardCharsets.US_ASCII));
                ByteBuffer reply = ByteBuffer.allocate(4);
                while (reply.hasRemaining()) {
                    client.read(reply);
                }
                assertThat(new String(reply.array(), StandardCharsets.US_ASCII)).isEqualTo("pong");
                client.close();
                assertThat(Fds.read(connection.input(), 16)).isNull();
            }
        }
    }

    @Test
    void moreThanOneSocketIsRefusedWithQemusText() throws Exception {
        unixListenerAt(dir.resolve("a.sock"), FIRST);
        unixListenerAt(dir.resolve("b.sock"), FIRST + 1);
        assertThatThrownBy(() -> SocketActivation.listener(env("4242", "2"), PID, FIRST))
                .isInstanceOf(IOException.class).hasMessage("qemu-ga only supports listening on one socket");
    }

    @Test
    void anotherSocketFamilyIsAnUnsupportedListenFdType() throws Exception {
        int inet = Sockets.socket(2 /* AF_INET */, LinuxConstants.SOCK_STREAM, 0);
        TestLibC.dup2(inet, FIRST);
        LibC.close(inet);
        assertThatThrownBy(() -> SocketActivation.listener(env("4242", "1"), PID, FIRST))
                .isInstanceOf(IOException.class).hasMessage("unsupported listen fd type");
    }

    @Test
    void aMissingDescriptorMeansActivationWentWrong() {
        assertThatThrownBy(() -> SocketActivation.listener(env("4242", "1"), PID, FIRST))
                .isInstanceOf(IOException.class)
                .hasMessage("Socket activation failed: invalid file descriptor fd = 900: Bad file descriptor");
    }
}
