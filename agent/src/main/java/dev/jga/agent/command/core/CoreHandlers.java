// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.core;

import dev.jga.agent.dispatch.CommandGroup;
import dev.jga.agent.dispatch.CommandPolicy;
import dev.jga.agent.dispatch.Registry;
import dev.jga.protocol.schema.CoreCommand.GuestAgentCommandInfo;
import dev.jga.protocol.schema.CoreCommand.GuestAgentInfo;
import dev.jga.protocol.schema.CoreCommand.Info;
import dev.jga.protocol.schema.CoreCommand.Ping;
import dev.jga.protocol.schema.CoreCommand.Sync;
import dev.jga.protocol.schema.CoreCommand.SyncDelimited;
import dev.jga.protocol.schema.Empty;
import java.util.function.Supplier;

/** Serves the protocol's own commands: sync, ping and guest-info (qga/commands.c). */
public final class CoreHandlers implements CommandGroup {

    private final Supplier<String> version;
    private final CommandPolicy policy;
    private Registry registry;

    /** {@code version} is asked at each guest-info: reading it is a jar lookup, kept off the start. */
    public CoreHandlers(Supplier<String> version, CommandPolicy policy) {
        this.version = version;
        this.policy = policy;
    }

    @Override
    public void bind(Registry registry) {
        this.registry = registry;
        registry.bind(SyncDelimited.class, command -> command.id());
        registry.bind(Sync.class, command -> command.id());
        registry.bind(Ping.class, command -> Empty.VALUE);
        registry.bind(Info.class, this::info);
    }

    /** Lists every registered command, disabled ones included (qmp_guest_info). */
    GuestAgentInfo info(Info command) {
        return new GuestAgentInfo(version.get(), registry.bindings().stream()
                .map(binding -> new GuestAgentCommandInfo(binding.info().name(),
                        policy.allows(binding.info().name()), binding.info().successResponse()))
                .toList());
    }
}
