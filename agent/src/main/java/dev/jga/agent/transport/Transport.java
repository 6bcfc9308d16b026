// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.transport;

import java.io.IOException;

/**
 * A source of host sessions, one implementation per qemu-ga {@code --method}. A listening socket
 * yields one connection per client; a serial port yields one connection per period during which
 * the host side is attached.
 */
public interface Transport extends AutoCloseable {

    /** Blocks until the next host session starts. Throws once the transport is closed or broken. */
    Connection accept() throws IOException;

    /** Whether several connections may be served at once (sockets yes, serial ports no). */
    boolean concurrent();

    /** Describes the channel for logs, e.g. "unix-listen:/run/qga.sock". */
    String describe();

    @Override
    void close() throws IOException;
}
