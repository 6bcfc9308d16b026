// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.schema.Command;
import dev.jga.protocol.schema.CoreCommand;
import dev.jga.protocol.schema.Qapi;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code CommandIndex.java} equal to what the {@code @Qapi} records declare: the records
 * stay the one declaration, the index is derived from them here (as docs/commands.md is by
 * {@link CommandReferenceTest}), and a stale index fails the build.
 */
class CommandIndexTest {

    private static final Path GENERATED = Path.of("src", "main", "java", "dev", "jga", "protocol", "codec",
            "CommandIndex.java");

    @Test
    void committedIndexMatchesTheQapiRecords() throws IOException {
        String rendered = render(records());
        if (Boolean.getBoolean("jga.updateGolden")) {
            Files.writeString(GENERATED, rendered, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(GENERATED, StandardCharsets.UTF_8))
                .as("CommandIndex.java is stale: run mvn -pl protocol test -Djga.updateGolden=true")
                .isEqualTo(rendered);
    }

    @Test
    void catalogDescribesEveryRecordAsItsAnnotationDoes() {
        List<Class<?>> records = records();
        assertThat(Catalog.schema().commands()).hasSize(records.size());
        for (Class<?> record : records) {
            Qapi qapi = record.getAnnotation(Qapi.class);
            assertThat(Catalog.schema().of(record)).isEqualTo(new CommandInfo(cast(record), qapi.name(), qapi.since(), qapi.doc(),
                    qapi.successResponse(), qapi.delimitedReply()));
        }
    }

    @Test
    void everyCommandRecordIsBuiltWithoutReflection() {
        assertThat(CommandIndex.constructors().keySet()).containsExactlyInAnyOrderElementsOf(records());
        Object sync = CommandIndex.constructors().get(CoreCommand.Sync.class).apply(new Object[] {42L});
        assertThat(sync).isEqualTo(new CoreCommand.Sync(42));
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Command<?>> cast(Class<?> record) {
        return (Class<? extends Command<?>>) record;
    }

    /** Every command record reachable from the sealed root, in schema-file order. */
    private static List<Class<?>> records() {
        List<Class<?>> found = new ArrayList<>();
        collect(Command.class, found);
        return found;
    }

    private static void collect(Class<?> type, List<Class<?>> found) {
        if (type.isRecord()) {
            assertThat(type.getAnnotation(Qapi.class)).as(type + " implements Command but has no @Qapi").isNotNull();
            found.add(type);
            return;
        }
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted != null) {
            for (Class<?> sub : permitted) {
                collect(sub, found);
            }
        }
    }

    private static String render(List<Class<?>> records) {
        TreeSet<String> imports = new TreeSet<>(List.of(List.class.getName(), Map.class.getName(),
                Function.class.getName()));
        StringBuilder entries = new StringBuilder();
        StringBuilder constructors = new StringBuilder();
        for (int i = 0; i < records.size(); i++) {
            Class<?> record = records.get(i);
            Qapi qapi = record.getAnnotation(Qapi.class);
            String name = sourceName(record, imports);
            String separator = i + 1 < records.size() ? ",\n" : ");\n";
            entries.append("                new CommandInfo(").append(name).append(".class, ")
                    .append(literal(qapi.name())).append(", ").append(literal(qapi.since())).append(",\n")
                    .append("                        ").append(literal(qapi.doc())).append(",\n")
                    .append("                        ").append(qapi.successResponse()).append(", ")
                    .append(qapi.delimitedReply()).append(')').append(separator);
            RecordComponent[] components = record.getRecordComponents();
            StringBuilder arguments = new StringBuilder();
            String indent = components.length > 1 ? "\n                        " : "";
            for (int c = 0; c < components.length; c++) {
                arguments.append(c == 0 ? "" : ",").append(indent).append('(')
                        .append(sourceName(components[c].getGenericType(), imports))
                        .append(") values[").append(c).append(']');
            }
            constructors.append("                entry(").append(name).append(".class, values -> new ").append(name)
                    .append('(').append(arguments).append("))").append(separator);
        }
        StringBuilder source = new StringBuilder();
        source.append("""
                // SPDX-License-Identifier: GPL-2.0-or-later
                // Generated from the @Qapi records by CommandIndexTest; do not edit. After changing a
                // command record: mvn -pl protocol test -Djga.updateGolden=true
                package dev.jga.protocol.codec;

                """);
        imports.forEach(name -> source.append("import ").append(name).append(";\n"));
        source.append("""

                /**
                 * What the command records and their {@code @Qapi} annotations say, as code: reading the
                 * annotations at run time spins annotation proxy classes, and building a record through
                 * reflection spins method-handle classes, which JDK 25's AOT cache keeps neither of; both
                 * cost the agent's start milliseconds before its first reply (docs/performance.md).
                 */
                final class CommandIndex {

                    private CommandIndex() {}

                    /** Every command, in schema-file order. */
                    static List<CommandInfo> commands() {
                        return List.of(
                """);
        source.append(entries);
        source.append("""
                    }

                    /** How to build each command's record from its member values, in declaration order. */
                    @SuppressWarnings("unchecked")
                    static Map<Class<?>, Function<Object[], Object>> constructors() {
                        return Map.ofEntries(
                """);
        source.append(constructors);
        source.append("""
                    }

                    private static Map.Entry<Class<?>, Function<Object[], Object>> entry(Class<?> type,
                            Function<Object[], Object> constructor) {
                        return Map.entry(type, constructor);
                    }
                }
                """);
        return source.toString();
    }

    /** How generated source names {@code type}: imported top-level classes and java.lang by their simple names. */
    private static String sourceName(Type type, TreeSet<String> imports) {
        if (type instanceof ParameterizedType p) {
            StringBuilder name = new StringBuilder(sourceName(p.getRawType(), imports)).append('<');
            Type[] arguments = p.getActualTypeArguments();
            for (int i = 0; i < arguments.length; i++) {
                name.append(i == 0 ? "" : ", ").append(sourceName(arguments[i], imports));
            }
            return name.append('>').toString();
        }
        Class<?> c = (Class<?>) type;
        if (c.isPrimitive()) {
            return c.getName();
        }
        if (c.isArray()) {
            return sourceName(c.getComponentType(), imports) + "[]";
        }
        Class<?> outer = c;
        while (outer.getEnclosingClass() != null) {
            outer = outer.getEnclosingClass();
        }
        if (!outer.getPackageName().equals("java.lang")) {
            imports.add(outer.getName());
        }
        return c.getCanonicalName().substring(outer.getPackageName().length() + 1);
    }

    private static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
