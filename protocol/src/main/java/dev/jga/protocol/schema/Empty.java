// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

/** The result of a command with no {@code returns}: the wire shows {@code {"return": {}}}. */
public record Empty() {
    public static final Empty VALUE = new Empty();
}
