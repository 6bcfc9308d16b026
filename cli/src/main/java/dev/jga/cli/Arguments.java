// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A small getopt_long: {@code --name value}, {@code --name=value}, {@code -x value}, flags,
 * repeatable options, and {@code --} to end options. Option parsing also ends at the first
 * positional argument when {@link Spec#stopAtPositional} is set, so {@code jga exec ls -l} passes
 * {@code -l} to ls, as ssh and env do.
 */
final class Arguments {

    /**
     * What a subcommand accepts.
     *
     * @param valued long names (without dashes) of options that take a value
     * @param flags long names of options that take none
     * @param shortNames single letters mapped to long names
     */
    record Spec(String subcommand, Set<String> valued, Set<String> flags, Map<Character, String> shortNames,
            boolean stopAtPositional) {

        /**
         * Adds the agent options every subcommand takes. A subcommand's own short name wins over
         * an agent option's: {@code jga kill -s KILL} is kill(1)'s {@code -s SIGNAL}, and the
         * socket is then given as {@code --socket} (agent options before the subcommand reach it
         * in their long form, see {@code Cli}).
         */
        Spec withTargetOptions() {
            Set<String> allValued = new java.util.HashSet<>(valued);
            allValued.addAll(TargetOptions.VALUED);
            Map<Character, String> allShort = new java.util.HashMap<>(shortNames);
            TargetOptions.SHORT.forEach(allShort::putIfAbsent);
            Set<String> allFlags = new java.util.HashSet<>(flags);
            allFlags.add("help");
            allShort.put('h', "help");
            return new Spec(subcommand, allValued, allFlags, allShort, stopAtPositional);
        }
    }

    private final Map<String, List<String>> options;
    private final List<String> positionals;

    private Arguments(Map<String, List<String>> options, List<String> positionals) {
        this.options = options;
        this.positionals = positionals;
    }

    static Arguments parse(List<String> args, Spec spec) {
        Map<String, List<String>> options = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (arg.startsWith("-") && arg.length() > 1 && !(spec.stopAtPositional() && !positionals.isEmpty())) {
                String name;
                Optional<String> inline = Optional.empty();
                if (arg.startsWith("--")) {
                    int eq = arg.indexOf('=');
                    name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                    inline = eq < 0 ? Optional.empty() : Optional.of(arg.substring(eq + 1));
                } else {
                    String mapped = spec.shortNames().get(arg.charAt(1));
                    if (mapped == null) {
                        throw unknown(spec, arg);
                    }
                    name = mapped;
                    inline = arg.length() > 2 ? Optional.of(arg.substring(2)) : Optional.empty();
                }
                if (spec.flags().contains(name)) {
                    if (inline.isPresent()) {
                        throw new UsageException(spec.subcommand(), "option --" + name + " takes no value");
                    }
                    options.computeIfAbsent(name, k -> new ArrayList<>()).add("");
                } else if (spec.valued().contains(name)) {
                    String value;
                    if (inline.isPresent()) {
                        value = inline.get();
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new UsageException(spec.subcommand(), "option --" + name + " needs a value");
                    }
                    options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else {
                    throw unknown(spec, arg);
                }
                continue;
            }
            if (spec.stopAtPositional() && positionals.isEmpty()) {
                positionals.addAll(args.subList(i, args.size()));
                break;
            }
            positionals.add(arg);
        }
        return new Arguments(options, positionals);
    }

    private static UsageException unknown(Spec spec, String arg) {
        return new UsageException(spec.subcommand(), "unknown option " + arg);
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    Optional<String> value(String name) {
        List<String> values = options.get(name);
        return values == null ? Optional.empty() : Optional.of(values.getLast());
    }

    List<String> values(String name) {
        return options.getOrDefault(name, List.of());
    }

    List<String> positionals() {
        return positionals;
    }
}
