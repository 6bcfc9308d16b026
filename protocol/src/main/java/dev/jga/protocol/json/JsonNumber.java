// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

/**
 * A JSON number in one of qemu's three representations (QNum: I64, U64, DOUBLE).
 *
 * <p>json-parser.c turns an integer token into int64 when it fits, else into uint64 when it is
 * non-negative and fits, else into a double; a token with a fraction or exponent is always a double.
 */
public sealed interface JsonNumber extends Json permits JsonInteger, JsonUnsigned, JsonDouble {

    @Override
    default String typeName() {
        return "number";
    }
}
