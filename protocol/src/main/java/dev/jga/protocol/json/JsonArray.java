// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import java.util.List;

/** A JSON array. */
public record JsonArray(List<Json> elements) implements Json {

    public JsonArray {
        elements = List.copyOf(elements);
    }

    @Override
    public String typeName() {
        return "array";
    }
}
