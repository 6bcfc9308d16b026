// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code getopt_long(3)} as glibc implements it, because qemu-ga's command line is whatever glibc
 * accepts: short options cluster ({@code -vD}), a required argument is attached or the next word
 * ({@code -pX}, {@code -p X}, {@code --path=X}, {@code --path X}), an optional argument only ever
 * attached ({@code -F/x}, {@code --fsfreeze-hook=/x}), long options may be abbreviated to any
 * unambiguous prefix ({@code --pa=X}), non-options are permuted to the end and {@code --} ends the
 * options. Error texts are glibc's (posix/getopt.c), minus the program-name prefix.
 *
 * <p>Pure: nothing is printed; the first error ends the parse, as qemu-ga exits on the first
 * {@code '?'}.
 */
public final class Getopt {

    /** Whether an option takes an argument ({@code has_arg}: no_argument, required_argument, optional_argument). */
    public enum Argument { NONE, REQUIRED, OPTIONAL }

    /** One {@code struct option}: a long name and the short option it stands for. */
    public record LongOption(String name, Argument argument, char shortName) {}

    /** An option as recognised, with its argument if it has one. */
    public record Option(char name, Optional<String> argument) {

        /** The argument of an option that requires one. */
        public String value() {
            return argument.orElseThrow();
        }
    }

    /**
     * The options in command-line order, then the non-option words; {@code error} is glibc's
     * message for the word at which parsing stopped (the options before it are still listed,
     * since qemu-ga acts on them one by one: {@code -V -x} prints the version).
     */
    public record Parsed(List<Option> options, List<String> operands, Optional<String> error) {}

    private final String shortSpec;
    private final List<LongOption> longOptions;

    /**
     * @param shortSpec getopt's optstring: a letter per option, {@code :} after one that requires
     *     an argument, {@code ::} after one whose argument is optional
     */
    public Getopt(String shortSpec, List<LongOption> longOptions) {
        this.shortSpec = shortSpec;
        this.longOptions = List.copyOf(longOptions);
    }

    public Parsed parse(List<String> args) {
        List<Option> options = new ArrayList<>();
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (word.equals("--")) {
                operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!word.startsWith("-") || word.equals("-")) {
                operands.add(word);
                continue;
            }
            Cursor cursor = new Cursor(args, i);
            Optional<String> error = word.startsWith("--")
                    ? longOption(word.substring(2), cursor, options)
                    : shortCluster(word.substring(1), cursor, options);
            if (error.isPresent()) {
                return new Parsed(options, operands, error);
            }
            i = cursor.index;
        }
        return new Parsed(options, operands, Optional.empty());
    }

    /** The position in argv; a required argument in the next word moves it on. */
    private static final class Cursor {
        final List<String> args;
        int index;

        Cursor(List<String> args, int index) {
            this.args = args;
            this.index = index;
        }

        Optional<String> next() {
            if (index + 1 >= args.size()) {
                return Optional.empty();
            }
            index++;
            return Optional.of(args.get(index));
        }
    }

    private Optional<String> shortCluster(String cluster, Cursor cursor, List<Option> options) {
        for (int at = 0; at < cluster.length(); at++) {
            char name = cluster.charAt(at);
            int spec = name == ':' ? -1 : shortSpec.indexOf(name);
            if (spec < 0) {
                return Optional.of("invalid option -- '" + name + "'");
            }
            Argument argument = argumentOf(spec);
            String rest = cluster.substring(at + 1);
            switch (argument) {
                case NONE -> options.add(new Option(name, Optional.empty()));
                case OPTIONAL -> {
                    options.add(new Option(name, rest.isEmpty() ? Optional.empty() : Optional.of(rest)));
                    return Optional.empty();
                }
                case REQUIRED -> {
                    Optional<String> value = rest.isEmpty() ? cursor.next() : Optional.of(rest);
                    if (value.isEmpty()) {
                        return Optional.of("option requires an argument -- '" + name + "'");
                    }
                    options.add(new Option(name, value));
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private Argument argumentOf(int specIndex) {
        boolean colon = specIndex + 1 < shortSpec.length() && shortSpec.charAt(specIndex + 1) == ':';
        boolean twoColons = colon && specIndex + 2 < shortSpec.length() && shortSpec.charAt(specIndex + 2) == ':';
        return twoColons ? Argument.OPTIONAL : colon ? Argument.REQUIRED : Argument.NONE;
    }

    private Optional<String> longOption(String text, Cursor cursor, List<Option> options) {
        int equals = text.indexOf('=');
        String name = equals < 0 ? text : text.substring(0, equals);
        Optional<String> attached = equals < 0 ? Optional.empty() : Optional.of(text.substring(equals + 1));
        List<LongOption> matches = match(name);
        if (matches.isEmpty()) {
            return Optional.of("unrecognized option '--" + text + "'");
        }
        if (matches.size() > 1) {
            StringBuilder message = new StringBuilder("option '--" + text + "' is ambiguous; possibilities:");
            matches.forEach(option -> message.append(" '--").append(option.name()).append('\''));
            return Optional.of(message.toString());
        }
        LongOption found = matches.getFirst();
        if (attached.isPresent() && found.argument() == Argument.NONE) {
            return Optional.of("option '--" + found.name() + "' doesn't allow an argument");
        }
        Optional<String> value = attached;
        if (value.isEmpty() && found.argument() == Argument.REQUIRED) {
            value = cursor.next();
            if (value.isEmpty()) {
                return Optional.of("option '--" + found.name() + "' requires an argument");
            }
        }
        options.add(new Option(found.shortName(), value));
        return Optional.empty();
    }

    /**
     * The exact match, else every option {@code name} abbreviates. Abbreviations of options that
     * behave identically (same argument kind and letter) are not ambiguous: glibc takes the first.
     * When they differ, glibc lists the first match and each one that differs from it.
     */
    private List<LongOption> match(String name) {
        List<LongOption> prefixed = new ArrayList<>();
        for (LongOption option : longOptions) {
            if (option.name().equals(name)) {
                return List.of(option);
            }
            if (option.name().startsWith(name)) {
                prefixed.add(option);
            }
        }
        if (prefixed.isEmpty()) {
            return prefixed;
        }
        LongOption first = prefixed.getFirst();
        List<LongOption> differing = new ArrayList<>(List.of(first));
        prefixed.stream()
                .filter(option -> option.argument() != first.argument() || option.shortName() != first.shortName())
                .forEach(differing::add);
        return differing;
    }
}
