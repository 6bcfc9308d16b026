// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParser;
import dev.jga.protocol.json.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * An in-process agent that speaks the wire over a unix socket, scripted per test: what it sends
 * on connect (stale data), how it answers 0xFF (qemu-ga's stray-error line or silence), which
 * commands it lacks, and per-command replies as raw text. It serves one connection at a time,
 * like qemu-ga, with requests split by brace balance like qemu's streamer.
 */
final class FakeGuestAgent implements AutoCloseable {

    /** qemu-ga 7.2's answer to a lone 0xFF byte: qobject/json-lexer.c ends the token there, and qga/main.c process_event reports the parse error. */
    static final String STRAY_FF_ERROR =
            "{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error, stray '\\uFFFD'\"}}\n";

    /** Answers a request: raw bytes to send (possibly several lines, possibly none). */
    interface Handler extends BiFunction<JsonObject, Optional<Json>, byte[]> {}

    private final Path dir;
    private final ServerSocketChannel server;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private volatile byte[] onConnect = new byte[0];
    private volatile boolean strayErrorOnDelimiter = true;
    private final Thread acceptor;

    FakeGuestAgent() throws IOException {
        dir = Files.createTempDirectory("jga-fake-");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket()));
        handlers.put("guest-sync-delimited", (args, id) -> concat(new byte[] {(byte) 0xFF},
                reply("{\"return\": " + number(args, "id") + "}", id)));
        handlers.put("guest-sync", (args, id) -> reply("{\"return\": " + number(args, "id") + "}", id));
        handlers.put("guest-ping", (args, id) -> reply("{\"return\": {}}", id));
        acceptor = Thread.ofVirtual().start(this::serve);
    }

    Path socket() {
        return dir.resolve("sock");
    }

    Target target() {
        return new Target.Unix(socket());
    }

    /** Bytes written to each new connection before anything is read (another client's leftovers). */
    FakeGuestAgent onConnect(String latin1) {
        onConnect = latin1.getBytes(StandardCharsets.ISO_8859_1);
        return this;
    }

    /** Whether 0xFF gets qemu-ga's error line (true, the default) or nothing (jga). */
    FakeGuestAgent strayErrorOnDelimiter(boolean value) {
        strayErrorOnDelimiter = value;
        return this;
    }

    FakeGuestAgent handle(String command, Handler handler) {
        handlers.put(command, handler);
        return this;
    }

    FakeGuestAgent without(String command) {
        handlers.remove(command);
        return this;
    }

    /** The {@code execute} names received, in order. */
    List<String> received() {
        return List.copyOf(received);
    }

    /** A reply line with the request's id echoed, as qemu-ga puts it (last member). */
    static byte[] reply(String json, Optional<Json> id) {
        String withId = id.map(value -> json.substring(0, json.length() - 1) + ", \"id\": "
                + JsonWriter.toString(value) + "}").orElse(json);
        return (withId + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    static long number(JsonObject args, String name) {
        return ((JsonInteger) args.get(name)).value();
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel connection = server.accept()) {
                write(connection, onConnect);
                session(connection);
            } catch (IOException e) {
                // connection or server closed
            }
        }
    }

    private void session(SocketChannel connection) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        int depth = 0;
        boolean inString = false;
        boolean escape = false;
        while (connection.read(buffer.clear()) >= 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                int b = buffer.get() & 0xFF;
                if (b == 0xFF) {
                    pending.reset();
                    depth = 0;
                    inString = false;
                    if (strayErrorOnDelimiter) {
                        write(connection, STRAY_FF_ERROR.getBytes(StandardCharsets.US_ASCII));
                    }
                    continue;
                }
                if (depth == 0 && b != '{') {
                    continue;
                }
                pending.write(b);
                if (inString) {
                    if (escape) {
                        escape = false;
                    } else if (b == '\\') {
                        escape = true;
                    } else if (b == '"') {
                        inString = false;
                    }
                } else if (b == '"') {
                    inString = true;
                } else if (b == '{' || b == '[') {
                    depth++;
                } else if ((b == '}' || b == ']') && --depth == 0) {
                    answer(connection, (JsonObject) JsonParser.parse(pending.toByteArray()));
                    pending.reset();
                }
            }
        }
    }

    private void answer(SocketChannel connection, JsonObject request) throws IOException {
        String name = ((dev.jga.protocol.json.JsonString) request.get("execute")).value();
        received.add(name);
        Optional<Json> id = Optional.ofNullable(request.get("id"));
        JsonObject args = request.get("arguments") instanceof JsonObject a ? a : JsonObject.EMPTY;
        Handler handler = handlers.get(name);
        byte[] bytes = handler == null
                ? reply("{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command " + name
                        + " has not been found\"}}", id)
                : handler.apply(args, id);
        write(connection, bytes);
    }

    private static void write(SocketChannel connection, byte[] bytes) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes);
        while (out.hasRemaining()) {
            connection.write(out);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
        Files.deleteIfExists(socket());
        Files.deleteIfExists(dir);
    }
}
