// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.daemon;

import dev.jga.agent.config.AgentConfig;
import dev.jga.agent.config.ConfigFile;
import dev.jga.agent.config.KeyFile;
import dev.jga.agent.config.KeyFileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The daemon's end of {@link Daemonizer}'s socket: it receives the configuration (as a
 * {@code -D} keyfile), sends its start-up messages as {@code "E <text>"} lines for the parent to
 * print, and {@code "R"} once it serves. After that the parent is gone and messages go nowhere,
 * as qemu-ga's go to /dev/null once daemonised.
 */
public final class DaemonChild implements AutoCloseable {

    /** Prefix of a message line. */
    static final String MESSAGE = "E ";
    /** The ready line. */
    static final String READY = "R";

    private final SocketChannel channel;
    private final OutputStream out;
    private volatile boolean connected = true;

    private DaemonChild(SocketChannel channel) {
        this.channel = channel;
        this.out = Channels.newOutputStream(channel);
    }

    public static DaemonChild connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return new DaemonChild(channel);
    }

    /** The configuration the parent resolved, read to the parent's end of transmission. */
    public AgentConfig receiveConfig() throws IOException, KeyFileException {
        InputStream in = Channels.newInputStream(channel);
        byte[] data = in.readNBytes(ConfigFile.MAX_BYTES + 1);
        if (data.length > ConfigFile.MAX_BYTES) {
            throw new IOException("configuration handoff larger than " + ConfigFile.MAX_BYTES + " bytes");
        }
        AgentConfig.Builder builder = new AgentConfig.Builder();
        ConfigFile.apply(KeyFile.parse(data), builder);
        return builder.build();
    }

    /** A stream whose lines reach the parent's stderr, until {@link #ready()}. */
    public OutputStream messages() {
        return new OutputStream() {
            private boolean lineStart = true;

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (DaemonChild.this) {
                    ByteArrayOutputStream framed = new ByteArrayOutputStream(length + 8);
                    for (int at = offset; at < offset + length; at++) {
                        if (lineStart) {
                            framed.writeBytes(MESSAGE.getBytes(StandardCharsets.US_ASCII));
                        }
                        framed.write(bytes[at]);
                        lineStart = bytes[at] == '\n';
                    }
                    send(framed.toByteArray());
                }
            }
        };
    }

    /** Tells the parent the agent serves, and hangs up. */
    public synchronized void ready() {
        send(("\n" + READY + "\n").getBytes(StandardCharsets.US_ASCII));
        close();
    }

    private void send(byte[] bytes) {
        if (!connected) {
            return;
        }
        try {
            out.write(bytes);
        } catch (IOException e) {
            connected = false; // the parent went away: the daemon carries on regardless
        }
    }

    @Override
    public synchronized void close() {
        connected = false;
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to tell anyone
        }
    }
}
