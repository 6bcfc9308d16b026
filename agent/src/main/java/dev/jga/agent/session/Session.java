// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.session;

import dev.jga.agent.dispatch.Dispatcher;
import dev.jga.agent.log.Log;
import dev.jga.agent.memory.MemoryBudget;
import dev.jga.agent.transport.Connection;
import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonSink;
import dev.jga.protocol.json.JsonStreamer;
import dev.jga.protocol.json.JsonWriter;
import dev.jga.protocol.wire.ErrorClass;
import dev.jga.protocol.wire.Reply;
import java.io.BufferedOutputStream;
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
 * <p>An I/O failure ends this session only; the agent and its other sessions go on. The request
 * being read takes its buffers from the agent's {@link MemoryBudget}; when the client leaves, a
 * half-sent request gives them back.
 *
 * <p>For {@link LiveSessions}' fair admission a session tracks when the host last sent something
 * other than whitespace (whitespace between requests is no progress: a client trickling spaces
 * must not look busy), when it was last answered, and whether a request is being served now.
 */
public final class Session implements Runnable {

    /** Bytes read per call; qemu-ga reads 4 KiB (QGA_READ_COUNT_DEFAULT), more is cheaper for big writes. */
    static final int READ_SIZE = 64 * 1024;
    /** Reply buffer; large replies pass through it in pieces. */
    static final int WRITE_BUFFER = 64 * 1024;

    private final Connection connection;
    private final Dispatcher dispatcher;
    private final Log log;
    private final MemoryBudget budget;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile long lastReplyNanos = lastActivityNanos;
    private volatile boolean serving;
    /** When the reply being written now started (0: none is): a client may be slow to read it. */
    private volatile long replyingSinceNanos;

    public Session(Connection connection, Dispatcher dispatcher, Log log, MemoryBudget budget) {
        this.connection = connection;
        this.dispatcher = dispatcher;
        this.log = log;
        this.budget = budget;
    }

    @Override
    public void run() {
        log.debug("session started: " + connection.describe());
        try (connection) {
            serve(connection.input(), new BufferedOutputStream(connection.output(), WRITE_BUFFER));
        } catch (IOException | UncheckedIOException e) {
            log.debug("session " + connection.describe() + " ended: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            log.error("session " + connection.describe() + " dropped: out of memory");
        }
        log.debug("session ended: " + connection.describe());
    }

    /** When the host last sent something other than whitespace, or was last answered. */
    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** When the host was last answered (or connected, before its first reply). */
    public long lastReplyNanos() {
        return lastReplyNanos;
    }

    /** Whether a request of this session is being served right now (its reply not yet made). */
    public boolean serving() {
        return serving;
    }

    /** Since when the reply being written has been waiting for the client to read it; 0 if none is. */
    public long replyingSinceNanos() {
        return replyingSinceNanos;
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
        JsonStreamer streamer = new JsonStreamer(new Replier(out), JsonStreamer.Limits.QEMU, budget);
        try {
            byte[] buffer = new byte[READ_SIZE];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!onlyWhitespace(buffer, n)) {
                    lastActivityNanos = System.nanoTime();
                }
                streamer.feed(buffer, 0, n);
            }
        } finally {
            streamer.release();
        }
    }

    /** JSON's whitespace (json-lexer.c IN_START: space, tab, CR, LF) and nothing else. */
    private static boolean onlyWhitespace(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** Answers each value or parse error as the streamer finds it. */
    private final class Replier implements JsonSink {
        private final OutputStream out;
        private final JsonWriter writer;

        Replier(OutputStream out) {
            this.out = out;
            this.writer = JsonWriter.to(out);
        }

        @Override
        public void value(Json request) {
            serving = true;
            try {
                // counted in flight until sent (Dispatcher.serve), so a deferred exit lets the reply out
                dispatcher.serve(request, reply -> {
                    serving = false;
                    replyingSinceNanos = System.nanoTime();
                    try {
                        send(reply);
                    } finally {
                        replyingSinceNanos = 0;
                        budget.replied();
                    }
                });
            } finally {
                serving = false;
            }
        }

        @Override
        public void error(String desc) {
            send(new Reply.Failure(ErrorClass.GenericError, desc, Optional.empty()));
        }

        private void send(Reply reply) {
            try {
                reply.writeTo(writer);
                out.flush();
                lastActivityNanos = System.nanoTime();
                lastReplyNanos = lastActivityNanos;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
