// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

/** {@code true} or {@code false}. */
public enum JsonBool implements Json {
    TRUE,
    FALSE;

    public static JsonBool of(boolean value) {
        return value ? TRUE : FALSE;
    }

    public boolean value() {
        return this == TRUE;
    }

    @Override
    public String typeName() {
        return "boolean";
    }
}
