// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the agent's host side is. Written as {@code unix:/path/to/socket} (QEMU's
 * {@code -chardev socket,path=…,server=on}), {@code tcp:HOST:PORT} (the same chardev on TCP), or
 * {@code libvirt:DOMAIN} / {@code libvirt:DOMAIN@URI} (through {@code virsh qemu-agent-command}).
 *
 * <p>vsock is not offered: AF_VSOCK needs native code and the client is JDK-only; use QEMU's
 * unix-socket chardev or libvirt instead.
 */
public sealed interface Target {

    /** The environment variable that names the default target, e.g. {@code JGA_TARGET=unix:/run/qga.sock}. */
    String ENVIRONMENT_VARIABLE = "JGA_TARGET";

    /** A unix stream socket the agent's channel is connected to. */
    record Unix(Path path) implements Target {
        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /** A TCP socket the agent's channel is connected to (QEMU's {@code -chardev socket,host=…,port=…}). */
    record Tcp(String host, int port) implements Target {
        @Override
        public String toString() {
            return "tcp:" + host + ":" + port;
        }
    }

    /** A libvirt domain; {@code uri} is virsh's {@code -c} connection URI when not the default. */
    record Libvirt(String domain, Optional<String> uri) implements Target {
        @Override
        public String toString() {
            return "libvirt:" + domain + uri.map(u -> "@" + u).orElse("");
        }
    }

    /**
     * Parses {@code unix:PATH}, {@code tcp:HOST:PORT}, {@code libvirt:DOMAIN[@URI]}; a bare path
     * (containing {@code /}) means a unix socket.
     *
     * @throws IllegalArgumentException with a message that shows the accepted forms
     */
    static Target parse(String text) {
        int colon = text.indexOf(':');
        String scheme = colon < 0 ? "" : text.substring(0, colon);
        String rest = text.substring(colon + 1);
        switch (scheme) {
            case "unix" -> {
                return new Unix(Path.of(nonEmpty(rest, text)));
            }
            case "tcp" -> {
                return tcp(rest, text);
            }
            case "libvirt" -> {
                int at = rest.indexOf('@');
                return at < 0
                        ? new Libvirt(nonEmpty(rest, text), Optional.empty())
                        : new Libvirt(nonEmpty(rest.substring(0, at), text), Optional.of(rest.substring(at + 1)));
            }
            default -> {
                if (text.contains("/")) {
                    return new Unix(Path.of(text));
                }
                throw invalid(text);
            }
        }
    }

    /** The target named by {@value #ENVIRONMENT_VARIABLE} in {@code environment}, if set. */
    static Optional<Target> fromEnvironment(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT_VARIABLE);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(parse(value.strip()));
    }

    private static Target tcp(String rest, String text) {
        int colon = rest.lastIndexOf(':');
        if (colon <= 0) {
            throw invalid(text);
        }
        try {
            int port = Integer.parseInt(rest.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw invalid(text);
            }
            return new Tcp(rest.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
    }

    private static String nonEmpty(String value, String text) {
        if (value.isEmpty()) {
            throw invalid(text);
        }
        return value;
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException("'" + text + "' is not a target; use unix:/path/to/socket,"
                + " tcp:HOST:PORT or libvirt:DOMAIN (vsock is not supported by the client)");
    }
}
