// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the codecs need to know of one record type, read by reflection once per type and kept
 * (a {@link ClassValue}): every request and reply goes through these records, and looking up
 * components, annotations and constructors each time cost more than the rest of a small request.
 */
final class RecordShape {

    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return new RecordShape(type);
        }
    };

    final List<Member> members;
    /** True for a branch of a QAPI alternate: its one component stands for the whole value. */
    final boolean alternateBranch;
    /** The record's canonical constructor: generated code for command records, reflection otherwise. */
    private final Function<Object[], Object> constructor;
    private final Method[] accessors;
    /** The record's index for {@link CommandIndex#components}, or -1: its components are read by reflection. */
    private final int reader;

    private RecordShape(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        this.members = Arrays.stream(components).map(Member::of).toList();
        this.alternateBranch = Arrays.stream(type.getInterfaces()).anyMatch(i -> SchemaMarks.alternate(i).isPresent());
        this.accessors = Arrays.stream(components).map(RecordComponent::getAccessor).toArray(Method[]::new);
        Class<?>[] parameterTypes = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Arrays.stream(accessors).forEach(accessor -> accessor.setAccessible(true));
            Function<Object[], Object> generated = Generated.CONSTRUCTORS.get(type);
            this.constructor = generated != null ? generated : reflective(type.getDeclaredConstructor(parameterTypes));
            this.reader = Generated.READERS.getOrDefault(type, -1);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot use record " + type.getName(), e);
        }
    }

    /**
     * The command records' constructors as generated code ({@link CommandIndex}): the first
     * request's record is then built without reflection, whose method handles are classes spun
     * at run time that JDK 25's AOT cache does not keep (~5 ms before the first reply).
     */
    private static final class Generated {
        static final Map<Class<?>, Function<Object[], Object>> CONSTRUCTORS = CommandIndex.constructors();
        static final Map<Class<?>, Integer> READERS = CommandIndex.readers();
    }

    private static Function<Object[], Object> reflective(Constructor<?> constructor) {
        constructor.setAccessible(true);
        return values -> {
            try {
                return constructor.newInstance(values);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot build " + constructor.getDeclaringClass().getName(), e);
            }
        };
    }

    static RecordShape of(Class<?> type) {
        return SHAPES.get(type);
    }

    /** A new record from component values in declaration order; a validation error inside it propagates. */
    Object construct(Object[] values) {
        return constructor.apply(values);
    }

    /**
     * The values of {@code record}'s components in declaration order: through generated code for
     * the schema's records (every reply passes here; a reflective read is a JNI call each).
     */
    Object[] values(Record record) {
        if (reader >= 0) {
            return CommandIndex.components(reader, record);
        }
        Object[] values = new Object[accessors.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = read(record, i);
        }
        return values;
    }

    /** The value of component {@code index} of {@code record}, by reflection. */
    private Object read(Record record, int index) {
        try {
            return accessors[index].invoke(record);
        } catch (InvocationTargetException | IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + accessors[index], e);
        }
    }
}
