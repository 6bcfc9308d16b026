// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

/** The command line is wrong; the message says how, the subcommand says where to read more. */
final class UsageException extends RuntimeException {

    private final String subcommand;

    UsageException(String subcommand, String message) {
        super(message, null, false, false);
        this.subcommand = subcommand;
    }

    /** The subcommand whose --help explains the right usage, or "" for jga's own. */
    String subcommand() {
        return subcommand;
    }
}
