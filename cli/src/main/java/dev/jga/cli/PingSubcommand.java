// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import dev.jga.client.AgentClient;
import java.util.Map;
import java.util.Set;

/** {@code jga ping}: is the agent there and answering? */
final class PingSubcommand implements Subcommand {

    private static final Arguments.Spec SPEC =
            new Arguments.Spec("ping", Set.of(), Set.of(), Map.of(), false).withTargetOptions();

    @Override
    public String name() {
        return "ping";
    }

    @Override
    public String summary() {
        return "check that the agent answers";
    }

    @Override
    public Arguments.Spec spec() {
        return SPEC;
    }

    @Override
    public int execute(Arguments args, Console console) {
        refuseOperands(args);
        try (AgentClient client = TargetOptions.connect(args, console, name())) {
            long start = System.nanoTime();
            client.ping();
            double millis = (System.nanoTime() - start) / 1e6;
            console.text().printf("%s: the agent answered in %.1f ms%n", client.describe(), millis);
            return ExitStatus.OK;
        }
    }
}
