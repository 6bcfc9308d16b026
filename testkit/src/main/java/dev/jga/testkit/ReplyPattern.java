// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonArray;
import dev.jga.protocol.json.JsonBool;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonNumber;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParser;
import dev.jga.protocol.json.JsonString;
import dev.jga.protocol.json.JsonUnsigned;
import dev.jga.protocol.json.JsonWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An expected reply: JSON in which {@code $matcher} or {@code $matcher:name} stands for a value that
 * varies (a handle, a base64 blob). Objects compare as sets of members, because qemu-ga prints
 * members in hash order ({@code {"return": {}, "id": 1}} but {@code {"id": 7, "error": …}}).
 *
 * <p>Matchers: {@code $any}, {@code $int} (int64), {@code $uint} (≥ 0), {@code $number},
 * {@code $string}, {@code $base64} (a string of strict base64), {@code $bool}, {@code $object},
 * {@code $array}. A {@code :name} suffix captures the matched value's JSON text.
 */
public final class ReplyPattern {

    private static final Pattern MATCHER = Pattern.compile("\\$(any|int|uint|number|string|base64|bool|object|array)"
            + "(?::([A-Za-z_][A-Za-z0-9_]*))?");
    private static final String PLACEHOLDER = "\u0001matcher#";

    private record Slot(String kind, Optional<String> capture) {}

    private final String source;
    private final Json shape;
    private final List<Slot> slots;

    private ReplyPattern(String source, Json shape, List<Slot> slots) {
        this.source = source;
        this.shape = shape;
        this.slots = slots;
    }

    /** Compiles a pattern; plain JSON is a pattern that matches itself (modulo member order). */
    public static ReplyPattern of(String text) {
        List<Slot> slots = new ArrayList<>();
        Matcher m = MATCHER.matcher(text);
        StringBuilder json = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(json, Matcher.quoteReplacement("\"" + PLACEHOLDER.replace("\u0001", "\\u0001")
                    + slots.size() + "\""));
            slots.add(new Slot(m.group(1), Optional.ofNullable(m.group(2))));
        }
        m.appendTail(json);
        return new ReplyPattern(text, JsonParser.parse(json.toString()), slots);
    }

    /**
     * Whether {@code actual} matches; captured values are put into {@code captures}.
     *
     * @return empty when it matches, else where it differs
     */
    public Optional<String> match(Json actual, Map<String, String> captures) {
        return match(shape, actual, "$", captures);
    }

    @Override
    public String toString() {
        return source;
    }

    private Optional<String> match(Json expected, Json actual, String where, Map<String, String> captures) {
        if (expected instanceof JsonString s && s.value().startsWith(PLACEHOLDER)) {
            Slot slot = slots.get(Integer.parseInt(s.value().substring(PLACEHOLDER.length())));
            if (!accepts(slot.kind(), actual)) {
                return Optional.of(where + ": expected $" + slot.kind() + ", got " + JsonWriter.toString(actual));
            }
            slot.capture().ifPresent(name -> captures.put(name, JsonWriter.toString(actual)));
            return Optional.empty();
        }
        if (expected instanceof JsonObject e && actual instanceof JsonObject a) {
            if (!e.members().keySet().equals(a.members().keySet())) {
                return Optional.of(where + ": expected members " + e.members().keySet() + ", got "
                        + a.members().keySet());
            }
            for (var member : e.members().entrySet()) {
                Optional<String> diff = match(member.getValue(), a.get(member.getKey()), where + "." + member.getKey(),
                        captures);
                if (diff.isPresent()) {
                    return diff;
                }
            }
            return Optional.empty();
        }
        if (expected instanceof JsonArray e && actual instanceof JsonArray a) {
            if (e.elements().size() != a.elements().size()) {
                return Optional.of(where + ": expected " + e.elements().size() + " elements, got "
                        + a.elements().size());
            }
            for (int i = 0; i < e.elements().size(); i++) {
                Optional<String> diff = match(e.elements().get(i), a.elements().get(i), where + "[" + i + "]", captures);
                if (diff.isPresent()) {
                    return diff;
                }
            }
            return Optional.empty();
        }
        return expected.equals(actual) ? Optional.empty()
                : Optional.of(where + ": expected " + JsonWriter.toString(expected) + ", got " + JsonWriter.toString(actual));
    }

    private static boolean accepts(String kind, Json actual) {
        Predicate<Json> test = switch (kind) {
            case "any" -> json -> true;
            case "int" -> json -> json instanceof JsonInteger;
            case "uint" -> json -> json instanceof JsonInteger i && i.value() >= 0 || json instanceof JsonUnsigned;
            case "number" -> json -> json instanceof JsonNumber;
            case "string" -> json -> json instanceof JsonString;
            case "base64" -> json -> json instanceof JsonString s && isBase64(s.value());
            case "bool" -> json -> json instanceof JsonBool;
            case "object" -> json -> json instanceof JsonObject;
            case "array" -> json -> json instanceof JsonArray;
            default -> throw new IllegalArgumentException("unknown matcher $" + kind);
        };
        return test.test(actual);
    }

    private static boolean isBase64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return text.length() % 4 == 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
