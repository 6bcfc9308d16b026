// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import dev.jga.protocol.schema.Alternate;
import dev.jga.protocol.schema.Empty;
import dev.jga.protocol.schema.WireEnum;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders docs/commands.md from the schema, the way qemu's build renders qemu-ga-ref from
 * qapi-schema.json. The protocol module's build runs {@link #main} after compiling, so the
 * committed file is rewritten whenever a record changes; {@code CommandReferenceTest} fails if it
 * was committed stale.
 */
public final class CommandReference {

    private final Set<Class<?>> types = new LinkedHashSet<>();

    private CommandReference() {}

    /**
     * Writes the reference to the file named by {@code args[0]}, and only when its text changed, so
     * that a build with nothing new leaves the file untouched.
     */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args[0]);
        String rendered = render(Catalog.schema());
        if (!Files.exists(target) || !Files.readString(target, StandardCharsets.UTF_8).equals(rendered)) {
            Files.writeString(target, rendered, StandardCharsets.UTF_8);
        }
    }

    /** The whole reference as Markdown. */
    public static String render(Catalog catalog) {
        return new CommandReference().document(catalog);
    }

    /**
     * The anchor a Markdown renderer derives from a heading: GitHub's lower-cases it and drops
     * every character but letters, digits, {@code -} and {@code _}, so the dot of a
     * {@code __dev.jga_} name is not part of the link.
     */
    static String headingAnchor(String heading) {
        StringBuilder anchor = new StringBuilder(heading.length());
        for (char c : heading.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                anchor.append(c);
            } else if (c == ' ') {
                anchor.append('-');
            }
        }
        return anchor.toString();
    }

    private String document(Catalog catalog) {
        StringBuilder md = new StringBuilder();
        md.append("# Command reference\n\n")
                .append("Generated from the schema records in `protocol/src/main/java/dev/jga/protocol/schema/` ")
                .append("by `CommandReference` when the protocol module builds (`mvn -pl protocol -am process-classes` ")
                .append("rewrites it); do not edit by hand. Types follow QAPI: `int` is a signed 64-bit integer, `*` marks an ")
                .append("optional member, `[T]` a list. Which commands a running agent offers, and whether each is ")
                .append("enabled, is what `guest-info` reports.\n\n");
        md.append("| command | since | arguments | returns |\n|---|---|---|---|\n");
        for (CommandInfo command : catalog.commands()) {
            md.append("| [`").append(command.name()).append("`](#").append(headingAnchor(command.name())).append(") | ")
                    .append(command.since()).append(" | ")
                    .append(command.arguments().stream().map(this::member).collect(Collectors.joining(", ")))
                    .append(" | ").append(returns(command)).append(" |\n");
        }
        for (CommandInfo command : catalog.commands()) {
            md.append("\n## ").append(command.name()).append("\n\n").append(command.doc()).append("\n\n");
            md.append("- Since: ").append(command.since()).append('\n');
            md.append("- Arguments: ").append(command.arguments().isEmpty() ? "none"
                    : command.arguments().stream().map(m -> "`" + member(m) + "`").collect(Collectors.joining(", ")))
                    .append('\n');
            md.append("- Returns: ").append(returns(command)).append('\n');
            if (!command.successResponse()) {
                md.append("- No reply on success (`success-response: false`); errors are still reported.\n");
            }
            if (command.delimitedReply()) {
                md.append("- A successful reply is preceded by the byte 0xFF.\n");
            }
        }
        appendTypes(md);
        return md.toString();
    }

    private String returns(CommandInfo command) {
        Type result = command.resultType();
        return result == Empty.class ? "`{}`" : "`" + typeName(result) + "`";
    }

    private String member(Member member) {
        return (member.optional() ? "*" : "") + member.wireName() + ": "
                + (member.unsigned() ? "uint64" : typeName(member.type()));
    }

    private String typeName(Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return "[" + typeName(p.getActualTypeArguments()[0]) + "]";
        }
        Class<?> c = (Class<?>) type;
        if (c == long.class || c == Long.class) {
            return "int";
        }
        if (c == double.class || c == Double.class) {
            return "number";
        }
        if (c == boolean.class || c == Boolean.class) {
            return "bool";
        }
        if (c == String.class) {
            return "str";
        }
        if (c == byte[].class) {
            return "str (base64)";
        }
        if (c.isRecord() || c.isEnum() || c.isAnnotationPresent(Alternate.class)) {
            types.add(c);
            return qapiName(c);
        }
        return "any";
    }

    private static String qapiName(Class<?> c) {
        Alternate alternate = c.getAnnotation(Alternate.class);
        return alternate != null ? alternate.value() : c.getSimpleName();
    }

    private void appendTypes(StringBuilder md) {
        if (types.isEmpty()) {
            return;
        }
        md.append("\n## Types\n");
        List<Class<?>> done = new ArrayList<>();
        while (done.size() < types.size()) {
            Class<?> type = new ArrayList<>(types).get(done.size());
            done.add(type);
            md.append("\n### ").append(qapiName(type)).append("\n\n").append(typeBody(type)).append('\n');
        }
    }

    private String typeBody(Class<?> type) {
        if (type.isEnum()) {
            return "Enum: " + Arrays.stream(type.getEnumConstants())
                    .map(constant -> "`" + ((WireEnum) constant).wireName() + "`").collect(Collectors.joining(", "));
        }
        if (type.isAnnotationPresent(Alternate.class)) {
            return "Alternate, one of: " + Arrays.stream(type.getPermittedSubclasses())
                    .map(branch -> "`" + typeName(branch.getRecordComponents()[0].getGenericType()) + "`")
                    .collect(Collectors.joining(", "));
        }
        return "Object: " + Arrays.stream(type.getRecordComponents()).map(Member::of)
                .map(m -> "`" + member(m) + "`").collect(Collectors.joining(", "));
    }

}
