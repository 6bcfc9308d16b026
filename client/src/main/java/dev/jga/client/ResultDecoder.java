// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client;

import dev.jga.protocol.codec.Member;
import dev.jga.protocol.codec.RecordDecoder;
import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonArray;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.wire.QgaError;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a command's result with the agent's own {@link RecordDecoder}, after dropping members
 * the schema does not know: a newer agent may add members to a result (QAPI allows that), and a
 * client must keep working against it. Everything the schema does declare is checked as strictly
 * as the agent checks arguments.
 */
final class ResultDecoder {

    private ResultDecoder() {}

    static Object decode(String command, Type type, Json value) {
        try {
            return RecordDecoder.value(type, known(type, value), "");
        } catch (QgaError | IllegalArgumentException e) {
            throw new AgentProtocolException("the agent's result for " + command + " does not match the schema ("
                    + e.getMessage() + "); the agent and this client disagree about " + command, e);
        }
    }

    /** {@code value} with, recursively, only the members {@code type} declares. */
    private static Json known(Type type, Json value) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class && value instanceof JsonArray array) {
            Type element = p.getActualTypeArguments()[0];
            return new JsonArray(array.elements().stream().map(e -> known(element, e)).toList());
        }
        if (type instanceof Class<?> c && c.isRecord() && value instanceof JsonObject object
                && !c.isAnnotationPresent(dev.jga.protocol.schema.Alternate.class)) {
            Map<String, Json> kept = new LinkedHashMap<>();
            for (RecordComponent component : c.getRecordComponents()) {
                Member member = Member.of(component);
                Json memberValue = object.get(member.wireName());
                if (memberValue != null) {
                    kept.put(member.wireName(), known(member.type(), memberValue));
                }
            }
            return new JsonObject(kept);
        }
        return value;
    }
}
