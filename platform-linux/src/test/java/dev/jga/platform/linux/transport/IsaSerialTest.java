// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.transport;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.B38400;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.VMIN;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.VTIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jga.agent.transport.Connection;
import dev.jga.platform.linux.nativeapi.LibC;
import dev.jga.platform.linux.nativeapi.Termios;
import dev.jga.platform.linux.nativeapi.TestLibC;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** isa-serial against a real pty pair: the agent opens the slave as its "serial port", the test is the host on the master. */
class IsaSerialTest {

    /** CBAUD: the baud-rate bits of c_cflag. */
    private static final int CBAUD = 0x100f;

    private int master;
    private String slave;

    @BeforeEach
    void openPty() throws Exception {
        master = TestLibC.openPtyMaster();
        slave = TestLibC.ptsName(master);
    }

    @AfterEach
    void closePty() throws Exception {
        LibC.close(master);
    }

    @Test
    void lineIsMadeRawAsQemuDoes() throws Exception {
        try (PortTransport port = PortTransport.isaSerial(slave)) {
            Termios.Attributes raw = Termios.get(master);
            assertThat(raw.iflag() & SerialLine.CLEARED_INPUT_FLAGS).isZero();
            assertThat(raw.oflag()).isZero();
            assertThat(raw.lflag()).isZero();
            assertThat(raw.cflag() & CBAUD).isEqualTo(B38400);
            assertThat(raw.cc()[VMIN]).isEqualTo((byte) 1);
            assertThat(raw.cc()[VTIME]).isZero();
            assertThat(port.describe()).isEqualTo("isa-serial:" + slave);
        }
    }

    @Test
    void inputQueuedBeforeOpeningIsDiscardedAndBytesPassUnchanged() throws Exception {
        Fds.write(master, "garbage");
        assertThat(Fds.readExactly(master, 7)).isEqualTo("garbage"); // the cooked line echoed it
        try (PortTransport port = PortTransport.isaSerial(slave)) {
            Connection connection = port.accept();
            Fds.write(master, "{\"execute\":\"guest-ping\"}\r\n");
            assertThat(readAtLeast(connection, 26)).isEqualTo("{\"execute\":\"guest-ping\"}\r\n"); // no CR/NL mapping
            connection.output().write("{\"return\": {}}\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(Fds.readExactly(master, 15)).isEqualTo("{\"return\": {}}\n"); // no ONLCR, no echo
        }
    }

    @Test
    void aThreadBlockedInReadDoesNotBlockWrites() throws Exception {
        try (PortTransport port = PortTransport.isaSerial(slave)) {
            Connection connection = port.accept();
            CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
                try {
                    return Fds.read(connection.input(), 64);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, Fds.OWN_THREAD);
            Thread.sleep(200);
            assertThat(read).isNotDone();
            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
                try {
                    connection.output().write("tick".getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, Fds.OWN_THREAD);
            await().atMost(Duration.ofSeconds(5)).until(write::isDone);
            assertThat(Fds.readExactly(master, 4)).isEqualTo("tick");
            assertThat(read).isNotDone();
            Fds.write(master, "tock");
            assertThat(read.get()).isEqualTo("tock");
        }
    }

    private static String readAtLeast(Connection connection, int count) throws Exception {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[256];
        while (text.length() < count) {
            int n = connection.input().read(buffer);
            assertThat(n).isPositive();
            text.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
        }
        return text.toString();
    }
}
