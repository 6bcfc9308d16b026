// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A JSON object; members keep their input order (the parser rejects duplicate keys). */
public record JsonObject(Map<String, Json> members) implements Json {

    public static final JsonObject EMPTY = new JsonObject(Map.of());

    public JsonObject {
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }

    public Json get(String name) {
        return members.get(name);
    }

    public boolean has(String name) {
        return members.containsKey(name);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String typeName() {
        return "object";
    }

    /** Builds an object member by member, in wire order. */
    public static final class Builder {
        private final LinkedHashMap<String, Json> members = new LinkedHashMap<>();

        public Builder put(String name, Json value) {
            members.put(name, value);
            return this;
        }

        public Builder put(String name, String value) {
            return put(name, new JsonString(value));
        }

        public Builder put(String name, long value) {
            return put(name, new JsonInteger(value));
        }

        public Builder put(String name, boolean value) {
            return put(name, JsonBool.of(value));
        }

        public JsonObject build() {
            return new JsonObject(members);
        }
    }
}
