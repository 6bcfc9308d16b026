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
import dev.jga.protocol.schema.Alternate;
import dev.jga.protocol.schema.WireEnum;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
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
        RecordComponent[] components = record.getClass().getRecordComponents();
        if (isAlternateBranch(record)) {
            return encode(read(components[0], record));
        }
        JsonObject.Builder object = JsonObject.builder();
        for (RecordComponent component : components) {
            Object value = read(component, record);
            if (value instanceof Optional<?> optional) {
                if (optional.isEmpty()) {
                    continue;
                }
                value = optional.get();
            }
            object.put(Member.wireName(component), encode(value));
        }
        return object.build();
    }

    private static boolean isAlternateBranch(Record record) {
        for (Class<?> implemented : record.getClass().getInterfaces()) {
            if (implemented.isAnnotationPresent(Alternate.class)) {
                return true;
            }
        }
        return false;
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (InvocationTargetException | IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }
}
