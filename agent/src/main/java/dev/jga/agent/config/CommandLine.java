// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.config;

import dev.jga.agent.config.Getopt.Argument;
import dev.jga.agent.config.Getopt.LongOption;
import dev.jga.agent.config.Getopt.Option;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * qemu-ga's command line (qga/main.c config_parse, current upstream): parsed twice, first to
 * find {@code -c}, whose keyfile is loaded, then again to apply every option over it. The last
 * value of a scalar wins; {@code -b}/{@code -a} lists accumulate. {@code -h}, {@code -V} and
 * {@code -b help} act where they stand, so {@code -V -x} prints the version and {@code -x -V}
 * is an error. The Windows-only {@code -s/--service} is not accepted.
 */
public final class CommandLine {

    /** The getopt code of --exec-output-grace (no short option). */
    static final char EXEC_OUTPUT_GRACE = '\u0100';
    /** The getopt code of --exec-retention. */
    static final char EXEC_RETENTION = '\u0101';
    /** The getopt code of --exec-allow. */
    static final char EXEC_ALLOW = '\u0102';

    /** qemu-ga's optstring, without the Windows-only {@code s:}. */
    static final String SHORT_OPTIONS = "hVvdc:m:p:l:f:F::b:a:t:Dr";
    /** qemu-ga's long options, in its table order (which decides glibc's ambiguity messages). */
    static final List<LongOption> LONG_OPTIONS = List.of(
            new LongOption("help", Argument.NONE, 'h'),
            new LongOption("version", Argument.NONE, 'V'),
            new LongOption("config", Argument.REQUIRED, 'c'),
            new LongOption("dump-conf", Argument.NONE, 'D'),
            new LongOption("logfile", Argument.REQUIRED, 'l'),
            new LongOption("pidfile", Argument.REQUIRED, 'f'),
            new LongOption("fsfreeze-hook", Argument.OPTIONAL, 'F'),
            new LongOption("verbose", Argument.NONE, 'v'),
            new LongOption("method", Argument.REQUIRED, 'm'),
            new LongOption("path", Argument.REQUIRED, 'p'),
            new LongOption("daemonize", Argument.NONE, 'd'),
            new LongOption("block-rpcs", Argument.REQUIRED, 'b'),
            new LongOption("allow-rpcs", Argument.REQUIRED, 'a'),
            new LongOption("statedir", Argument.REQUIRED, 't'),
            new LongOption("retry-path", Argument.NONE, 'r'),
            // jga's own options have no short form; their codes are outside the ASCII range.
            new LongOption("exec-output-grace", Argument.REQUIRED, EXEC_OUTPUT_GRACE),
            new LongOption("exec-retention", Argument.REQUIRED, EXEC_RETENTION),
            new LongOption("exec-allow", Argument.REQUIRED, EXEC_ALLOW));
    private static final Getopt GETOPT = new Getopt(SHORT_OPTIONS, LONG_OPTIONS);

    /** qemu's is_help_option: the argument that turns -b/-a into a listing. */
    private static boolean isHelp(String argument) {
        return argument.equals("help") || argument.equals("?");
    }

    private CommandLine() {}

    /**
     * What {@code args} ask for, reading the configuration file they (or {@code QGA_CONF} in
     * {@code environment}, or the default) name.
     *
     * @throws ConfigException for a configuration file that cannot be used, or a channel that
     *     cannot be set up from the options ("must specify a path for this channel", ...)
     */
    public static Invocation parse(List<String> args, Map<String, String> environment) throws ConfigException {
        Getopt.Parsed parsed = GETOPT.parse(args);
        AgentConfig.Builder config = new AgentConfig.Builder();
        // First pass: only -c. qemu-ga would already print a getopt error here (and again in the
        // second pass); jga reports it once, where the second pass stops.
        Path configPath = Optional.ofNullable(environment.get(ConfigFile.ENVIRONMENT_VARIABLE))
                .map(Path::of).orElse(ConfigFile.DEFAULT_PATH);
        boolean required = false;
        for (Option option : parsed.options()) {
            if (option.name() == 'c') {
                configPath = Path.of(option.value());
                required = true;
            }
        }
        ConfigFile.load(configPath, required, config);
        return apply(parsed, config, environment.containsKey("LISTEN_FDS"));
    }

    private static Invocation apply(Getopt.Parsed parsed, AgentConfig.Builder config, boolean socketActivation)
            throws ConfigException {
        boolean dump = false;
        boolean pidfileNamed = config.hasPidfile();
        for (Option option : parsed.options()) {
            switch (option.name()) {
                case 'm' -> config.method(option.value());
                case 'p' -> config.path(option.value());
                case 'l' -> config.logfile(option.value());
                case 'f' -> {
                    config.pidfile(option.value());
                    pidfileNamed = true;
                }
                case 'F' -> config.fsfreezeHook(option.argument().orElse(AgentConfig.DEFAULT_FSFREEZE_HOOK.toString()));
                case 't' -> config.statedir(option.value());
                case 'v' -> config.verbose();
                case 'V' -> {
                    return new Invocation.Version();
                }
                case 'd' -> config.daemonize(true);
                case 'D' -> dump = true;
                case 'r' -> config.retryPath(true);
                case EXEC_OUTPUT_GRACE -> config.execOutputGrace(AgentConfig.parseSeconds(option.value())
                        .orElseThrow(() -> new ConfigException("--exec-output-grace takes a number of seconds"
                                + " from 0 to 86400, not '" + option.value() + "'")));
                case EXEC_RETENTION -> config.execRetention(AgentConfig.parseSeconds(option.value())
                        .orElseThrow(() -> new ConfigException("--exec-retention takes a number of seconds"
                                + " from 0 to 86400, not '" + option.value() + "'")));
                case EXEC_ALLOW -> config.execAllow(option.value());
                case 'b' -> {
                    if (isHelp(option.value())) {
                        return new Invocation.ListCommands();
                    }
                    config.blockRpcs(option.value());
                }
                case 'a' -> {
                    if (isHelp(option.value())) {
                        return new Invocation.ListCommands();
                    }
                    config.allowRpcs(option.value());
                }
                case 'h' -> {
                    return new Invocation.Help();
                }
                case 'c' -> { } // handled in the first pass
                default -> throw new IllegalStateException("option -" + option.name() + " has no handler");
            }
        }
        if (parsed.error().isPresent()) {
            return new Invocation.BadOption(parsed.error().get());
        }
        // qga/main.c main: the path check comes before -D, the method check only when serving.
        // ...unless systemd passed a listening socket (check_socket_activation), which needs no path.
        if (config.path().isEmpty() && AgentConfig.defaultPath(config.method()).isEmpty() && !socketActivation) {
            throw new ConfigException("must specify a path for this channel");
        }
        List<String> warnings = new ArrayList<>(config.warnings());
        parsed.operands().forEach(word -> warnings.add("ignoring non-option argument '" + word + "'"));
        AgentConfig result = config.build();
        if (dump) {
            return new Invocation.Dump(result, warnings);
        }
        if (!AgentConfig.METHODS.contains(result.method())) {
            throw new ConfigException("unsupported channel method/type: " + result.method());
        }
        return new Invocation.Run(result, result.daemonize() || pidfileNamed, warnings);
    }
}
