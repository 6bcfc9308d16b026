// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

/** A QAPI enum: a Java enum whose constants have wire names such as {@code "separated"}. */
public interface WireEnum {
    String wireName();
}
