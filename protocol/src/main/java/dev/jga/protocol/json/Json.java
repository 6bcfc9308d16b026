// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

/**
 * A JSON value as qemu's QObject model sees it.
 *
 * <p>Why not a general-purpose tree: qemu distinguishes integers that fit int64, integers that only
 * fit uint64, and doubles (json-parser.c), and argument validation depends on that distinction
 * ("Invalid parameter type for 'id', expected: integer" for {@code 1.0}). {@link JsonBytes} exists
 * only on the output side, so a 48 MiB file read is base64-encoded straight into the socket instead
 * of into a 64 MiB string first.
 */
public sealed interface Json
        permits JsonObject, JsonArray, JsonString, JsonBytes, JsonNumber, JsonBool, JsonNull {

    /** The name qemu's input visitor uses for this JSON type in "expected: …" errors. */
    String typeName();
}
