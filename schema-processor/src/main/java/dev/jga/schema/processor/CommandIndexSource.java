// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.schema.processor;

import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * The Java source of {@code CommandIndex}: one {@code CommandInfo} per command and one lambda per
 * command that calls the record's canonical constructor with its member values, cast to the
 * component types, and the schema's {@link SchemaMarks}.
 */
final class CommandIndexSource {

    private final List<CommandRecord> commands;
    private final SchemaMarks marks;
    private final TreeSet<String> imports = new TreeSet<>(List.of("java.util.List", "java.util.Map",
            "java.util.Set", "java.util.function.Function"));

    CommandIndexSource(List<CommandRecord> commands, SchemaMarks marks) {
        this.commands = commands;
        this.marks = marks;
    }

    String render() {
        String infos = commands.stream().map(this::info).collect(Collectors.joining(",\n"));
        String constructors = commands.stream().map(this::constructor).collect(Collectors.joining(",\n"));
        String wireNames = marks.wireNames().entrySet().stream()
                .map(e -> "                Map.entry(" + literal(e.getKey()) + ", " + literal(e.getValue()) + ")")
                .collect(Collectors.joining(",\n"));
        String unsigned = marks.unsigned().stream().map(name -> "                " + literal(name))
                .collect(Collectors.joining(",\n"));
        String alternates = marks.alternates().entrySet().stream()
                .map(e -> "                Map.entry(" + sourceName(e.getKey().asType()) + ".class, " + literal(e.getValue()) + ")")
                .collect(Collectors.joining(",\n"));
        List<TypeElement> records = marks.records();
        StringBuilder readerIndex = new StringBuilder();
        StringBuilder readerCases = new StringBuilder();
        StringBuilder readerMethods = new StringBuilder();
        for (int r = 0; r < records.size(); r++) {
            String name = sourceName(records.get(r).asType());
            readerIndex.append(r == 0 ? "" : ",\n").append("                Map.entry(").append(name).append(".class, ")
                    .append(r).append(')');
            readerCases.append("            case ").append(r).append(" -> read").append(r).append("(record);\n");
            readerMethods.append(reader(r, name, records.get(r)));
        }
        StringBuilder source = new StringBuilder("""
                // SPDX-License-Identifier: GPL-2.0-or-later
                // Generated from the @Qapi records by dev.jga.schema.processor.CommandIndexProcessor.
                package dev.jga.protocol.codec;

                """);
        imports.forEach(name -> source.append("import ").append(name).append(";\n"));
        return source.append("""

                /**
                 * What the command records and the schema's annotations ({@code @Qapi}, {@code @Wire},
                 * {@code @Unsigned}, {@code @Alternate}) say, as code: reading the
                 * annotations at run time spins annotation proxy classes, and building a record through
                 * reflection spins method-handle classes, which JDK 25's AOT cache keeps neither of; both
                 * would run before the agent's first reply (and its first guest-info).
                 */
                final class CommandIndex {

                    private CommandIndex() {}

                    /** Every command, in schema-file order. */
                    static List<CommandInfo> commands() {
                        return List.of(
                """).append(infos).append("""
                );
                    }

                    /** How to build each command's record from its member values, in declaration order. */
                    @SuppressWarnings("unchecked")
                    static Map<Class<?>, Function<Object[], Object>> constructors() {
                        return Map.ofEntries(
                """).append(constructors).append("""
                );
                    }

                    /**
                     * The wire names that {@code @Wire} gives record components of the schema package, by
                     * the record's binary name, a dot and the component's name.
                     */
                    static Map<String, String> wireNames() {
                        return Map.ofEntries(
                """).append(wireNames).append("""
                );
                    }

                    /** The record components of the schema package marked {@code @Unsigned}, named the same way. */
                    static Set<String> unsignedComponents() {
                        return Set.of(
                """).append(unsigned).append("""
                );
                    }

                    /** The interfaces of the schema package marked {@code @Alternate}, with its QAPI type name. */
                    static Map<Class<?>, String> alternates() {
                        return Map.ofEntries(
                """).append(alternates).append("""
                );
                    }

                    /**
                     * Each schema record another package can name, with its index for {@link #components}:
                     * reading a reply's components by reflection costs a call through JNI each.
                     */
                    static Map<Class<?>, Integer> readers() {
                        return Map.ofEntries(
                """).append(readerIndex).append("""
                );
                    }

                    /** The component values of {@code record}, whose type has index {@code reader}, in declaration order. */
                    static Object[] components(int reader, Record record) {
                        return switch (reader) {
                """).append(readerCases).append("""
                            default -> throw new IllegalArgumentException("no reader " + reader);
                        };
                    }
                """).append(readerMethods).append("""

                    private static Map.Entry<Class<?>, Function<Object[], Object>> entry(Class<?> type,
                            Function<Object[], Object> constructor) {
                        return Map.entry(type, constructor);
                    }
                }
                """).toString();
    }

    private String info(CommandRecord command) {
        return "                new CommandInfo(" + sourceName(command.type().asType()) + ".class, "
                + literal(command.name()) + ", " + literal(command.since()) + ",\n"
                + "                        " + literal(command.doc()) + ",\n"
                + "                        " + command.successResponse() + ", " + command.delimitedReply() + ")";
    }

    private String constructor(CommandRecord command) {
        String name = sourceName(command.type().asType());
        List<TypeMirror> components = command.componentTypes();
        String indent = components.size() > 1 ? "\n                        " : "";
        StringBuilder arguments = new StringBuilder();
        for (int c = 0; c < components.size(); c++) {
            arguments.append(c == 0 ? "" : ",").append(indent).append('(').append(sourceName(components.get(c)))
                    .append(") values[").append(c).append(']');
        }
        return "                entry(" + name + ".class, values -> new " + name + "(" + arguments + "))";
    }

    /** One method per record: one switch over them all would grow past what the JIT compiles (HugeMethodLimit). */
    private static String reader(int index, String name, TypeElement record) {
        String values = record.getRecordComponents().stream().map(c -> "value." + c.getSimpleName() + "()")
                .collect(Collectors.joining(", "));
        return "\n    private static Object[] read" + index + "(Record record) {\n"
                + "        " + name + " value = (" + name + ") record;\n"
                + "        return new Object[] {" + values + "};\n"
                + "    }\n";
    }

    /** How the generated source names {@code type}: top-level classes imported, java.lang by simple name. */
    private String sourceName(TypeMirror type) {
        return switch (type) {
            case ArrayType array -> sourceName(array.getComponentType()) + "[]";
            case DeclaredType declared -> declaredName(declared);
            default -> type.toString();
        };
    }

    private String declaredName(DeclaredType declared) {
        TypeElement element = (TypeElement) declared.asElement();
        TypeElement outer = element;
        while (outer.getEnclosingElement().getKind() != ElementKind.PACKAGE) {
            outer = (TypeElement) outer.getEnclosingElement();
        }
        String packageName = packageOf(outer).getQualifiedName().toString();
        if (!packageName.equals("java.lang")) {
            imports.add(outer.getQualifiedName().toString());
        }
        String name = element.getQualifiedName().toString().substring(packageName.length() + 1);
        if (declared.getTypeArguments().isEmpty()) {
            return name;
        }
        return name + declared.getTypeArguments().stream().map(this::sourceName)
                .collect(Collectors.joining(", ", "<", ">"));
    }

    private static PackageElement packageOf(Element element) {
        return (PackageElement) element.getEnclosingElement();
    }

    /** {@code text} as a Java string literal, ASCII only. */
    static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
