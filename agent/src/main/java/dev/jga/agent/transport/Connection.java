// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.transport;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One host session. Its input ends (read returns -1) when the host goes away; closing it ends the
 * session, not the transport.
 */
public interface Connection extends Closeable {

    InputStream input();

    OutputStream output();

    /** Describes the peer for logs. */
    String describe();
}
