// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import static dev.jga.protocol.wire.Messages.PARAMETER_ENUM_VALUE;
import static dev.jga.protocol.wire.Messages.PARAMETER_EXPECTS;
import static dev.jga.protocol.wire.Messages.PARAMETER_MISSING;
import static dev.jga.protocol.wire.Messages.PARAMETER_TYPE;
import static dev.jga.protocol.wire.Messages.PARAMETER_UNEXPECTED;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonArray;
import dev.jga.protocol.json.JsonBool;
import dev.jga.protocol.json.JsonDouble;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonNumber;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.protocol.json.JsonUnsigned;
import dev.jga.protocol.schema.WireEnum;
import dev.jga.protocol.wire.QgaError;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Turns JSON into schema records with the checks, order and error texts of qemu's QObject input
 * visitor (qapi/qobject-input-visitor.c): members are visited in declaration order (a missing or
 * mistyped member is reported before an unexpected one), {@code null} is never accepted, integers
 * must be integers ({@code 1.0} is not) that fit int64, booleans must be {@code true}/{@code false}.
 *
 * <p>The same decoder reads results on the client side, so both ends share one definition.
 */
public final class RecordDecoder {

    private RecordDecoder() {}

    /** Decodes a command's {@code arguments} object (absent arguments are an empty object). */
    public static Object arguments(CommandInfo command, JsonObject arguments) {
        return record(command.type(), arguments, "");
    }

    /** Decodes any schema value of {@code type}; errors name the member path as qemu does. */
    public static Object value(Type type, Json json, String path) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return list(p.getActualTypeArguments()[0], json, path);
        }
        if (!(type instanceof Class<?> c)) {
            throw new IllegalArgumentException("unsupported schema type " + type);
        }
        if (c == long.class || c == Long.class) {
            return integer(json, path);
        }
        if (c == double.class || c == Double.class) {
            return number(json, path);
        }
        if (c == boolean.class || c == Boolean.class) {
            return bool(json, path);
        }
        if (c == String.class) {
            return string(json, path);
        }
        if (c == byte[].class) {
            return Base64.getMimeDecoder().decode(string(json, path));
        }
        if (c == Json.class) {
            return json;
        }
        if (c.isEnum() && WireEnum.class.isAssignableFrom(c)) {
            return enumValue(c, json, path);
        }
        if (c.isRecord()) {
            if (!(json instanceof JsonObject object)) {
                throw typeError(path, "object");
            }
            return record(c, object, path);
        }
        if (SchemaMarks.alternate(c).isPresent()) {
            return alternate(c, json, path);
        }
        throw new IllegalArgumentException("unsupported schema type " + c);
    }

    private static Object record(Class<?> type, JsonObject object, String path) {
        RecordShape shape = RecordShape.of(type);
        Object[] values = new Object[shape.members.size()];
        for (int i = 0; i < values.length; i++) {
            Member member = shape.members.get(i);
            values[i] = member(member, object.get(member.wireName()), join(path, member.wireName()));
        }
        if (object.members().size() > declared(shape, object)) {
            for (String name : object.members().keySet()) {
                if (shape.members.stream().noneMatch(member -> member.wireName().equals(name))) {
                    throw QgaError.generic(PARAMETER_UNEXPECTED, join(path, name));
                }
            }
        }
        return shape.construct(values);
    }

    /** How many of the object's members the record declares. */
    private static int declared(RecordShape shape, JsonObject object) {
        int count = 0;
        for (Member member : shape.members) {
            if (object.has(member.wireName())) {
                count++;
            }
        }
        return count;
    }

    private static Object member(Member member, Json json, String path) {
        if (json == null) {
            if (member.optional()) {
                return Optional.empty();
            }
            throw QgaError.generic(PARAMETER_MISSING, path);
        }
        Object value = member.unsigned() ? unsigned(json, path) : value(member.type(), json, path);
        return member.optional() ? Optional.of(value) : value;
    }

    private static List<Object> list(Type element, Json json, String path) {
        if (!(json instanceof JsonArray array)) {
            throw typeError(path, "array");
        }
        List<Object> values = new ArrayList<>(array.elements().size());
        for (int i = 0; i < array.elements().size(); i++) {
            values.add(value(element, array.elements().get(i), path + "[" + i + "]"));
        }
        return List.copyOf(values);
    }

    private static long integer(Json json, String path) {
        if (json instanceof JsonInteger i) {
            return i.value();
        }
        throw typeError(path, "integer");
    }

    /** qobject_input_type_uint64: a uint64, or an int64 taken as its bits. */
    private static long unsigned(Json json, String path) {
        if (json instanceof JsonInteger i) {
            return i.value();
        }
        if (json instanceof JsonUnsigned u) {
            return u.bits();
        }
        throw QgaError.generic(PARAMETER_EXPECTS, path, "uint64");
    }

    private static double number(Json json, String path) {
        return switch (json) {
            case JsonInteger i -> (double) i.value();
            case JsonUnsigned u -> unsignedToDouble(u.bits());
            case JsonDouble d -> d.value();
            default -> throw typeError(path, "number");
        };
    }

    private static boolean bool(Json json, String path) {
        if (json instanceof JsonBool b) {
            return b.value();
        }
        throw typeError(path, "boolean");
    }

    private static String string(Json json, String path) {
        if (json instanceof JsonString s) {
            return s.value();
        }
        throw typeError(path, "string");
    }

    private static Object enumValue(Class<?> type, Json json, String path) {
        String name = string(json, path);
        for (Object constant : type.getEnumConstants()) {
            if (((WireEnum) constant).wireName().equals(name)) {
                return constant;
            }
        }
        throw QgaError.generic(PARAMETER_ENUM_VALUE, path, name);
    }

    /** qemu picks an alternate's branch by the JSON type, then visits the value as that branch. */
    private static Object alternate(Class<?> type, Json json, String path) {
        for (Class<?> branch : type.getPermittedSubclasses()) {
            RecordShape shape = RecordShape.of(branch);
            java.lang.reflect.Type valueType = shape.members.getFirst().type();
            if (accepts(valueType, json)) {
                return shape.construct(new Object[] {value(valueType, json, path)});
            }
        }
        throw typeError(path, SchemaMarks.alternate(type).orElseThrow());
    }

    private static boolean accepts(Type type, Json json) {
        if (type instanceof ParameterizedType p) {
            return p.getRawType() == List.class && json instanceof JsonArray;
        }
        Class<?> c = (Class<?>) type;
        return switch (json) {
            case JsonNumber n -> c == long.class || c == double.class;
            case JsonString s -> c == String.class || c.isEnum();
            case JsonBool b -> c == boolean.class;
            case JsonObject o -> c.isRecord();
            default -> false;
        };
    }

    private static QgaError typeError(String path, String expected) {
        return QgaError.generic(PARAMETER_TYPE, path, expected);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static double unsignedToDouble(long bits) {
        double high = (double) (bits >>> 1) * 2.0;
        return high + (bits & 1);
    }
}
