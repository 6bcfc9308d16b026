// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

/**
 * Receives what a {@link JsonStreamer} finds in a byte stream, in stream order.
 *
 * <p>qemu's streamer hands the dispatcher either a parsed value or an error; the agent answers
 * each with exactly one reply (qga/main.c process_event).
 */
public interface JsonSink {

    /** A complete top-level value (usually an object: a request). */
    void value(Json value);

    /** A lexical, syntax or limit error; {@code desc} is qemu's text, e.g. "JSON parse error, expecting value". */
    void error(String desc);
}
