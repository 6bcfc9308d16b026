// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A JSON object; members keep their input order (the parser rejects duplicate keys). */
public record JsonObject(Map<String, Json> members) implements Json {

    public static final JsonObject EMPTY = new JsonObject(Map.of());

    /** Copies {@code members}, unless they are a {@link Builder}'s, which the builder hands over. */
    public JsonObject {
        members = members instanceof HandedOver handedOver ? handedOver
                : Collections.unmodifiableMap(new LinkedHashMap<>(members));
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

    /**
     * Builds an object member by member, in wire order. {@link #build()} hands its map to the
     * object instead of having it copied (replies are made of many small objects); a later
     * {@link #put} goes to a copy, so the object never changes.
     */
    public static final class Builder {
        private LinkedHashMap<String, Json> members = new LinkedHashMap<>();
        private boolean handedOver;

        public Builder put(String name, Json value) {
            if (handedOver) {
                members = new LinkedHashMap<>(members);
                handedOver = false;
            }
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
            handedOver = true;
            return new JsonObject(new HandedOver(members));
        }
    }

    /** A builder's map, read-only, that no one writes to any more. */
    private static final class HandedOver extends AbstractMap<String, Json> {
        private final Map<String, Json> members;

        HandedOver(LinkedHashMap<String, Json> members) {
            this.members = Collections.unmodifiableMap(members);
        }

        @Override
        public Set<Entry<String, Json>> entrySet() {
            return members.entrySet();
        }

        @Override
        public Json get(Object key) {
            return members.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return members.containsKey(key);
        }

        @Override
        public int size() {
            return members.size();
        }

        @Override
        public Set<String> keySet() {
            return members.keySet();
        }
    }
}
