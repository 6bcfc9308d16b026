// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import java.util.List;

/** One verb of {@code jga}: parses its own arguments, does its work, returns the exit status. */
interface Subcommand {

    /** The name typed after {@code jga}. */
    String name();

    /** One line for {@code jga --help}. */
    String summary();

    /**
     * Runs with the arguments after the verb.
     *
     * @throws UsageException for a wrong command line
     */
    int run(List<String> args, Console console);
}
