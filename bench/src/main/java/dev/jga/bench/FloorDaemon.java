// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The least a Java agent on a unix socket can do: listen, and answer each request object with
 * {@code {"return": ID}} (the request's {@code "id"}, as guest-sync does). {@link JvmFloor} runs it
 * on the package's own runtime, JVM flags and an AOT cache of its own, so its start to first reply
 * is what the JVM and the JDK's unix-socket set-up cost on the machine at hand: the floor under
 * the package's figure. Takes {@code -p SOCKET}; other arguments are ignored.
 */
public final class FloorDaemon {

    private FloorDaemon() {}

    public static void main(String[] args) throws IOException {
        Path socket = null;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-p")) {
                socket = Path.of(args[i + 1]);
            }
        }
        if (socket == null) {
            throw new IllegalArgumentException("usage: FloorDaemon -p SOCKET");
        }
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            while (true) {
                try (SocketChannel client = server.accept()) {
                    answer(client);
                }
            }
        }
    }

    /** Requests end where their outer object closes (a client need not send a newline, as with qemu-ga). */
    private static void answer(SocketChannel client) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        StringBuilder request = new StringBuilder();
        int depth = 0;
        while (client.read(in) > 0) {
            for (int i = 0; i < in.position(); i++) {
                char c = (char) in.get(i);
                request.append(c);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && depth > 0 && --depth == 0) {
                    reply(client, "{\"return\": " + id(request.toString()) + "}\n");
                    request.setLength(0);
                }
            }
            in.clear();
        }
    }

    private static void reply(SocketChannel client, String reply) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            client.write(out);
        }
    }

    /** The digits after {@code "id":}, or 0. */
    private static String id(String request) {
        int at = request.indexOf("\"id\":");
        if (at < 0) {
            return "0";
        }
        int start = at + 5;
        while (start < request.length() && request.charAt(start) == ' ') {
            start++;
        }
        int end = start;
        while (end < request.length() && Character.isDigit(request.charAt(end))) {
            end++;
        }
        return end > start ? request.substring(start, end) : "0";
    }
}
