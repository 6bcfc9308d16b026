// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import dev.jga.client.AgentClient;
import java.util.Map;
import java.util.Set;

/**
 * A verb that takes no operands and asks the agent something on one connection ({@code ping},
 * {@code info}, {@code ps}): refusing operands, connecting and closing are done here once, and a
 * verb says only what it asks and prints.
 */
abstract class QuerySubcommand implements Subcommand {

    private final String name;
    private final String summary;
    private final Arguments.Spec spec;

    /** {@code flags}: the verb's own options, none of which takes a value. */
    QuerySubcommand(String name, String summary, Set<String> flags) {
        this.name = name;
        this.summary = summary;
        this.spec = new Arguments.Spec(name, Set.of(), flags, Map.of(), false).withTargetOptions();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String summary() {
        return summary;
    }

    @Override
    public final Arguments.Spec spec() {
        return spec;
    }

    @Override
    public final int execute(Arguments args, Console console) {
        refuseOperands(args);
        try (AgentClient client = TargetOptions.connect(args, console, name)) {
            return ask(client, args, console);
        }
    }

    /** Asks the connected agent and prints the answer; returns the exit status. */
    abstract int ask(AgentClient client, Arguments args, Console console);
}
