// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

/**
 * An integer above {@code Long.MAX_VALUE} that fits an unsigned 64-bit value (QNum U64).
 * {@code bits} holds it as Java's two's-complement long; read it with {@link Long#toUnsignedString}.
 */
public record JsonUnsigned(long bits) implements JsonNumber {

    @Override
    public String toString() {
        return "JsonUnsigned[" + Long.toUnsignedString(bits) + "]";
    }
}
