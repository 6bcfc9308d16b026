// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.packaging;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The host's end of the guest agent's virtio-serial port, used as libvirt uses it: every
 * conversation starts with {@code guest-sync-delimited} and discards whatever an earlier
 * connection or agent left in the port until the 0xFF that precedes its own sync reply.
 */
final class QgaLink implements AutoCloseable {

    private final SocketLines socket;

    private QgaLink(SocketLines socket) {
        this.socket = socket;
    }

    static QgaLink connect(Path socket) throws IOException {
        return new QgaLink(SocketLines.connect(socket));
    }

    /**
     * Resynchronises with whichever agent is on the port now, retrying every few seconds (an agent
     * that is starting, or being restarted by systemd, answers once it has opened the port).
     */
    void sync(Duration timeout) throws IOException {
        long deadline = SocketLines.deadline(timeout);
        while (System.nanoTime() < deadline) {
            long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
            socket.send("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":" + id + "}}\n");
            long attempt = Math.min(deadline, SocketLines.deadline(Duration.ofSeconds(5)));
            while (true) {
                Optional<Integer> b = socket.read(attempt);
                if (b.isEmpty()) {
                    break;
                }
                if (b.get() == 0xFF) {
                    Optional<String> line = socket.line(attempt);
                    if (line.isPresent() && line.get().equals("{\"return\": " + id + "}")) {
                        return;
                    }
                }
            }
        }
        throw new IOException("no agent answered guest-sync-delimited within " + timeout);
    }

    /** One request after a {@link #sync}; the whole reply object ({@code return} or {@code error}). */
    JsonObject call(String request, Duration timeout) throws IOException {
        socket.send(request + "\n");
        Optional<String> line = socket.line(SocketLines.deadline(timeout));
        if (line.isEmpty()) {
            throw new IOException("no reply within " + timeout + " to " + request);
        }
        return (JsonObject) JsonParser.parse(line.get());
    }

    /** The {@code return} member of a successful reply; fails on an error reply. */
    Json result(String request, Duration timeout) throws IOException {
        JsonObject reply = call(request, timeout);
        if (!reply.has("return")) {
            throw new IOException("error reply to " + request + ": " + reply);
        }
        return reply.get("return");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
