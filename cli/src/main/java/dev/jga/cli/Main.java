// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

/** Entry point of {@code bin/jga}. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        int status = new Cli(Console.system()).run(args);
        System.exit(status);
    }
}
