// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import dev.jga.client.AgentClient;
import dev.jga.client.Target;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The options every subcommand takes to choose the agent: {@code --socket PATH},
 * {@code --libvirt DOMAIN} (with {@code --connect URI}), {@code --target T}, or
 * {@code JGA_TARGET} from the environment; and {@code --agent-timeout S} for each call.
 */
final class TargetOptions {

    static final Set<String> VALUED = Set.of("socket", "libvirt", "connect", "target", "agent-timeout");
    static final Map<Character, String> SHORT = Map.of('s', "socket", 'l', "libvirt", 'c', "connect", 'T', "target");

    private TargetOptions() {}

    static Target target(Arguments args, Map<String, String> environment, String subcommand) {
        int given = (args.has("socket") ? 1 : 0) + (args.has("libvirt") ? 1 : 0) + (args.has("target") ? 1 : 0);
        if (given > 1) {
            throw new UsageException(subcommand, "give only one of --socket, --libvirt and --target");
        }
        try {
            if (args.has("socket")) {
                return new Target.Unix(Path.of(args.value("socket").orElseThrow()));
            }
            if (args.has("libvirt")) {
                return new Target.Libvirt(args.value("libvirt").orElseThrow(), args.value("connect"));
            }
            if (args.has("target")) {
                return Target.parse(args.value("target").orElseThrow());
            }
            Optional<Target> fromEnvironment = Target.fromEnvironment(environment);
            return fromEnvironment.orElseThrow(() -> new UsageException(subcommand,
                    "no agent given: use --socket PATH or --libvirt DOMAIN, or set JGA_TARGET (e.g. unix:/run/vm.qga)"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(subcommand, e.getMessage());
        }
    }

    /** Connects to the agent the options (or JGA_TARGET) name. */
    static AgentClient connect(Arguments args, Console console, String subcommand) {
        return AgentClient.connect(target(args, console.environment(), subcommand), options(args, subcommand));
    }

    static AgentClient.Options options(Arguments args, String subcommand) {
        AgentClient.Options defaults = AgentClient.Options.DEFAULT;
        return args.value("agent-timeout")
                .map(text -> new AgentClient.Options(defaults.connectTimeout(), seconds(text, "agent-timeout", subcommand)))
                .orElse(defaults);
    }

    /** A positive number of seconds, fractions allowed ({@code 0.5}). */
    static Duration seconds(String text, String option, String subcommand) {
        try {
            double seconds = Double.parseDouble(text);
            if (seconds > 0 && seconds < 1e9) {
                return Duration.ofNanos((long) (seconds * 1e9));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(subcommand, "--" + option + " needs a positive number of seconds, not '" + text + "'");
    }
}
