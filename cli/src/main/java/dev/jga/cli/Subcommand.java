// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import java.util.List;

/**
 * One verb of {@code jga}: its options, its work and its exit status. Every verb answers
 * {@code --help} with its manual page the same way, so that part lives here once.
 */
interface Subcommand {

    /** The name typed after {@code jga}. */
    String name();

    /** One line for {@code jga --help}. */
    String summary();

    /** The options this verb accepts. */
    Arguments.Spec spec();

    /**
     * Does the verb's work once its arguments parsed and no {@code --help} was asked for.
     *
     * @throws UsageException for a wrong command line
     */
    int execute(Arguments args, Console console);

    /**
     * Runs with the arguments after the verb: the manual page for {@code --help}, else the work.
     *
     * @throws UsageException for a wrong command line
     */
    default int run(List<String> argv, Console console) {
        Arguments args = Arguments.parse(argv, spec());
        if (args.has("help")) {
            console.text().print(Help.page(name()));
            return ExitStatus.OK;
        }
        return execute(args, console);
    }

    /** For verbs that take no operands: says so if some were given. */
    default void refuseOperands(Arguments args) {
        if (!args.positionals().isEmpty()) {
            throw new UsageException(name(), name() + " takes no arguments");
        }
    }
}
