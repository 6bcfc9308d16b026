// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.client.AgentClient;
import dev.jga.client.Target;
import dev.jga.testkit.AgentUnderTest;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A previous client left half a JSON object and junk behind. qemu-ga's parser is shared across
 * connections, so the next client inherits that state; jga's is per connection. Either way the
 * next client's resync must produce a clean session.
 */
class ResyncIT {

    @ParameterizedTest
    @EnumSource(dev.jga.testkit.Target.class)
    void aCleanSessionFollowsHalfAnObjectAndJunkFromAnotherClient(dev.jga.testkit.Target kind) throws Exception {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            try (SocketChannel previous = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                previous.connect(UnixDomainSocketAddress.of(agent.socket()));
                // Junk first (its error replies are read, so qemu-ga 7.2 does not die writing them
                // to a closed socket), then half an object, which a shared parser keeps.
                previous.write(ByteBuffer.wrap(new byte[] {1, 2, 3, '}', ']', (byte) 0xC3, '\n'}));
                drain(previous);
                previous.write(ByteBuffer.wrap("{\"execute\": \"guest-ping\", \"arguments\": {\"id\": [1, {\"x\": \"half"
                        .getBytes(StandardCharsets.US_ASCII)));
                AgentUnderTest.sleep(Duration.ofMillis(100));
            }
            try (AgentClient client = AgentClient.connect(new Target.Unix(agent.socket()))) {
                client.ping();
                assertThat(client.info().supportedCommands()).isNotEmpty();
            }
            // And the CLI, on yet another connection.
            assertThat(CliRun.run(agent.socket(), "ping").status()).isZero();
        }
    }

    /**
     * jga only: qemu-ga 7.2 exits (rc 0, "error writing to channel: Broken pipe") when a client
     * leaves without reading its replies (the write fails in qga/channel-posix.c
     * ga_channel_write_all), so there is no next client to test.
     */
    @ParameterizedTest
    @EnumSource(value = dev.jga.testkit.Target.class, names = "JGA")
    void unreadRepliesOfAPreviousClientDoNotConfuseTheNext(dev.jga.testkit.Target kind) throws Exception {
        try (AgentUnderTest agent = AgentUnderTest.startOnClassPath(kind)) {
            try (SocketChannel previous = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                previous.connect(UnixDomainSocketAddress.of(agent.socket()));
                previous.write(ByteBuffer.wrap(("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":1}}"
                        + "{\"execute\":\"guest-info\"}{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":2}}")
                        .getBytes(StandardCharsets.US_ASCII)));
            }
            CliRun run = CliRun.run(agent.socket(), "call", "guest-sync", "{\"id\": 5}");
            assertThat(run.out()).as(run.stderr()).isEqualTo("5\n");
        }
    }

    /** Reads what the agent answers until it has been quiet for a moment. */
    private static void drain(SocketChannel channel) throws java.io.IOException {
        channel.configureBlocking(false);
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < 300_000_000L) {
            if (channel.read(buffer.clear()) > 0) {
                quietSince = System.nanoTime();
            } else {
                AgentUnderTest.sleep(Duration.ofMillis(10));
            }
        }
    }
}
