// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.schema.Alternate;
import dev.jga.protocol.schema.Command;
import dev.jga.protocol.schema.Unsigned;
import dev.jga.protocol.schema.Wire;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The marks the schema processor wrote say what the schema's annotations say. */
class SchemaMarksTest {

    @Test
    void everyComponentOfTheSchemaHasTheWireNameAndSignednessItsAnnotationsGive() {
        List<RecordComponent> components = schemaTypes().stream().filter(Class::isRecord)
                .flatMap(type -> List.of(type.getRecordComponents()).stream()).toList();
        assertThat(components).hasSizeGreaterThan(100);
        for (RecordComponent component : components) {
            assertThat(SchemaMarks.wireName(component)).as(component.toString())
                    .isEqualTo(Optional.ofNullable(component.getAnnotation(Wire.class)).map(Wire::value));
            assertThat(SchemaMarks.unsigned(component)).as(component.toString())
                    .isEqualTo(component.isAnnotationPresent(Unsigned.class));
        }
    }

    @Test
    void everyAlternateOfTheSchemaIsKnownByItsQapiName() {
        List<Class<?>> types = schemaTypes();
        assertThat(types.stream().filter(type -> SchemaMarks.alternate(type).isPresent())).hasSizeGreaterThan(2);
        for (Class<?> type : types) {
            assertThat(SchemaMarks.alternate(type)).as(type.getName())
                    .isEqualTo(Optional.ofNullable(type.getAnnotation(Alternate.class)).map(Alternate::value));
        }
    }

    @Test
    void aRecordOutsideTheSchemaIsReadByReflection() {
        RecordComponent renamed = Renamed.class.getRecordComponents()[0];
        assertThat(SchemaMarks.wireName(renamed)).contains("other_name");
        assertThat(SchemaMarks.unsigned(renamed)).isTrue();
    }

    record Renamed(@Wire("other_name") @Unsigned long value) {}

    /** The command groups under {@link Command} and every type declared in them, at any depth. */
    private static List<Class<?>> schemaTypes() {
        List<Class<?>> types = new ArrayList<>();
        for (Class<?> group : Command.class.getPermittedSubclasses()) {
            addWithNested(group, types);
        }
        return types;
    }

    private static void addWithNested(Class<?> type, List<Class<?>> into) {
        into.add(type);
        for (Class<?> nested : type.getDeclaredClasses()) {
            addWithNested(nested, into);
        }
    }
}
