// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import dev.jga.client.AgentClient;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonWriter;
import java.util.Map;
import java.util.Set;

/**
 * {@code jga ps}: the programs the agent started. No agent has a listing command yet (qemu-ga
 * keeps its exec table private), so this says so instead of pretending.
 */
final class PsSubcommand implements Subcommand {

    /** The command jga's agent is expected to offer for this; asked for by name in guest-info. */
    static final String LIST_COMMAND = "guest-exec-list";

    private static final Arguments.Spec SPEC =
            new Arguments.Spec("ps", Set.of(), Set.of(), Map.of(), false).withTargetOptions();

    @Override
    public String name() {
        return "ps";
    }

    @Override
    public String summary() {
        return "list programs the agent started (when the agent can)";
    }

    @Override
    public Arguments.Spec spec() {
        return SPEC;
    }

    @Override
    public int execute(Arguments args, Console console) {
        refuseOperands(args);
        try (AgentClient client = TargetOptions.connect(args, console, name())) {
            if (!client.supports(LIST_COMMAND)) {
                console.diagnostics().println("jga ps: this agent (" + client.info().version()
                        + ") cannot list the programs it started: it has no " + LIST_COMMAND + " command");
                return ExitStatus.REFUSED;
            }
            console.text().println(JsonWriter.toString(client.callRaw(LIST_COMMAND, JsonObject.EMPTY)));
            return ExitStatus.OK;
        }
    }
}
