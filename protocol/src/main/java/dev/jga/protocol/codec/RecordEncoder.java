// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonArray;
import dev.jga.protocol.json.JsonBool;
import dev.jga.protocol.json.JsonBytes;
import dev.jga.protocol.json.JsonDouble;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.protocol.schema.WireEnum;
import java.util.List;
import java.util.Optional;

/**
 * Turns schema records (results on the agent side, arguments on the client side) into JSON:
 * members in declaration order, an empty {@code Optional} leaves the member out, {@code byte[]}
 * becomes a base64 string, enums their wire names, alternates the value of their branch.
 */
public final class RecordEncoder {

    private RecordEncoder() {}

    public static Json encode(Object value) {
        return switch (value) {
            case Json json -> json;
            case Long l -> new JsonInteger(l);
            case Integer i -> new JsonInteger(i);
            case Double d -> new JsonDouble(d);
            case Boolean b -> JsonBool.of(b);
            case String s -> new JsonString(s);
            case byte[] bytes -> new JsonBytes(bytes);
            case WireEnum e -> new JsonString(e.wireName());
            case List<?> list -> new JsonArray(list.stream().map(RecordEncoder::encode).toList());
            case Record r -> record(r);
            default -> throw new IllegalArgumentException("not a schema value: " + value.getClass());
        };
    }

    private static Json record(Record record) {
        RecordShape shape = RecordShape.of(record.getClass());
        if (shape.alternateBranch) {
            return encode(shape.read(record, 0));
        }
        JsonObject.Builder object = JsonObject.builder();
        for (int i = 0; i < shape.members.size(); i++) {
            Object value = shape.read(record, i);
            if (value instanceof Optional<?> optional) {
                if (optional.isEmpty()) {
                    continue;
                }
                value = optional.get();
            }
            object.put(shape.members.get(i).wireName(), encode(value));
        }
        return object.build();
    }
}
