// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import dev.jga.protocol.schema.Unsigned;
import dev.jga.protocol.schema.Wire;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Optional;

/**
 * One member of a struct or command record: its wire name, its value type and whether it may be
 * absent ({@code Optional<T>} components; {@code type} is then the {@code T}), and whether a
 * {@code long} is a QAPI uint64 ({@link Unsigned}).
 */
public record Member(String wireName, Type type, boolean optional, boolean unsigned) {

    public Member(String wireName, Type type, boolean optional) {
        this(wireName, type, optional, false);
    }

    public static Member of(RecordComponent component) {
        Type type = component.getGenericType();
        boolean optional = false;
        if (type instanceof ParameterizedType p && p.getRawType() == Optional.class) {
            optional = true;
            type = p.getActualTypeArguments()[0];
        }
        return new Member(wireName(component), type, optional, SchemaMarks.unsigned(component));
    }

    /** camelCase to QAPI's kebab-case ({@code bufB64} → {@code buf-b64}), unless {@link Wire} says otherwise. */
    static String wireName(RecordComponent component) {
        Optional<String> wire = SchemaMarks.wireName(component);
        if (wire.isPresent()) {
            return wire.get();
        }
        String name = component.getName();
        StringBuilder kebab = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                kebab.append('-').append(Character.toLowerCase(c));
            } else {
                kebab.append(c);
            }
        }
        return kebab.toString();
    }
}
