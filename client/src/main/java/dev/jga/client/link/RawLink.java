// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.link;

import dev.jga.client.AgentTimeoutException;
import dev.jga.client.AgentUnavailableException;
import dev.jga.client.Target;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;

/**
 * The bytes of a connection to the agent's channel (QEMU's socket chardev, unix or TCP), with no
 * protocol on top: {@link StreamLink} speaks the protocol over it, and tests that must send what
 * no client should (half a request, 0xFF, garbage) or see exactly what the agent wrote use it
 * directly. Every wait has a deadline ({@link System#nanoTime()}), so a silent agent cannot hang
 * the caller.
 *
 * <p>One thread may send while another reads: each direction waits on its own selector.
 */
public final class RawLink implements AutoCloseable {

    /** The byte that precedes a guest-sync-delimited reply and that resets qemu's lexer on input. */
    public static final byte DELIMITER = (byte) 0xFF;
    /** Reads without a size limit of their own ({@link #readUntil(byte, long)}). */
    private static final int UNBOUNDED = Integer.MAX_VALUE - 16;
    private static final int INITIAL_BUFFER = 64 * 1024;

    /** Thrown when the bytes before a delimiter were more than the limit; they were discarded. */
    public static final class Oversized extends IOException {
        Oversized(long limit) {
            super("a reply longer than " + limit + " bytes");
        }
    }

    private final SocketChannel channel;
    private final Selector readable;
    private final Selector writable;
    private final String description;
    private byte[] buffer = new byte[INITIAL_BUFFER];
    private int start;
    private int end;
    /** Discarding an oversized run up to its delimiter; kept across calls that time out. */
    private boolean skipping;
    private boolean closedByPeer;

    private RawLink(SocketChannel channel, Selector readable, Selector writable, String description)
            throws IOException {
        this.channel = channel;
        this.readable = readable;
        this.writable = writable;
        this.description = description;
        channel.register(readable, SelectionKey.OP_READ);
        channel.keyFor(writable).interestOps(SelectionKey.OP_WRITE);
    }

    /**
     * Connects to {@code target}, sending nothing.
     *
     * @throws AgentUnavailableException when nothing can be reached there (with what to check)
     * @throws AgentTimeoutException when the connect did not complete within {@code timeout}
     */
    public static RawLink open(Target target, Duration timeout) {
        long deadline = deadline(timeout);
        long pause = 1;
        while (true) {
            SocketChannel channel = null;
            Selector readable = null;
            Selector writable = null;
            try {
                channel = target instanceof Target.Unix
                        ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
                channel.configureBlocking(false);
                readable = Selector.open();
                writable = Selector.open();
                channel.register(writable, SelectionKey.OP_CONNECT);
                connect(channel, writable, address(target), deadline, target, timeout);
                return new RawLink(channel, readable, writable, target.toString());
            } catch (IOException e) {
                closeQuietly(channel, readable, writable);
                if (!isQueueFull(e)) {
                    throw ConnectFailure.explain(target, e);
                }
                // EAGAIN: a unix socket's listen queue is full. qemu-ga listens with a backlog of 1
                // and serves one client at a time, so this is "busy", not "absent": wait for room.
                if (System.nanoTime() - deadline >= 0) {
                    throw new AgentTimeoutException("connecting to " + target
                            + " (its listen queue stayed full)", timeout);
                }
                sleep(pause);
                pause = Math.min(pause * 2, 50);
            } catch (RuntimeException e) {
                closeQuietly(channel, readable, writable);
                throw e;
            }
        }
    }

    /** The {@link System#nanoTime()} deadline {@code timeout} from now. */
    public static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    /** For messages: where this link goes. */
    public String describe() {
        return description;
    }

    /**
     * Sends as much of {@code bytes} as the agent accepts by {@code deadline}.
     *
     * @return how many bytes went out: fewer than all when the agent stopped reading
     */
    public int sendSome(byte[] bytes, long deadline) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            if (channel.write(out) == 0 && !await(writable, deadline)) {
                break;
            }
        }
        return out.position();
    }

    /**
     * Sends all of {@code bytes}.
     *
     * @throws TimeoutException when the agent stopped reading before {@code deadline}
     */
    public void send(byte[] bytes, long deadline) throws IOException, TimeoutException {
        if (sendSome(bytes, deadline) < bytes.length) {
            throw new TimeoutException();
        }
    }

    /**
     * The bytes before the next {@code delimiter}, which is consumed.
     *
     * @throws TimeoutException when the deadline passed first (nothing is consumed)
     * @throws EOFException when the agent closed the connection first
     */
    public byte[] readUntil(byte delimiter, long deadline) throws IOException, TimeoutException {
        return readUntil(delimiter, deadline, UNBOUNDED);
    }

    /**
     * As {@link #readUntil(byte, long)}, holding at most {@code limit} bytes: a longer run is
     * discarded up to its delimiter and reported as {@link Oversized}.
     */
    public byte[] readUntil(byte delimiter, long deadline, int limit) throws IOException, TimeoutException {
        int checked = 0;
        while (true) {
            int at = indexOf(delimiter, start + checked, end);
            if (at >= 0) {
                byte[] run = Arrays.copyOfRange(buffer, start, at);
                start = at + 1;
                if (skipping) {
                    skipping = false;
                    throw new Oversized(limit);
                }
                return run;
            }
            checked = end - start;
            if (checked > limit) {
                // Keep memory bounded: drop what we have and discard the rest of this run.
                skipping = true;
                start = end;
                checked = 0;
            }
            fill(deadline, limit);
        }
    }

    /** Whether at least {@code count} unconsumed bytes are here by {@code deadline} (false at EOF). */
    public boolean awaitBytes(int count, long deadline) throws IOException {
        while (end - start < count) {
            if (closedByPeer || !fillQuietly(deadline)) {
                return false;
            }
        }
        return true;
    }

    /** Discards input until the agent closes the connection; whether it did by {@code deadline}. */
    public boolean awaitClose(long deadline) throws IOException {
        while (!closedByPeer) {
            start = end;
            if (!fillQuietly(deadline)) {
                return false;
            }
        }
        return true;
    }

    /** Bytes received but not consumed yet. */
    public byte[] pending() {
        return Arrays.copyOfRange(buffer, start, end);
    }

    /** Whether a read has seen the agent's end of the connection close (EOF or reset). */
    public boolean closedByPeer() {
        return closedByPeer;
    }

    @Override
    public void close() {
        closeQuietly(channel, readable, writable);
    }

    /** One read into the buffer; false on timeout; EOF only sets {@link #closedByPeer}. */
    private boolean fillQuietly(long deadline) throws IOException {
        try {
            fill(deadline, UNBOUNDED);
            return true;
        } catch (EOFException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    private void fill(long deadline, int limit) throws IOException, TimeoutException {
        if (closedByPeer) {
            throw new EOFException(description + " closed the connection");
        }
        makeRoom(limit);
        ByteBuffer target = ByteBuffer.wrap(buffer, end, buffer.length - end);
        while (true) {
            int n;
            try {
                n = channel.read(target);
            } catch (SocketException reset) {
                closedByPeer = true;
                throw (EOFException) new EOFException(description + " reset the connection").initCause(reset);
            }
            if (n > 0) {
                end += n;
                return;
            }
            if (n < 0) {
                closedByPeer = true;
                throw new EOFException(description + " closed the connection");
            }
            if (!await(readable, deadline)) {
                throw new TimeoutException();
            }
        }
    }

    private void makeRoom(int limit) {
        if (start == end) {
            start = end = 0;
        }
        if (end < buffer.length) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            long grown = Math.min((long) buffer.length * 2, (long) limit + 1);
            buffer = Arrays.copyOf(buffer, (int) Math.max(grown, buffer.length + 1));
        }
    }

    private boolean await(Selector selector, long deadline) throws IOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return false;
        }
        selector.select(Math.max(1, remaining / 1_000_000));
        selector.selectedKeys().clear();
        return true;
    }

    private int indexOf(byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isQueueFull(IOException e) {
        return e instanceof SocketException && String.valueOf(e.getMessage()).contains("temporarily unavailable");
    }

    private static void connect(SocketChannel channel, Selector selector, SocketAddress address, long deadline,
            Target target, Duration timeout) throws IOException {
        if (channel.connect(address)) {
            return;
        }
        while (!channel.finishConnect()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AgentTimeoutException("connecting to " + target, timeout);
            }
            selector.select(Math.max(1, remaining / 1_000_000));
            selector.selectedKeys().clear();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentUnavailableException("interrupted while connecting", e);
        }
    }

    private static SocketAddress address(Target target) {
        return switch (target) {
            case Target.Unix unix -> UnixDomainSocketAddress.of(unix.path());
            case Target.Tcp tcp -> new InetSocketAddress(tcp.host(), tcp.port());
            case Target.Libvirt libvirt -> throw new IllegalArgumentException(libvirt + " is not a socket");
        };
    }

    private static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception ignored) {
                // closing: nothing left to do with the error
            }
        }
    }
}
