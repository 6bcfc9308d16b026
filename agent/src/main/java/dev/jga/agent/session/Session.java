// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.session;

import dev.jga.agent.dispatch.Dispatcher;
import dev.jga.agent.log.Log;
import dev.jga.agent.transport.Connection;
import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonSink;
import dev.jga.protocol.json.JsonStreamer;
import dev.jga.protocol.wire.ErrorClass;
import dev.jga.protocol.wire.Reply;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Serves one host connection: bytes in, requests out of qemu's streamer, one reply per request,
 * written in request order. Each connection has its own parser, so one client's half-sent
 * request never corrupts another's (qemu-ga shares one parser across reconnects).
 *
 * <p>An I/O failure ends this session only; the agent and its other sessions go on.
 */
public final class Session implements Runnable {

    /** Bytes read per call; qemu-ga reads 4 KiB (QGA_READ_COUNT_DEFAULT), more is cheaper for big writes. */
    static final int READ_SIZE = 64 * 1024;
    /** Reply buffer; large replies pass through it in pieces. */
    static final int WRITE_BUFFER = 64 * 1024;

    private final Connection connection;
    private final Dispatcher dispatcher;
    private final Log log;
    private final HeapReturn heapReturn;
    private volatile long lastActivityNanos = System.nanoTime();

    public Session(Connection connection, Dispatcher dispatcher, Log log) {
        this(connection, dispatcher, log, HeapReturn.systemGc());
    }

    Session(Connection connection, Dispatcher dispatcher, Log log, HeapReturn heapReturn) {
        this.connection = connection;
        this.dispatcher = dispatcher;
        this.log = log;
        this.heapReturn = heapReturn;
    }

    @Override
    public void run() {
        log.debug("session started: " + connection.describe());
        try (connection) {
            serve(connection.input(), new BufferedOutputStream(new CountedOutput(connection.output()), WRITE_BUFFER));
        } catch (IOException | UncheckedIOException e) {
            log.debug("session " + connection.describe() + " ended: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            log.error("session " + connection.describe() + " dropped: out of memory");
        }
        log.debug("session ended: " + connection.describe());
    }

    /** When the host last sent bytes or was last answered. */
    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    public String describe() {
        return connection.describe();
    }

    /** Ends the session from another thread: its connection is closed, which wakes its reader. */
    public void evict() {
        try {
            connection.close();
        } catch (IOException e) {
            log.debug("closing " + connection.describe() + ": " + e.getMessage());
        }
    }

    private void serve(InputStream in, OutputStream out) throws IOException {
        JsonStreamer streamer = new JsonStreamer(new Replier(out));
        byte[] buffer = new byte[READ_SIZE];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            lastActivityNanos = System.nanoTime();
            heapReturn.count(n);
            streamer.feed(buffer, 0, n);
            heapReturn.collectIfDue();
        }
    }

    /** The connection's output, counting reply bytes for {@link HeapReturn}. */
    private final class CountedOutput extends FilterOutputStream {
        CountedOutput(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            heapReturn.count(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            heapReturn.count(len);
        }
    }

    /** Answers each value or parse error as the streamer finds it. */
    private final class Replier implements JsonSink {
        private final OutputStream out;

        Replier(OutputStream out) {
            this.out = out;
        }

        @Override
        public void value(Json request) {
            dispatcher.serve(request, this::send);
        }

        @Override
        public void error(String desc) {
            send(new Reply.Failure(ErrorClass.GenericError, desc, Optional.empty()));
        }

        private void send(Reply reply) {
            try {
                reply.writeTo(out);
                out.flush();
                lastActivityNanos = System.nanoTime();
                heapReturn.replied();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
