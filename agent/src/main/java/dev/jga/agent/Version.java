// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * jga's own version and the qemu-ga version whose protocol it implements. guest-info reports the
 * qemu-ga version, because clients compare it with qemu releases; {@code -V} prints both.
 */
public record Version(String jga, String qemu) {

    /** Read once: the agent asks at start twice (command line, guest-info), and each read is a jar lookup. */
    public static Version current() {
        return Read.CURRENT;
    }

    private static final class Read {
        static final Version CURRENT = read();
    }

    private static Version read() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Version(properties.getProperty("jga.version", "unknown"),
                properties.getProperty("qemu.version", "unknown"));
    }
}
