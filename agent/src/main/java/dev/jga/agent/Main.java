// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent;

import dev.jga.agent.config.AgentConfig;
import dev.jga.agent.config.CommandLine;
import dev.jga.agent.config.ConfigException;
import dev.jga.agent.config.Invocation;
import dev.jga.agent.config.KeyFileException;
import dev.jga.agent.config.Usage;
import dev.jga.agent.daemon.DaemonChild;
import dev.jga.agent.daemon.Daemonizer;
import dev.jga.agent.daemon.ExitCode;
import dev.jga.agent.daemon.FreezeState;
import dev.jga.agent.daemon.LogOutput;
import dev.jga.agent.daemon.Pidfile;
import dev.jga.agent.daemon.Shutdown;
import dev.jga.agent.daemon.StartupException;
import dev.jga.agent.log.Log;
import dev.jga.agent.platform.Platform;
import dev.jga.agent.platform.PlatformProvider;
import dev.jga.protocol.codec.Catalog;
import dev.jga.protocol.codec.CommandInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code jga-agent}: qemu-ga's command line (see {@code --help}), then serve until SIGTERM or
 * SIGINT (exit 0). The order is qemu-ga's: parse, answer -h/-V/-D/-b help at once, then log,
 * freeze state, pidfile, channel (so channel errors are reported before daemonising, as in
 * qemu 9.x), and serve.
 */
public final class Main {

    /** How long a deferred exit lets the thaw's reply (and any other in flight) go out. */
    private static final java.time.Duration REPLY_GRACE = java.time.Duration.ofSeconds(5);

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Shutdown shutdown;
    private final Supplier<Optional<Platform>> platform;

    Main(PrintStream out, PrintStream err, Map<String, String> environment, Shutdown shutdown,
            Supplier<Optional<Platform>> platform) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.shutdown = shutdown;
        this.platform = platform;
    }

    /** Runs with the platform the class path offers ({@link PlatformProvider#load()}). */
    public static void main(String[] args) {
        main(args, PlatformProvider::load);
    }

    /**
     * Runs with {@code platform}: a platform module's own entry point names its platform, which
     * spares the start a class-path scan for service files (the first jar opened costs
     * milliseconds before the first reply; docs/performance.md).
     */
    public static void main(String[] args, Supplier<Optional<Platform>> platform) {
        Shutdown shutdown = Shutdown.install();
        int status;
        try {
            status = new Main(System.out, System.err, System.getenv(), shutdown, platform).run(List.of(args));
        } catch (RuntimeException | Error e) {
            System.err.println(Usage.PROGRAM + ": internal error, please report it: " + e);
            e.printStackTrace();
            status = ExitCode.INTERNAL.status();
        }
        System.out.flush();
        shutdown.exit(status);
    }

    /** Does what {@code args} ask; returns the exit status once done (after serving, when asked to serve). */
    int run(List<String> args) {
        if (!args.isEmpty() && args.getFirst().startsWith(Daemonizer.CHILD_OPTION)) {
            return runDaemonChild(Path.of(args.getFirst().substring(Daemonizer.CHILD_OPTION.length())));
        }
        Invocation invocation;
        try {
            invocation = CommandLine.parse(args, environment);
        } catch (ConfigException e) {
            return fail(ExitCode.USAGE, e.getMessage());
        }
        // An if chain, not a pattern switch: each pattern switch links to a class spun at run time,
        // which JDK 25's AOT cache does not keep; the first one also initialises the class-file
        // API (~4 ms before the first reply, docs/performance.md).
        if (invocation instanceof Invocation.Run run) {
            warn(run.warnings());
            return run.config().daemonize() ? daemonize(run.config(), args) : serve(run, err, Optional.empty());
        }
        if (invocation instanceof Invocation.Help) {
            return print(Usage.help(Version.current()));
        }
        if (invocation instanceof Invocation.Version) {
            return print(Usage.version(Version.current()));
        }
        if (invocation instanceof Invocation.ListCommands) {
            return print(commandList());
        }
        if (invocation instanceof Invocation.BadOption bad) {
            err.println(Usage.PROGRAM + ": " + bad.message());
            err.println("Try '" + Usage.PROGRAM + " --help' for more information.");
            return ExitCode.USAGE.status();
        }
        if (invocation instanceof Invocation.Dump dump) {
            warn(dump.warnings());
            return print(dump.config().dump());
        }
        throw new IllegalStateException("unknown invocation " + invocation);
    }

    private int print(String text) {
        out.print(text);
        out.flush();
        return ExitCode.OK.status();
    }

    private void warn(List<String> warnings) {
        warnings.forEach(warning -> err.println(Usage.PROGRAM + ": warning: " + warning));
    }

    private int fail(ExitCode code, String message) {
        err.println(Usage.PROGRAM + ": " + message);
        return code.status();
    }

    /** {@code -b help}: one RPC a line, as qemu-ga's ga_print_cmd. */
    private static String commandList() {
        StringBuilder names = new StringBuilder();
        for (CommandInfo command : Catalog.schema().commands()) {
            names.append(command.name()).append('\n');
        }
        return names.toString();
    }

    private int daemonize(AgentConfig config, List<String> args) {
        try {
            return Daemonizer.start(config, args, err);
        } catch (IOException e) {
            return fail(ExitCode.STARTUP, "cannot start the daemon: " + e.getMessage());
        }
    }

    private int runDaemonChild(Path socket) {
        try (DaemonChild child = DaemonChild.connect(socket)) {
            PrintStream parentErr = new PrintStream(child.messages(), true, StandardCharsets.UTF_8);
            AgentConfig config;
            try {
                config = child.receiveConfig();
            } catch (KeyFileException e) {
                parentErr.println("bad configuration from the parent: " + e.getMessage());
                return ExitCode.INTERNAL.status();
            }
            return serve(new Invocation.Run(config, true, List.of()), parentErr, Optional.of(child));
        } catch (IOException e) {
            return ExitCode.STARTUP.status(); // the parent is gone: nobody to tell
        }
    }

    /**
     * Starts and serves. {@code fatal} receives start-up errors (stderr, or the parent of a
     * daemon); {@code child} is told when the channel is open.
     */
    private int serve(Invocation.Run run, PrintStream fatal, Optional<DaemonChild> child) {
        AgentConfig config = run.config();
        Agent.prepareChannel(config);
        OutputStream consoleLog = child.<OutputStream>map(DaemonChild::messages).orElse(System.err);
        LogOutput logOutput = new LogOutput(consoleLog);
        Log log = new Log(new PrintStream(logOutput, true, StandardCharsets.UTF_8), config.verbose());
        try {
            FreezeState freeze = FreezeState.atStartup(config.statedir(), log);
            shutdown.guard(freeze);
            if (freeze.isFrozen()) {
                fatal.println(Usage.PROGRAM + ": warning: " + freeze.frozenAtStartupWarning());
            }
            OutputStream daemonLog = openLog(config, freeze, logOutput, log, child.isPresent());
            if (run.writePidfile()) {
                lockPidfile(config.pidfile(), freeze, log);
            }
            Platform platform = this.platform.get().orElseThrow(() -> new StartupException(ExitCode.STARTUP,
                    "no platform support for this operating system (" + System.getProperty("os.name")
                            + "): put a platform module such as jga-platform-linux on the class path"
                            + " (bin/jga-agent does)"));
            Agent agent = Agent.create(config, platform, log, freeze);
            shutdown.onExit(agent);
            shutdown.afterThaw(() -> agent.dispatcher().awaitIdle(REPLY_GRACE));
            if (log.verbose()) { // the version is a jar lookup: not before the first reply unless asked for
                Version version = Version.current();
                log.info("jga " + version.jga() + " (qemu-ga " + version.qemu() + " protocol) starting on "
                        + config.method() + " " + config.channelPath().orElse("") + ", platform " + platform.name());
            }
            open(agent, config);
            child.ifPresent(daemon -> {
                daemon.ready();
                logOutput.switchTo(daemonLog);
            });
            return serveUntilClosed(agent, log);
        } catch (StartupException e) {
            fatal.println(Usage.PROGRAM + ": " + e.getMessage());
            if (config.logfile().isPresent()) {
                log.critical(e.getMessage());
            }
            return e.code().status();
        }
    }

    /**
     * Points the log at {@code -l}'s file (at the thaw, if starting frozen, when it falls back to
     * stderr if the file cannot be opened, as qemu-ga does). Returns where a daemon's log goes
     * once it no longer reports to its parent: the file, or nowhere.
     */
    private static OutputStream openLog(AgentConfig config, FreezeState freeze, LogOutput logOutput, Log log,
            boolean daemon) throws StartupException {
        OutputStream afterStart = OutputStream.nullOutputStream();
        if (freeze.isFrozen()) {
            log.setEnabled(false);
            config.logfile().ifPresent(path -> freeze.whenThawed(() -> {
                try {
                    logOutput.switchTo(LogOutput.openFile(path));
                } catch (StartupException e) {
                    logOutput.switchTo(daemon ? OutputStream.nullOutputStream() : System.err);
                }
            }));
            return afterStart;
        }
        if (config.logfile().isPresent()) {
            OutputStream file = LogOutput.openFile(config.logfile().get());
            if (!daemon) {
                logOutput.switchTo(file);
            }
            return file;
        }
        return afterStart;
    }

    private void lockPidfile(Path path, FreezeState freeze, Log log) throws StartupException {
        long pid = ProcessHandle.current().pid();
        if (!freeze.isFrozen()) {
            shutdown.onExit(acquire(path, pid));
            return;
        }
        // The pidfile may be on a frozen filesystem: qemu-ga defers it to the thaw.
        freeze.whenThawed(() -> {
            try {
                shutdown.onExit(acquire(path, pid));
            } catch (StartupException e) {
                log.warning(e.getMessage());
            }
        });
    }

    private static Pidfile acquire(Path path, long pid) throws StartupException {
        try {
            return Pidfile.acquire(path, pid);
        } catch (StartupException e) {
            throw new StartupException(e.code(), e.getMessage() + " (" + path
                    + ": is another agent running? Stop it, or name another pidfile with -f)");
        }
    }

    private static void open(Agent agent, AgentConfig config) throws StartupException {
        try {
            agent.open();
        } catch (IOException e) {
            String where = config.method() + " " + config.channelPath().orElse("");
            throw new StartupException(ExitCode.STARTUP, "cannot open the channel (" + where + "): "
                    + e.getMessage() + "; check -m and -p");
        }
    }

    private static int serveUntilClosed(Agent agent, Log log) {
        try {
            agent.serve();
            return ExitCode.OK.status();
        } catch (IOException e) {
            log.critical("channel failed: " + e.getMessage() + " (use -r/--retry-path to re-open it)");
            return ExitCode.CHANNEL_LOST.status();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.OK.status();
        }
    }
}
