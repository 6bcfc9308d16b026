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
import dev.jga.protocol.json.JsonUnsigned;
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
        // An if chain, not a pattern switch: a pattern switch links to a class spun at run time,
        // which JDK 25's AOT cache does not keep; this runs before the agent's first reply
        // (docs/performance.md, "Where the start time goes").
        if (value instanceof Json json) {
            return json;
        }
        if (value instanceof Long l) {
            return new JsonInteger(l);
        }
        if (value instanceof Integer i) {
            return new JsonInteger(i);
        }
        if (value instanceof Double d) {
            return new JsonDouble(d);
        }
        if (value instanceof Boolean b) {
            return JsonBool.of(b);
        }
        if (value instanceof String s) {
            return new JsonString(s);
        }
        if (value instanceof byte[] bytes) {
            return new JsonBytes(bytes);
        }
        if (value instanceof WireEnum e) {
            return new JsonString(e.wireName());
        }
        if (value instanceof List<?> list) {
            return new JsonArray(list.stream().map(RecordEncoder::encode).toList());
        }
        if (value instanceof Record r) {
            return record(r);
        }
        throw new IllegalArgumentException("not a schema value: " + value.getClass());
    }

    /** A uint64 member: its bits as an unsigned number (JsonUnsigned only above Long.MAX_VALUE). */
    private static Json unsigned(long bits) {
        return bits < 0 ? new JsonUnsigned(bits) : new JsonInteger(bits);
    }

    private static Json record(Record record) {
        RecordShape shape = RecordShape.of(record.getClass());
        Object[] values = shape.values(record);
        if (shape.alternateBranch) {
            return encode(values[0]);
        }
        JsonObject.Builder object = JsonObject.builder();
        for (int i = 0; i < shape.members.size(); i++) {
            Object value = values[i];
            if (value instanceof Optional<?> optional) {
                if (optional.isEmpty()) {
                    continue;
                }
                value = optional.get();
            }
            Member member = shape.members.get(i);
            object.put(member.wireName(), member.unsigned() ? unsigned((Long) value) : encode(value));
        }
        return object.build();
    }
}
