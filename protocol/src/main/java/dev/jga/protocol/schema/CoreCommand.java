// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

import java.util.List;

/** The protocol's own commands: liveness, resynchronisation and capability discovery. */
public sealed interface CoreCommand<R> extends Command<R> {

    /**
     * Echoes {@code id} after a 0xFF byte. A client sends 0xFF (which resets the agent's parser),
     * then this command, and discards everything up to the 0xFF in the answer.
     */
    @Qapi(name = "guest-sync-delimited", since = "1.1", delimitedReply = true,
            doc = "Echoes id, preceded by a 0xFF byte, so a client can find its reply in a stream that may hold stale data.")
    record SyncDelimited(long id) implements CoreCommand<Long> {}

    /** Echoes {@code id}; for clients that parse replies line by line (libvirt). */
    @Qapi(name = "guest-sync", since = "0.15.0",
            doc = "Echoes id, so a client can discard stale replies until it sees its own.")
    record Sync(long id) implements CoreCommand<Long> {}

    @Qapi(name = "guest-ping", since = "0.15.0", doc = "Checks that the agent is alive and answering.")
    record Ping() implements CoreCommand<Empty> {}

    @Qapi(name = "guest-info", since = "0.15.0",
            doc = "Reports the agent's version and every command it has, with whether each is enabled.")
    record Info() implements CoreCommand<GuestAgentInfo> {}

    /** One registered command as guest-info lists it. */
    record GuestAgentCommandInfo(String name, boolean enabled, boolean successResponse) {}

    /** guest-info's answer; {@code supported_commands} keeps its historical underscore. */
    record GuestAgentInfo(String version,
            @Wire("supported_commands") List<GuestAgentCommandInfo> supportedCommands) {}
}
