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
import java.util.function.Supplier;

/**
 * The commands this agent serves: each schema command with a bound handler. A command without a
 * binding does not exist for the host (CommandNotFound), which is how platform gaps show.
 */
public final class Registry {

    /** A command and the handler serving it. */
    public record Binding(CommandInfo info, Handler<?, ?> handler) {}

    private final Map<String, Binding> bindings = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Groups whose availability is decided when first needed; guarded by {@code this}. */
    private final List<Supplier<? extends Optional<? extends CommandGroup>>> deferred = new ArrayList<>();

    public <C extends Command<R>, R> void bind(Class<C> type, Handler<C, R> handler) {
        CommandInfo info = Catalog.schema().of(type);
        if (bindings.putIfAbsent(info.name(), new Binding(info, handler)) != null) {
            throw new IllegalStateException(info.name() + " is bound twice");
        }
    }

    /**
     * Binds the group {@code group} supplies (if any) once it is first needed: at the lookup of a
     * command not bound yet, or when the bindings are listed. For a capability whose check is
     * costly at start (guest-exec's probes libc through FFM): a guest-sync is then answered
     * without it. Bind deferred groups last, as they end up after the others in guest-info.
     */
    public synchronized void bindWhenNeeded(Supplier<? extends Optional<? extends CommandGroup>> group) {
        deferred.add(group);
    }

    public Optional<Binding> lookup(String name) {
        Binding binding = bindings.get(name);
        if (binding == null) {
            bindDeferred(); // returns once another thread's binding of them, if any, is done
            binding = bindings.get(name);
        }
        return Optional.ofNullable(binding);
    }

    /** Every bound command, in binding order. */
    public List<Binding> bindings() {
        bindDeferred();
        synchronized (bindings) {
            return new ArrayList<>(bindings.values());
        }
    }

    /** Binds what the deferred groups supply. */
    private synchronized void bindDeferred() {
        List<Supplier<? extends Optional<? extends CommandGroup>>> groups = List.copyOf(deferred);
        deferred.clear();
        groups.forEach(group -> group.get().ifPresent(found -> found.bind(this)));
    }
}
