// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import dev.jga.client.AgentClient;
import java.util.Set;

/** {@code jga ping}: is the agent there and answering? */
final class PingSubcommand extends QuerySubcommand {

    PingSubcommand() {
        super("ping", "check that the agent answers", Set.of());
    }

    @Override
    int ask(AgentClient client, Arguments args, Console console) {
        long start = System.nanoTime();
        client.ping();
        double millis = (System.nanoTime() - start) / 1e6;
        console.text().printf("%s: the agent answered in %.1f ms%n", client.describe(), millis);
        return ExitStatus.OK;
    }
}
