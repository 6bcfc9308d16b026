// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.daemon;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * qemu-ga ignores SIGPIPE so that a host hanging up cannot kill it; a JVM does so by itself.
 * Writing to a socket whose peer has gone must fail with an IOException (ending one session),
 * never end the process: this test would not finish if it did.
 */
class BrokenPipeTest {

    @TempDir
    Path dir;

    @Test
    void writingToAClosedPeerRaisesIoException() throws Exception {
        Path path = dir.resolve("sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                server.accept().close();
                OutputStream out = Channels.newOutputStream(client);
                byte[] reply = new byte[64 * 1024];
                assertThatThrownBy(() -> {
                    for (int i = 0; i < 100; i++) {
                        out.write(reply);
                    }
                }).isInstanceOf(IOException.class).hasMessageContaining("Broken pipe");
            }
        }
    }
}
