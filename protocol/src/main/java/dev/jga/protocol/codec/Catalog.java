// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import dev.jga.protocol.schema.Command;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schema as data: every command record reachable from the sealed {@link Command} root.
 * Nothing else lists commands, so a record added to a domain file is known everywhere at once.
 * The records' {@code @Qapi} annotations are read through {@link CommandIndex}, which the schema
 * processor generates from them at compile time: reading them by reflection at start would spin
 * annotation proxy classes before the agent's first reply.
 */
public final class Catalog {

    private static final Catalog SCHEMA = new Catalog(CommandIndex.commands());

    private final Map<String, CommandInfo> byName;
    private final Map<Class<?>, CommandInfo> byType;

    private Catalog(List<CommandInfo> commands) {
        Map<String, CommandInfo> names = new LinkedHashMap<>();
        Map<Class<?>, CommandInfo> types = new LinkedHashMap<>();
        for (CommandInfo info : commands) {
            if (names.put(info.name(), info) != null) {
                throw new IllegalStateException("two records declare " + info.name());
            }
            types.put(info.type(), info);
        }
        this.byName = Collections.unmodifiableMap(names);
        this.byType = Collections.unmodifiableMap(types);
    }

    /** The whole schema. */
    public static Catalog schema() {
        return SCHEMA;
    }

    /** Every command, in schema-file order. */
    public List<CommandInfo> commands() {
        return List.copyOf(byName.values());
    }

    public Optional<CommandInfo> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public CommandInfo of(Class<?> commandType) {
        CommandInfo info = byType.get(commandType);
        if (info == null) {
            throw new IllegalArgumentException(commandType + " is not a command record");
        }
        return info;
    }
}
