// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.schema.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor run by javac over small schemas written like protocol's. */
class CommandIndexProcessorTest {

    private static final Map<String, String> SCHEMA_BASE = Map.of(
            "dev/jga/protocol/schema/Qapi.java", """
                    package dev.jga.protocol.schema;
                    public @interface Qapi {
                        String name();
                        String since();
                        String doc();
                        boolean successResponse() default true;
                        boolean delimitedReply() default false;
                    }
                    """,
            "dev/jga/protocol/codec/CommandInfo.java", """
                    package dev.jga.protocol.codec;
                    public record CommandInfo(Class<?> type, String name, String since, String doc,
                            boolean successResponse, boolean delimitedReply) {}
                    """,
            "dev/jga/protocol/schema/Command.java", """
                    package dev.jga.protocol.schema;
                    public sealed interface Command<R> permits Power, Info {}
                    """);

    @TempDir
    Path dir;

    @Test
    void indexListsCommandsInPermitsThenDeclarationOrderWithTheirConstructors() throws IOException {
        Compilation compilation = compile(Map.of(
                "dev/jga/protocol/schema/Power.java", """
                        package dev.jga.protocol.schema;
                        import java.util.Optional;
                        public sealed interface Power<R> extends Command<R> {
                            @Qapi(name = "guest-shutdown", since = "0.15.0", doc = "Powers off \\"now\\".", successResponse = false)
                            record Shutdown(Optional<String> mode) implements Power<Void> {}
                        }
                        """,
                "dev/jga/protocol/schema/Info.java", """
                        package dev.jga.protocol.schema;
                        import java.util.List;
                        public sealed interface Info<R> extends Command<R> {
                            @Qapi(name = "guest-get-host-name", since = "2.10", doc = "Host name.")
                            record HostName() implements Info<String> {}
                            @Qapi(name = "guest-b", since = "1", doc = "B.")
                            record B(long id, List<String> names, byte[] raw) implements Info<String> {}
                        }
                        """));

        assertThat(compilation.errors()).isEmpty();
        assertThat(compilation.index()).contains(unindented("""
                                new CommandInfo(Power.Shutdown.class, "guest-shutdown", "0.15.0",
                                        "Powers off \\"now\\".",
                                        false, false),
                                new CommandInfo(Info.HostName.class, "guest-get-host-name", "2.10",
                                        "Host name.",
                                        true, false),
                                new CommandInfo(Info.B.class, "guest-b", "1",
                        """));
        assertThat(compilation.index()).contains(unindented("""
                                entry(Power.Shutdown.class, values -> new Power.Shutdown((Optional<String>) values[0])),
                                entry(Info.HostName.class, values -> new Info.HostName()),
                                entry(Info.B.class, values -> new Info.B(
                                        (long) values[0],
                                        (List<String>) values[1],
                                        (byte[]) values[2])));
                        """));
        // Each record is read by a method of its own, found through its index (the scan's order).
        String reader = compilation.index().replaceAll("(?s).*Map\\.entry\\(Info\\.B\\.class, (\\d+)\\).*", "$1");
        assertThat(compilation.index()).contains("case " + reader + " -> read" + reader + "(record);\n",
                "private static Object[] read" + reader + "(Record record) {\n"
                        + "Info.B value = (Info.B) record;\n"
                        + "return new Object[] {value.id(), value.names(), value.raw()};\n");
        assertThat(compilation.index()).contains("import dev.jga.protocol.schema.Info;\n",
                "import java.util.Optional;\n");
    }

    @Test
    void recordUnderTheRootWithoutQapiIsACompileError() throws IOException {
        Compilation compilation = compile(Map.of(
                "dev/jga/protocol/schema/Power.java", """
                        package dev.jga.protocol.schema;
                        public sealed interface Power<R> extends Command<R> {
                            record Shutdown() implements Power<Void> {}
                        }
                        """,
                "dev/jga/protocol/schema/Info.java", """
                        package dev.jga.protocol.schema;
                        public sealed interface Info<R> extends Command<R> {
                            @Qapi(name = "guest-info", since = "0.15.0", doc = "Info.")
                            record Get() implements Info<String> {}
                        }
                        """));

        assertThat(compilation.errors()).contains("implements dev.jga.protocol.schema.Command but has no @Qapi");
    }

    @Test
    void qapiRecordTheRootDoesNotReachIsACompileError() throws IOException {
        Compilation compilation = compile(Map.of(
                "dev/jga/protocol/schema/Power.java", """
                        package dev.jga.protocol.schema;
                        public sealed interface Power<R> extends Command<R> {
                            @Qapi(name = "guest-shutdown", since = "0.15.0", doc = "Off.")
                            record Shutdown() implements Power<Void> {}
                        }
                        """,
                "dev/jga/protocol/schema/Info.java", """
                        package dev.jga.protocol.schema;
                        public sealed interface Info<R> extends Command<R> {
                            @Qapi(name = "guest-info", since = "0.15.0", doc = "Info.")
                            record Get() implements Info<String> {}
                        }
                        """,
                "dev/jga/protocol/schema/Stray.java", """
                        package dev.jga.protocol.schema;
                        @Qapi(name = "guest-stray", since = "1", doc = "Lost.")
                        public record Stray() {}
                        """));

        assertThat(compilation.errors()).contains("@Qapi record is not reachable from dev.jga.protocol.schema.Command");
    }

    private record Compilation(String errors, String index) {}

    private Compilation compile(Map<String, String> schema) throws IOException {
        List<Path> files = new ArrayList<>();
        Map<String, String> all = new java.util.HashMap<>(SCHEMA_BASE);
        all.putAll(schema);
        for (Map.Entry<String, String> source : all.entrySet()) {
            Path file = dir.resolve("src").resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file);
        }
        Path generated = Files.createDirectories(dir.resolve("generated"));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        List<String> options = List.of("-proc:only", "-s", generated.toString(), "-d", classes.toString());
        var task = javac.getTask(diagnostics, null, null, options, null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjectsFromPaths(files));
        task.setProcessors(List.of(new CommandIndexProcessor()));
        task.call();
        Path index = generated.resolve("dev/jga/protocol/codec/CommandIndex.java");
        return new Compilation(diagnostics.toString(), Files.exists(index) ? unindented(Files.readString(index)) : "");
    }

    /** The source without its indentation, which these tests leave to the source's readers. */
    private static String unindented(String source) {
        return source.replaceAll("(?m)^ +", "");
    }
}
