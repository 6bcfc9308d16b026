// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.schema.Command;
import dev.jga.protocol.schema.Qapi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
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
        TreeSet<String> imports = new TreeSet<>();
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < records.size(); i++) {
            Class<?> record = records.get(i);
            Class<?> outer = record;
            while (outer.getEnclosingClass() != null) {
                outer = outer.getEnclosingClass();
            }
            imports.add(outer.getName());
            Qapi qapi = record.getAnnotation(Qapi.class);
            String simpleName = record.getCanonicalName().substring(outer.getPackageName().length() + 1);
            entries.append("                new CommandInfo(").append(simpleName).append(".class, ")
                    .append(literal(qapi.name())).append(", ").append(literal(qapi.since())).append(",\n")
                    .append("                        ").append(literal(qapi.doc())).append(",\n")
                    .append("                        ").append(qapi.successResponse()).append(", ")
                    .append(qapi.delimitedReply()).append(')').append(i + 1 < records.size() ? ",\n" : ");\n");
        }
        StringBuilder source = new StringBuilder();
        source.append("""
                // SPDX-License-Identifier: GPL-2.0-or-later
                // Generated from the @Qapi records by CommandIndexTest; do not edit. After changing a
                // command record: mvn -pl protocol test -Djga.updateGolden=true
                package dev.jga.protocol.codec;

                """);
        imports.forEach(name -> source.append("import ").append(name).append(";\n"));
        source.append("import java.util.List;\n\n");
        source.append("""
                /**
                 * What the {@code @Qapi} annotations of the command records say, as code: reading the
                 * annotations at run time spins annotation proxy classes, which cost the agent's start
                 * about ten milliseconds before its first reply (docs/performance.md).
                 */
                final class CommandIndex {

                    private CommandIndex() {}

                    /** Every command, in schema-file order. */
                    static List<CommandInfo> commands() {
                        return List.of(
                """);
        source.append(entries);
        source.append("    }\n}\n");
        return source.toString();
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
