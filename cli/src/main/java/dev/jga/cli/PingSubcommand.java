// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import dev.jga.client.AgentClient;
import java.util.List;
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
    public int run(List<String> argv, Console console) {
        Arguments args = Arguments.parse(argv, SPEC);
        if (args.has("help")) {
            console.text().print(Help.page(name()));
            return ExitStatus.OK;
        }
        if (!args.positionals().isEmpty()) {
            throw new UsageException(name(), "ping takes no arguments");
        }
        try (AgentClient client = TargetOptions.connect(args, console, name())) {
            long start = System.nanoTime();
            client.ping();
            double millis = (System.nanoTime() - start) / 1e6;
            console.text().printf("%s: the agent answered in %.1f ms%n", client.describe(), millis);
            return ExitStatus.OK;
        }
    }
}
