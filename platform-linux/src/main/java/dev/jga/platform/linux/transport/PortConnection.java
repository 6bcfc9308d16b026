// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.transport;

import dev.jga.agent.transport.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.AsynchronousCloseException;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One period during which the host is attached to a serial port. A virtio port reads end of file
 * at once, every time, while no host is attached (qga/main.c channel_event_cb: "virtio causes us
 * to spin here when no process is attached to host-side chardev"); instead of qemu-ga's sleep
 * and read again, the input waits for the port's next wake-up ({@link PortWakeups}) and reads
 * again on the same descriptor. End of file after data arrived in this connection means the host
 * went away: the input ends, the session ends, and the next accept starts a fresh one (with a
 * fresh JSON parser).
 *
 * <p>Closing a connection ends the session only; the port stays open.
 */
final class PortConnection implements Connection {

    private final Descriptor port;
    private final PortWakeups wakeups;
    private final Consumer<IOException> onFailure;
    private final Input input = new Input();
    private final Output output = new Output();
    private volatile boolean closed;

    PortConnection(Descriptor port, PortWakeups wakeups, Consumer<IOException> onFailure) {
        this.port = port;
        this.wakeups = wakeups;
        this.onFailure = onFailure;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public String describe() {
        return "host on " + port.name();
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("connection closed");
        }
    }

    /** Records a real failure of the port (not a close) so the transport reports it on the next accept. */
    private IOException failed(IOException e) {
        if (!(e instanceof AsynchronousCloseException) && !(e instanceof InterruptedIOException)) {
            onFailure.accept(e);
        }
        return e;
    }

    private final class Input extends InputStream {
        private boolean received;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            while (!ended) {
                checkOpen();
                int n;
                try {
                    n = port.read(buffer, offset, length);
                } catch (IOException e) {
                    throw failed(e);
                }
                if (n >= 0) {
                    received |= n > 0;
                    return n;
                }
                if (received) {
                    ended = true; // the host detached after talking to us
                } else {
                    awaitHost();
                }
            }
            return -1;
        }

        private void awaitHost() throws IOException {
            try {
                wakeups.await();
            } catch (IOException e) {
                throw failed(e);
            }
        }
    }

    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        /** Writes everything; waits (in slices) while no host is attached, as qemu-ga's blocking write_all would. */
        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            int written = 0;
            while (written < length) {
                checkOpen();
                try {
                    written += port.write(buffer, offset + written, length - written);
                } catch (IOException e) {
                    throw failed(e);
                }
            }
        }
    }
}
