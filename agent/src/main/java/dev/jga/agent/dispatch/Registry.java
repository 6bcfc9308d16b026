// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.dispatch;

import dev.jga.protocol.codec.Catalog;
import dev.jga.protocol.codec.CommandInfo;
import dev.jga.protocol.schema.Command;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commands this agent serves: each schema command with a bound handler. A command without a
 * binding does not exist for the host (CommandNotFound), which is how platform gaps show.
 */
public final class Registry {

    /** A command and the handler serving it. */
    public record Binding(CommandInfo info, Handler<?, ?> handler) {}

    private final Map<String, Binding> bindings = Collections.synchronizedMap(new LinkedHashMap<>());

    public <C extends Command<R>, R> void bind(Class<C> type, Handler<C, R> handler) {
        CommandInfo info = Catalog.schema().of(type);
        if (bindings.putIfAbsent(info.name(), new Binding(info, handler)) != null) {
            throw new IllegalStateException(info.name() + " is bound twice");
        }
    }

    public Optional<Binding> lookup(String name) {
        return Optional.ofNullable(bindings.get(name));
    }

    /** Every bound command, in binding order. */
    public List<Binding> bindings() {
        synchronized (bindings) {
            return new ArrayList<>(bindings.values());
        }
    }
}
