// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import dev.jga.protocol.schema.Command;
import dev.jga.protocol.schema.Qapi;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schema as data: every command record reachable from the sealed {@link Command} root.
 * Nothing else lists commands, so a record added to a domain file is known everywhere at once.
 */
public final class Catalog {

    private static final Catalog SCHEMA = new Catalog(scan());

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

    private static List<CommandInfo> scan() {
        List<CommandInfo> found = new ArrayList<>();
        collect(Command.class, found);
        return found;
    }

    private static void collect(Class<?> type, List<CommandInfo> found) {
        if (type.isRecord()) {
            found.add(describe(type));
            return;
        }
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted != null) {
            Arrays.stream(permitted).forEach(sub -> collect(sub, found));
        }
    }

    @SuppressWarnings("unchecked")
    private static CommandInfo describe(Class<?> record) {
        Qapi qapi = record.getAnnotation(Qapi.class);
        if (qapi == null) {
            throw new IllegalStateException(record + " implements Command but has no @Qapi");
        }
        List<Member> members = Arrays.stream(record.getRecordComponents()).map(Member::of).toList();
        return new CommandInfo((Class<? extends Command<?>>) record, qapi.name(), qapi.since(), qapi.doc(),
                qapi.successResponse(), qapi.delimitedReply(), members, resultType(record));
    }

    private static Type resultType(Class<?> record) {
        for (Type implemented : record.getGenericInterfaces()) {
            if (implemented instanceof ParameterizedType p
                    && p.getRawType() instanceof Class<?> raw
                    && Command.class.isAssignableFrom(raw)) {
                return p.getActualTypeArguments()[0];
            }
        }
        throw new IllegalStateException(record + " does not name its result type");
    }
}
