// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import dev.jga.protocol.schema.Alternate;
import dev.jga.protocol.schema.Unsigned;
import dev.jga.protocol.schema.Wire;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link Wire}, {@link Unsigned} and {@link Alternate} say of a type: for the schema package's
 * types from {@link CommandIndex}, which the schema processor wrote from them, for any other type
 * by reflection. Reading an annotation by reflection spins a proxy class per annotation type at
 * run time, which JDK 25's AOT cache does not keep: a client's first guest-info paid for two.
 */
final class SchemaMarks {

    private static final String SCHEMA_PACKAGE = Wire.class.getPackageName();

    private SchemaMarks() {}

    private static final class Generated {
        static final Map<String, String> WIRE_NAMES = CommandIndex.wireNames();
        static final Set<String> UNSIGNED = CommandIndex.unsignedComponents();
        static final Map<Class<?>, String> ALTERNATES = CommandIndex.alternates();
    }

    /** The component's {@link Wire} name, if it has one. */
    static Optional<String> wireName(RecordComponent component) {
        if (inSchema(component.getDeclaringRecord())) {
            return Optional.ofNullable(Generated.WIRE_NAMES.get(key(component)));
        }
        return Optional.ofNullable(component.getAnnotation(Wire.class)).map(Wire::value);
    }

    /** Whether the component is a QAPI uint64 ({@link Unsigned}). */
    static boolean unsigned(RecordComponent component) {
        if (inSchema(component.getDeclaringRecord())) {
            return Generated.UNSIGNED.contains(key(component));
        }
        return component.isAnnotationPresent(Unsigned.class);
    }

    /** The QAPI name of {@code type} if it is an {@link Alternate}, empty otherwise. */
    static Optional<String> alternate(Class<?> type) {
        if (inSchema(type)) {
            return Optional.ofNullable(Generated.ALTERNATES.get(type));
        }
        return Optional.ofNullable(type.getAnnotation(Alternate.class)).map(Alternate::value);
    }

    private static boolean inSchema(Class<?> type) {
        return type.getPackageName().equals(SCHEMA_PACKAGE);
    }

    private static String key(RecordComponent component) {
        return component.getDeclaringRecord().getName() + "." + component.getName();
    }
}
