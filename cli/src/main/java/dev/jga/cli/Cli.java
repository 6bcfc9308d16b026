// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import dev.jga.client.AgentClientException;
import dev.jga.client.AgentException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code jga}: finds the subcommand, runs it, and turns every failure into one line on stderr
 * that says what to do, with a documented exit status ({@link ExitStatus}).
 */
final class Cli {

    private final Console console;
    private final Map<String, Subcommand> subcommands = new LinkedHashMap<>();

    Cli(Console console) {
        this.console = console;
        for (Subcommand subcommand : List.of(new ExecSubcommand(), new CopySubcommand(), new PingSubcommand(),
                new InfoSubcommand(), new CallSubcommand(), new PsSubcommand(), new KillSubcommand())) {
            subcommands.put(subcommand.name(), subcommand);
        }
    }

    int run(String[] argv) {
        PrintStream err = console.diagnostics();
        List<String> args = Arrays.asList(argv);
        if (args.isEmpty() || args.getFirst().equals("--help") || args.getFirst().equals("-h")) {
            console.text().print(Help.page("jga"));
            return args.isEmpty() ? ExitStatus.FAILURE : ExitStatus.OK;
        }
        List<String> leading = new java.util.ArrayList<>();
        int verbAt = leadingAgentOptions(args, leading);
        if (verbAt < 0) {
            err.println("jga: " + leading.getLast() + " (see 'jga --help')");
            return ExitStatus.FAILURE;
        }
        if (verbAt == args.size()) {
            err.println("jga: give a subcommand after the agent options (see 'jga --help')");
            return ExitStatus.FAILURE;
        }
        String verb = args.get(verbAt);
        if (verb.equals("help")) {
            return help(args.subList(verbAt + 1, args.size()));
        }
        Subcommand subcommand = subcommands.get(verb);
        if (subcommand == null) {
            err.println("jga: unknown subcommand '" + verb + "'; the subcommands are "
                    + String.join(", ", subcommands.keySet()) + " (see 'jga --help')");
            return ExitStatus.FAILURE;
        }
        List<String> rest = new java.util.ArrayList<>(leading);
        rest.addAll(args.subList(verbAt + 1, args.size()));
        try {
            return subcommand.run(rest, console);
        } catch (UsageException e) {
            String where = e.subcommand().isEmpty() ? "jga --help" : "jga " + e.subcommand() + " --help";
            err.println("jga " + verb + ": " + e.getMessage() + " (see '" + where + "')");
            return ExitStatus.FAILURE;
        } catch (AgentException e) {
            err.println("jga " + verb + ": the agent refused " + e.getMessage());
            return ExitStatus.REFUSED;
        } catch (AgentClientException e) {
            err.println("jga " + verb + ": " + e.getMessage());
            return ExitStatus.FAILURE;
        } catch (UncheckedIOException e) {
            err.println("jga " + verb + ": " + e.getMessage() + ": " + e.getCause().getMessage());
            return ExitStatus.FAILURE;
        }
    }

    /**
     * Moves agent options given before the subcommand ({@code jga --socket S exec …}) into
     * {@code leading}, in their long form (a subcommand may give a short name a meaning of its
     * own: {@code jga -s S kill -s KILL 1}); returns where the subcommand is, or -1 (with the
     * problem as the last element of {@code leading}) for an option that is not an agent option.
     */
    private static int leadingAgentOptions(List<String> args, List<String> leading) {
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-")) {
            String arg = args.get(i);
            String name = arg.startsWith("--") ? arg.substring(2).split("=", 2)[0]
                    : arg.length() == 2 ? TargetOptions.SHORT.getOrDefault(arg.charAt(1), "") : "";
            if (!TargetOptions.VALUED.contains(name)) {
                leading.add("unknown option " + arg + " before the subcommand");
                return -1;
            }
            leading.add(arg.startsWith("--") ? arg : "--" + name);
            if (!arg.contains("=") && i + 1 < args.size()) {
                leading.add(args.get(++i));
            }
            i++;
        }
        return i;
    }

    private int help(List<String> topic) {
        if (topic.isEmpty()) {
            console.text().print(Help.page("jga"));
            return ExitStatus.OK;
        }
        if (!subcommands.containsKey(topic.getFirst())) {
            console.diagnostics().println("jga help: no subcommand '" + topic.getFirst() + "' (see 'jga --help')");
            return ExitStatus.FAILURE;
        }
        console.text().print(Help.page(topic.getFirst()));
        return ExitStatus.OK;
    }
}
