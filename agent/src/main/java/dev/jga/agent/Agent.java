// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent;

import dev.jga.agent.command.account.PasswordHandlers;
import dev.jga.agent.command.account.SshKeyHandlers;
import dev.jga.agent.command.core.CoreHandlers;
import dev.jga.agent.command.exec.ExecHandlers;
import dev.jga.agent.command.freeze.FreezeHandlers;
import dev.jga.agent.command.helper.HelperRunner;
import dev.jga.agent.command.helper.SpawningHelperRunner;
import dev.jga.agent.command.power.PowerHandlers;
import dev.jga.agent.command.file.FileHandlers;
import dev.jga.agent.command.file.HandleCounter;
import dev.jga.agent.command.file.HandleTable;
import dev.jga.agent.command.hardware.HardwareHandlers;
import dev.jga.agent.command.info.HostNameHandler;
import dev.jga.agent.command.info.InfoHandlers;
import dev.jga.agent.command.network.NetworkHandlers;
import dev.jga.agent.command.storage.StorageHandlers;
import dev.jga.agent.config.AgentConfig;
import dev.jga.agent.daemon.FreezeState;
import dev.jga.agent.dispatch.CommandGroup;
import dev.jga.agent.dispatch.CommandPolicy;
import dev.jga.agent.dispatch.Dispatcher;
import dev.jga.agent.dispatch.Registry;
import dev.jga.agent.log.Log;
import dev.jga.agent.memory.MemoryBudget;
import dev.jga.agent.platform.Platform;
import dev.jga.agent.platform.ProcessLauncher;
import dev.jga.agent.session.LiveSessions;
import dev.jga.agent.session.Session;
import dev.jga.agent.transport.Connection;
import dev.jga.agent.transport.Transport;
import dev.jga.agent.transport.UnixListenTransport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The daemon: builds the command registry from the platform's capabilities, opens the channel
 * and serves host sessions until closed. One instance per process, no global state.
 */
public final class Agent implements AutoCloseable {

    /**
     * At most this many host connections are served at once on a socket channel; a further one
     * closes the quietest (see {@link LiveSessions}). Memory is bounded by the {@link MemoryBudget},
     * not by this: sixteen requests of qemu's 64 MiB would not fit the heap.
     */
    public static final int MAX_CONCURRENT_SESSIONS = 16;
    /** QGA_RETRY_INTERVAL: seconds between attempts to re-open a failed channel with --retry-path. */
    public static final int RETRY_INTERVAL_SECONDS = 5;

    private final AgentConfig config;
    private final Platform platform;
    private final Log log;
    private final Dispatcher dispatcher;
    private final HandleTable handles;
    private final MemoryBudget budget;
    private final LiveSessions sessions;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Transport transport;
    private boolean activationChecked;

    private Agent(AgentConfig config, Platform platform, Log log, Dispatcher dispatcher, HandleTable handles,
            AutoCloseable freezeCleanup, MemoryBudget budget) {
        this.freezeCleanup = freezeCleanup;
        this.config = config;
        this.platform = platform;
        this.log = log;
        this.dispatcher = dispatcher;
        this.handles = handles;
        this.budget = budget;
        this.sessions = new LiveSessions(MAX_CONCURRENT_SESSIONS, log);
    }

    /** The file system root the system commands look under (/sbin, /sys): tests run them on a fixture tree. */
    private static final Path SYSTEM_ROOT = Path.of("/");

    private final AutoCloseable freezeCleanup;

    /** Wires the commands this platform can serve, under the policy the configuration sets, never frozen at start. */
    public static Agent create(AgentConfig config, Platform platform, Log log) {
        return create(config, platform, log, FreezeState.thawed(config.statedir(), log));
    }

    /** As {@link #create(AgentConfig, Platform, Log)}, starting in {@code freeze}'s state. */
    public static Agent create(AgentConfig config, Platform platform, Log log, FreezeState freeze) {
        CommandPolicy policy = config.policy(freeze);
        Registry registry = new Registry();
        HandleTable handles = new HandleTable(HandleCounter.open(config.statedir(), log));
        MemoryBudget budget = MemoryBudget.ofHeap(platform.mappedFiles(), log);
        new CoreHandlers(() -> Version.current().qemu(), policy).bind(registry);
        new FileHandlers(platform.files(), handles, budget).bind(registry);
        // The fsfreeze hook and hwclock start through the launcher, probed only when one runs.
        HelperRunner helperRunner = (argv, input) -> helpers(platform, config).run(argv, input);
        Optional<FreezeHandlers> freezing = platform.freezer().map(freezer ->
                new FreezeHandlers(freezer, freeze, config.fsfreezeHook(), helperRunner, log));
        freezing.ifPresent(group -> group.bind(registry));
        platform.users().ifPresent(users -> new SshKeyHandlers(users).bind(registry));
        platform.systemInfo().ifPresent(system ->
                new InfoHandlers(system, java.time.Clock.systemUTC(), helperRunner, SYSTEM_ROOT).bind(registry));
        platform.hostName().ifPresent(hostName -> new HostNameHandler(hostName).bind(registry));
        platform.hardware().ifPresent(hardware -> new HardwareHandlers(hardware).bind(registry));
        // Probing for process support initialises the FFM linker: done when first needed, not at start.
        registry.bindWhenNeeded(() -> platform.processes().map(processes ->
                new ExecHandlers(processes, handles, log, config.execOutputGrace(),
                        config.execRetention(), config.execAllow(), budget)));
        registry.bindWhenNeeded(() -> platform.processes().map(processes -> together(
                new PowerHandlers(new SpawningHelperRunner(processes, config.execOutputGrace()), SYSTEM_ROOT, log),
                new PasswordHandlers(new SpawningHelperRunner(processes, config.execOutputGrace())))));
        registry.bindWhenNeeded(() -> platform.network().map(NetworkHandlers::new));
        registry.bindWhenNeeded(() -> platform.storage().map(StorageHandlers::new));
        AutoCloseable cleanup = freezing.<AutoCloseable>map(group -> group).orElse(() -> { });
        return new Agent(config, platform, log, new Dispatcher(registry, policy, log), handles, cleanup, budget);
    }

    /** One group of several, for a deferred binding that serves more than one. */
    private static CommandGroup together(CommandGroup... groups) {
        return registry -> {
            for (CommandGroup group : groups) {
                group.bind(registry);
            }
        };
    }

    /** The platform's helper runner; a platform that cannot start programs fails a helper as a failed fork would. */
    private static HelperRunner helpers(Platform platform, AgentConfig config) throws IOException {
        ProcessLauncher launcher = platform.processes()
                .orElseThrow(() -> new IOException("this platform cannot start programs"));
        return new SpawningHelperRunner(launcher, config.execOutputGrace());
    }

    /**
     * Starts, in the background, the one-time set-up the configured channel will need, while the
     * caller goes on with freeze state, pidfile and platform (unix-listen only; see
     * {@link UnixListenTransport#prepareInBackground}).
     */
    public static void prepareChannel(AgentConfig config) {
        if (config.method().equals(AgentConfig.UNIX_LISTEN)) {
            UnixListenTransport.prepareInBackground();
        }
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Opens the channel; separate from {@link #serve()} so start-up errors surface before daemonising. */
    public void open() throws IOException {
        transport = openTransport();
        log.info("listening on " + transport.describe());
    }

    /** Serves sessions until {@link #close()}; re-opens a failed channel when --retry-path is set. */
    public void serve() throws IOException, InterruptedException {
        if (transport == null) {
            open();
        }
        while (!closed.get()) {
            try {
                acceptLoop(transport);
            } catch (IOException e) {
                if (closed.get()) {
                    return;
                }
                if (!config.retryPath()) {
                    throw e;
                }
                log.error("agent stopped unexpectedly, restarting...: " + e.getMessage());
                closeTransport();
                Thread.sleep(RETRY_INTERVAL_SECONDS * 1000L);
                transport = openTransport();
            }
        }
    }

    private void acceptLoop(Transport channel) throws IOException, InterruptedException {
        while (!closed.get()) {
            Connection connection = channel.accept();
            Session session = new Session(connection, dispatcher, log, budget);
            if (!channel.concurrent()) {
                session.run();
                budget.sessionEnded();
                continue;
            }
            sessions.admit(session);
            // A platform thread per session (at most 16): a request/reply round trip then costs no
            // hand-off through the JDK's I/O poller, which a virtual thread pays twice per request
            // (measured with bin/bench: guest-ping and exec rates rose by a fifth or more).
            Thread.ofPlatform().daemon().name("session-", 0).start(() -> {
                try {
                    session.run();
                } finally {
                    sessions.leave(session);
                    budget.sessionEnded();
                }
            });
        }
    }

    /** qemu-ga checks for systemd socket activation (LISTEN_FDS) before it looks at --method. */
    private Transport openTransport() throws IOException {
        if (!activationChecked) {
            activationChecked = true;
            Optional<Transport> inherited = platform.inheritedListener(System.getenv());
            if (inherited.isPresent()) {
                return inherited.get();
            }
        }
        String method = config.method();
        if (method.equals(AgentConfig.UNIX_LISTEN)) {
            return UnixListenTransport.listen(Path.of(requirePath()));
        }
        Optional<Transport> channel = platform.openChannel(method, requirePath());
        return channel.orElseThrow(() -> new IOException("unsupported channel method/type: " + method));
    }

    private String requirePath() throws IOException {
        return config.channelPath().orElseThrow(() -> new IOException("must specify a path for this channel"));
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeTransport();
            handles.close();
            try {
                freezeCleanup.close(); // thaws what is still frozen (guest_fsfreeze_cleanup)
            } catch (Exception e) {
                log.warning("failed to clean up frozen filesystems: " + e.getMessage());
            }
        }
    }

    private void closeTransport() {
        Transport current = transport;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                log.debug("closing " + current.describe() + ": " + e.getMessage());
            }
        }
    }
}
