// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_CLOEXEC;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_RDONLY;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.O_WRONLY;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.EACCES;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.ENOENT;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.ENOEXEC;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.ENOTDIR;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.ESTALE;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.ETIMEDOUT;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.F_SETPIPE_SZ;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.ENODEV;

import dev.jga.agent.platform.Account;
import dev.jga.agent.platform.AccountUnavailable;
import dev.jga.agent.platform.ChildInput;
import dev.jga.agent.platform.ChildOutput;
import dev.jga.agent.platform.OpenFile;
import dev.jga.agent.platform.Pipe;
import dev.jga.agent.platform.PipeDirection;
import dev.jga.agent.platform.ProcessLauncher;
import dev.jga.agent.platform.ProgramRefused;
import dev.jga.agent.platform.SpawnRequest;
import dev.jga.agent.platform.Supervision;
import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.DescriptorFile;
import dev.jga.platform.linux.OwnedFd;
import dev.jga.platform.linux.nativeapi.LibC;
import dev.jga.platform.linux.nativeapi.Passwd;
import dev.jga.platform.linux.nativeapi.Pipes;
import dev.jga.platform.linux.nativeapi.Spawn;
import dev.jga.platform.linux.nativeapi.Spawn.FileAction;
import dev.jga.platform.linux.nativeapi.Wait;
import dev.jga.platform.linux.transport.SocketActivation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * guest-exec's process capability on Linux: posix_spawn through FFM (see {@link Spawn} for the
 * child's attributes), qemu-ga's PATH rules ({@link ExecutableSearch}) and glib's ENOEXEC
 * fallback, with every stream the agent serves handed to the one {@link ChildLoop} thread.
 */
public final class LinuxProcessLauncher implements ProcessLauncher {

    /** Capacity asked for each capture pipe (F_SETPIPE_SZ; 1 MiB is the default fs.pipe-max-size). */
    static final int CAPTURE_PIPE_SIZE = 1 << 20;

    /** glib's interpreter for an executable without a #! line (gspawn.c script_execute). */
    static final String SHELL = "/bin/sh";

    private static final System.Logger LOG = System.getLogger(LinuxProcessLauncher.class.getName());

    /** Made by the first spawn: its eventfd and bindings cost start-up time an agent may never need. */
    private ChildLoop loop;
    private boolean closed;

    private LinuxProcessLauncher() {}

    /** The launcher, or empty when this C library cannot keep the JVM's descriptors out of children. */
    public static Optional<ProcessLauncher> create() {
        return Spawn.available() ? Optional.of(new LinuxProcessLauncher()) : Optional.empty();
    }

    @Override
    public Pipe openPipe(PipeDirection direction) throws IOException {
        int[] fds = Pipes.pipe(O_CLOEXEC);
        int agentEnd = direction == PipeDirection.FROM_CHILD ? fds[0] : fds[1];
        int childEnd = direction == PipeDirection.FROM_CHILD ? fds[1] : fds[0];
        try {
            Descriptors.setNonBlocking(agentEnd);
        } catch (SystemError e) {
            Descriptors.closeQuietly(fds[0]);
            Descriptors.closeQuietly(fds[1]);
            throw e;
        }
        return new Pipe(direction, new DescriptorFile(agentEnd), new DescriptorFile(childEnd));
    }

    @Override
    public long spawn(SpawnRequest request) throws IOException {
        Plumbing plumbing = new Plumbing();
        int pid;
        try {
            List<FileAction> actions = plumbing.actions(request);
            request.supervision().directory().ifPresent(directory -> actions.addFirst(new FileAction.Chdir(directory)));
            pid = start(request, actions);
        } catch (IOException | RuntimeException e) {
            plumbing.closeAll();
            throw e;
        } finally {
            plumbing.closeChildEnds(); // and the leases on guest-file handles end: the child has its copies
        }
        hand(new ChildLoop.Arrival(pid, pidfdOf(pid), request.onExit(), List.copyOf(plumbing.streams),
                request.outputGrace().toNanos(), request.supervision().timeout()));
        return pid;
    }

    /**
     * Gives a running child to the exec loop, starting a new loop when the last one has ended
     * (it failed, and its children came here the same way). A child must be reaped whatever
     * happens, so when no loop can be had (no descriptor left for its eventfd) its streams are
     * cut off and a {@link FallbackReaper} waits for it.
     */
    private void hand(ChildLoop.Arrival arrival) {
        try {
            toLoop(loop -> loop.watch(arrival));
        } catch (SystemError | IllegalStateException e) {
            LOG.log(System.Logger.Level.ERROR, "no exec loop for child " + arrival.pid() + " (" + e.getMessage()
                    + "); its streams are cut off and it is reaped without one");
            FallbackReaper.reap(arrival.withoutStreams());
        }
    }

    /**
     * The children of a loop that failed: each goes to the loop that replaces it, and so do the
     * signals it had scheduled for them (a timeout, the KILL after a grace period), due when they
     * were due there.
     */
    private void adopt(ChildLoop.Handover handover) {
        handover.children().forEach(this::hand);
        if (handover.scheduled().isEmpty()) {
            return;
        }
        try {
            toLoop(loop -> loop.resume(handover.scheduled()));
        } catch (SystemError | IllegalStateException e) {
            LOG.log(System.Logger.Level.ERROR, "no exec loop to take over " + handover.scheduled().size()
                    + " scheduled signals (" + e.getMessage() + "); they are not sent");
        }
    }

    /** Hands something to the current loop ({@code handIn} says whether it took it), replacing loops that ended. */
    private void toLoop(Predicate<ChildLoop> handIn) throws SystemError {
        while (true) {
            ChildLoop current = loop();
            if (handIn.test(current)) {
                return;
            }
            replace(current);
        }
    }

    /** Tries each PATH candidate as glib's g_execute does, and returns the first child started. */
    private static int start(SpawnRequest request, List<FileAction> actions) throws IOException {
        Optional<List<String>> environment = childEnvironment(request);
        List<String> candidates = ExecutableSearch.candidates(request.path(), environment, System.getenv("PATH"));
        boolean searching = candidates.size() > 1;
        boolean deniedSomewhere = false;
        SystemError last = null;
        for (String candidate : candidates) {
            if (searching && !exists(candidate)) {
                last = new SystemError(ENOENT, LibC.strerror(ENOENT), "posix_spawn");
                continue; // spares a failed spawn per PATH entry; the outcome is the same
            }
            checkAllowed(candidate, request.supervision());
            try {
                if (request.supervision().account().isPresent()) {
                    return spawnAs(request.supervision().account().get(), candidate, request, environment, actions);
                }
                return spawnOrInterpret(candidate, request.argv(), environment, actions);
            } catch (SystemError e) {
                last = e;
                switch (e.errno()) {
                    case EACCES -> deniedSomewhere = true;
                    case ENOENT, ESTALE, ENOTDIR, ENODEV, ETIMEDOUT -> { }
                    default -> throw e;
                }
                if (!searching) {
                    throw e;
                }
            }
        }
        if (deniedSomewhere) {
            throw new SystemError(EACCES, LibC.strerror(EACCES), "posix_spawn");
        }
        throw last;
    }

    /**
     * --exec-allow: the program as exec will see it, made absolute against the child's working
     * directory, must be allowed; otherwise nothing starts.
     */
    private static void checkAllowed(String candidate, Supervision supervision) throws ProgramRefused {
        String absolute = absolute(candidate, supervision.directory());
        if (!supervision.allowed().test(absolute)) {
            throw new ProgramRefused(absolute);
        }
    }

    private static String absolute(String candidate, Optional<String> directory) {
        try {
            Path path = Path.of(candidate);
            if (!path.isAbsolute()) {
                path = directory.map(Path::of).orElse(Path.of("")).toAbsolutePath().resolve(path);
            }
            return path.normalize().toString();
        } catch (InvalidPathException e) {
            return candidate;
        }
    }

    /**
     * Spawns {@link UserSwitch}'s helper, which becomes the program as {@code account}. exec's
     * own checks are made first, as the agent, so that a missing or non-executable program is
     * still a failed guest-exec rather than the helper's exit status 127.
     */
    private static int spawnAs(Account account, String candidate, SpawnRequest request,
            Optional<List<String>> environment, List<FileAction> actions) throws SystemError {
        Path program = Path.of(absolute(candidate, request.supervision().directory()));
        if (!Files.exists(program)) {
            throw new SystemError(ENOENT, LibC.strerror(ENOENT), "posix_spawn");
        }
        if (Files.isDirectory(program) || !Files.isExecutable(program)) {
            throw new SystemError(EACCES, LibC.strerror(EACCES), "posix_spawn");
        }
        String helper = UserSwitch.helper()
                .orElseThrow(() -> new SystemError(ENOENT, LibC.strerror(ENOENT), "setpriv"));
        return Spawn.spawn(helper, UserSwitch.argv(helper, account, program.toString(), request.argv()),
                environment, actions);
    }

    /** An executable without a #! line fails with ENOEXEC; glib then runs it with /bin/sh. */
    private static int spawnOrInterpret(String file, List<String> requestArgv, Optional<List<String>> environment,
            List<FileAction> actions) throws SystemError {
        try {
            return Spawn.spawn(file, requestArgv, environment, actions);
        } catch (SystemError e) {
            if (e.errno() != ENOEXEC) {
                throw e;
            }
            List<String> argv = new ArrayList<>();
            argv.add(SHELL);
            argv.add(file);
            argv.addAll(requestArgv.subList(Math.min(1, requestArgv.size()), requestArgv.size()));
            return Spawn.spawn(SHELL, argv, environment, actions);
        }
    }

    /**
     * The environment the child gets: {@code env} as given, else the agent's own, less systemd's
     * socket-activation variables, which qemu-ga unsets so its children never see them (a JVM
     * cannot change its own environment, so they are dropped here instead).
     */
    static Optional<List<String>> childEnvironment(SpawnRequest request) {
        Supervision supervision = request.supervision();
        if (supervision.mergeEnvironment() || supervision.account().isPresent()) {
            return Optional.of(supervisedEnvironment(request));
        }
        if (request.environment().isPresent()) {
            return request.environment();
        }
        Map<String, String> inherited = System.getenv();
        if (!inheritsSocketActivation(inherited)) {
            return Optional.empty();
        }
        return Optional.of(inherited.entrySet().stream()
                .filter(variable -> !SocketActivation.VARIABLES.contains(variable.getKey()))
                .map(variable -> variable.getKey() + "=" + variable.getValue())
                .toList());
    }

    /** A plain loop: this runs for every guest-exec, and a stream's pipeline is much more code to run. */
    private static boolean inheritsSocketActivation(Map<String, String> inherited) {
        for (String name : SocketActivation.VARIABLES) {
            if (inherited.containsKey(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code __dev.jga_env-merge} and {@code __dev.jga_user}: the base (the agent's environment
     * when merging or when the request has none, else nothing), then HOME, USER, LOGNAME and SHELL
     * from the user's passwd entry (as login(1) and su(1) set them), then the request's own
     * variables, which win.
     */
    private static List<String> supervisedEnvironment(SpawnRequest request) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (request.supervision().mergeEnvironment() || request.environment().isEmpty()) {
            System.getenv().forEach((name, value) -> {
                if (!SocketActivation.VARIABLES.contains(name)) {
                    variables.put(name, value);
                }
            });
        }
        request.supervision().account().ifPresent(account -> {
            variables.put("HOME", account.home());
            variables.put("USER", account.name());
            variables.put("LOGNAME", account.name());
            variables.put("SHELL", account.shell());
        });
        List<String> unnamed = new ArrayList<>();
        for (String entry : request.environment().orElse(List.of())) {
            int equals = entry.indexOf('=');
            if (equals < 0) {
                unnamed.add(entry); // passed on as given, as qemu-ga passes env
            } else {
                variables.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        List<String> environment = new ArrayList<>();
        variables.forEach((name, value) -> environment.add(name + "=" + value));
        environment.addAll(unnamed);
        return environment;
    }

    @Override
    public void signal(long pid, int signal, boolean tree, Optional<Duration> killAfter) throws IOException {
        loop().signal(Math.toIntExact(pid), signal, tree, killAfter.map(Duration::toNanos).orElse(-1L));
    }

    @Override
    public OptionalInt signalNumber(String name) {
        return SignalNames.number(name);
    }

    @Override
    public boolean isSignal(long number) {
        return SignalNames.isSignal(number);
    }

    /** See {@link UserSwitch} for how, and why through setpriv. */
    @Override
    public Account account(String user) throws AccountUnavailable {
        if (Passwd.effectiveUid() != 0) {
            throw new AccountUnavailable(AccountUnavailable.Reason.NOT_PRIVILEGED, "euid " + Passwd.effectiveUid());
        }
        if (UserSwitch.helper().isEmpty()) {
            throw new AccountUnavailable(AccountUnavailable.Reason.NO_HELPER, String.valueOf(UserSwitch.LOCATIONS));
        }
        Optional<Account> account;
        try {
            account = isUid(user) ? Passwd.byUid(Long.parseLong(user)) : Passwd.byName(user);
        } catch (SystemError e) {
            throw new AccountUnavailable(AccountUnavailable.Reason.UNKNOWN_USER, e.getMessage());
        }
        return account.orElseThrow(() -> new AccountUnavailable(AccountUnavailable.Reason.UNKNOWN_USER, user));
    }

    private static boolean isUid(String user) {
        return !user.isEmpty() && user.length() <= 10 && user.chars().allMatch(c -> c >= '0' && c <= '9')
                && Long.parseLong(user) <= 0xFFFF_FFFEL;
    }

    private static boolean exists(String candidate) {
        try {
            return Files.exists(Path.of(candidate));
        } catch (InvalidPathException e) {
            return true; // let exec decide
        }
    }

    /**
     * The child's pidfd, or -1 when there is none (ENOSYS on Linux < 5.3, EMFILE): the child is
     * running by now, so it must be watched either way; without a pidfd the loop polls waitpid.
     */
    private static OwnedFd pidfdOf(int pid) {
        try {
            return new OwnedFd(Wait.pidfdOpen(pid));
        } catch (SystemError e) {
            return null;
        }
    }

    /** The loop serving children, made on first use and again after one has ended. */
    private synchronized ChildLoop loop() throws SystemError {
        if (closed) {
            throw new IllegalStateException("the exec loop is closed");
        }
        if (loop == null || loop.ended()) {
            loop = new ChildLoop(this::adopt);
        }
        return loop;
    }

    private synchronized void replace(ChildLoop ended) {
        if (loop == ended) {
            loop = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (loop != null) {
            loop.close();
        }
    }

    /**
     * The pipes one spawn creates (child ends closed after the spawn, agent ends handed to the
     * loop), and the leases that keep guest-file handles' descriptors open until the child has
     * its copies: another session may close such a handle meanwhile, and its number must not be
     * reused by then.
     */
    private static final class Plumbing {
        final List<ChildLoop.Stream> streams = new ArrayList<>();
        final List<Integer> childEnds = new ArrayList<>();
        final List<OwnedFd.Lease> leases = new ArrayList<>();

        List<FileAction> actions(SpawnRequest request) throws SystemError {
            List<FileAction> actions = new ArrayList<>();
            actions.add(input(request.stdin()));
            actions.add(output(request.stdout(), 1));
            actions.add(output(request.stderr(), 2));
            return actions;
        }

        // input and output are if chains, not pattern switches: each pattern switch links to a
        // class spun at run time on its first use (the first guest-exec), which JDK 25's AOT cache
        // does not keep (docs/performance.md).
        private FileAction input(ChildInput stdin) throws SystemError {
            if (stdin instanceof ChildInput.From from) {
                return new FileAction.Dup2(fdOf(from.file()), 0);
            }
            if (stdin instanceof ChildInput.Bytes bytes) {
                int[] pipe = pipe();
                childEnds.add(pipe[0]);
                OwnedFd agentEnd = new OwnedFd(pipe[1]);
                streams.add(new ChildLoop.Stream.Feed(agentEnd, bytes.data()));
                Descriptors.setNonBlocking(pipe[1]);
                return new FileAction.Dup2(pipe[0], 0);
            }
            if (stdin instanceof ChildInput.Nothing) {
                return new FileAction.Open(0, "/dev/null", O_RDONLY);
            }
            throw new IllegalArgumentException("unknown child input " + stdin);
        }

        private FileAction output(ChildOutput output, int target) throws SystemError {
            if (output instanceof ChildOutput.To to) {
                return new FileAction.Dup2(fdOf(to.file()), target);
            }
            if (output instanceof ChildOutput.SameAsStdout) {
                return new FileAction.Dup2(1, target);
            }
            if (output instanceof ChildOutput.Capture capture) {
                int[] pipe = pipe();
                widen(pipe[0]);
                childEnds.add(pipe[1]);
                OwnedFd agentEnd = new OwnedFd(pipe[0]);
                streams.add(new ChildLoop.Stream.Capture(agentEnd, capture.sink()));
                Descriptors.setNonBlocking(pipe[0]);
                return new FileAction.Dup2(pipe[1], target);
            }
            if (output instanceof ChildOutput.Discard) {
                return new FileAction.Open(target, "/dev/null", O_WRONLY);
            }
            throw new IllegalArgumentException("unknown child output " + output);
        }

        private static int[] pipe() throws SystemError {
            return Pipes.pipe(O_CLOEXEC);
        }

        /**
         * Grows a capture pipe to {@link #CAPTURE_PIPE_SIZE}, so a child writing fast fills one
         * wake-up of the loop with up to 1 MiB instead of the default 64 KiB. Best effort: the
         * kernel may refuse (fs.pipe-max-size, pipe-user-pages-soft), and then 64 KiB it is.
         */
        private static void widen(int readEnd) {
            try {
                LibC.fcntl(readEnd, F_SETPIPE_SZ, CAPTURE_PIPE_SIZE);
            } catch (SystemError refused) {
                // the default size works, only with more wake-ups
            }
        }

        /** A handle's descriptor, leased until {@link #closeChildEnds}; EBADF if it was closed. */
        private int fdOf(OpenFile file) throws SystemError {
            if (!(file instanceof DescriptorFile descriptor)) {
                throw new IllegalArgumentException("not a Linux descriptor: " + file);
            }
            OwnedFd.Lease lease = descriptor.lease();
            leases.add(lease);
            return lease.fd();
        }

        void closeChildEnds() {
            childEnds.forEach(Descriptors::closeQuietly);
            childEnds.clear();
            leases.forEach(OwnedFd.Lease::close);
            leases.clear();
        }

        void closeAll() {
            closeChildEnds();
            for (ChildLoop.Stream stream : streams) {
                stream.fd().closeQuietly();
            }
            streams.clear();
        }
    }
}
