// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.transport;

import dev.jga.agent.transport.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/** One accepted client of a {@link SocketListenTransport}: its input ends when the client hangs up. */
final class SocketConnection implements Connection {

    private final Descriptor socket;

    SocketConnection(Descriptor socket) {
        this.socket = socket;
    }

    @Override
    public InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                Objects.checkFromIndexSize(offset, length, buffer.length);
                return socket.read(buffer, offset, length);
            }
        };
    }

    @Override
    public OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] buffer, int offset, int length) throws IOException {
                Objects.checkFromIndexSize(offset, length, buffer.length);
                for (int written = 0; written < length; ) {
                    written += socket.write(buffer, offset + written, length - written);
                }
            }
        };
    }

    @Override
    public String describe() {
        return socket.name();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
