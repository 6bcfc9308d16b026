// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.config;

import dev.jga.agent.dispatch.CommandPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The agent's effective configuration: qemu-ga's command line over its keyfile
 * ({@code [general]} in /etc/qemu/qemu-ga.conf), with qemu-ga's defaults.
 *
 * @param method virtio-serial (default), isa-serial, unix-listen or vsock-listen
 * @param path the channel's path; empty means the method's default (required for the listeners)
 * @param execOutputGrace jga's own: how long guest-exec waits for a child's output pipes after the
 *     child exited (a background grandchild may hold them open forever)
 * @param execRetention jga's own: how long an exited child's status read with
 *     {@code __dev.jga_keep} stays
 * @param execAllow jga's own: the only programs guest-exec may start, as absolute paths; empty
 *     allows every program, as qemu-ga does
 * @param allowRpcs empty when no allow-list was given (everything allowed); an empty list counts
 *     as none, as in qemu-ga, where an empty GList is NULL. Lists keep the order qemu-ga's -D
 *     prints them in (each comma list reversed, the lists in the order given; qga/main.c
 *     split_list prepends)
 */
public record AgentConfig(
        boolean daemonize,
        String method,
        Optional<String> path,
        Optional<Path> logfile,
        Path pidfile,
        Optional<Path> fsfreezeHook,
        Path statedir,
        boolean verbose,
        boolean retryPath,
        List<String> blockRpcs,
        Optional<List<String>> allowRpcs,
        Duration execOutputGrace,
        Duration execRetention,
        List<String> execAllow) {

    public static final String DEFAULT_METHOD = "virtio-serial";
    public static final String VIRTIO_SERIAL_DEFAULT_PATH = "/dev/virtio-ports/org.qemu.guest_agent.0";
    public static final String ISA_SERIAL_DEFAULT_PATH = "/dev/ttyS0";
    public static final Path DEFAULT_PIDFILE = Path.of("/var/run/qemu-ga.pid");
    public static final Path DEFAULT_STATEDIR = Path.of("/var/run");
    public static final Path DEFAULT_FSFREEZE_HOOK = Path.of("/etc/qemu/fsfreeze-hook");
    /** Default of {@code --exec-output-grace}: 2 s. */
    public static final Duration DEFAULT_EXEC_OUTPUT_GRACE = Duration.ofSeconds(2);
    /** Default of {@code --exec-retention}: 300 s, as VMware Tools keeps exited programs (vixTools.c). */
    public static final Duration DEFAULT_EXEC_RETENTION = Duration.ofSeconds(300);
    /** The one channel method the portable agent opens itself (JDK unix sockets); the platform opens the rest. */
    public static final String UNIX_LISTEN = "unix-listen";
    /** The channel methods qemu-ga knows (qga/main.c channel_init). */
    public static final List<String> METHODS = List.of("virtio-serial", "isa-serial", UNIX_LISTEN, "vsock-listen");

    /** A configuration with jga's exec supervision settings at their defaults. */
    public AgentConfig(boolean daemonize, String method, Optional<String> path, Optional<Path> logfile, Path pidfile,
            Optional<Path> fsfreezeHook, Path statedir, boolean verbose, boolean retryPath, List<String> blockRpcs,
            Optional<List<String>> allowRpcs, Duration execOutputGrace) {
        this(daemonize, method, path, logfile, pidfile, fsfreezeHook, statedir, verbose, retryPath, blockRpcs,
                allowRpcs, execOutputGrace, DEFAULT_EXEC_RETENTION, List.of());
    }

    public AgentConfig {
        execAllow = List.copyOf(execAllow);
        blockRpcs = List.copyOf(blockRpcs);
        allowRpcs = allowRpcs.filter(list -> !list.isEmpty()).map(List::copyOf);
    }

    /** qemu-ga's defaults for everything, on {@code method} at {@code path}. */
    public static AgentConfig defaults(String method, Optional<String> path) {
        return new AgentConfig(false, method, path, Optional.empty(), DEFAULT_PIDFILE, Optional.empty(),
                DEFAULT_STATEDIR, false, false, List.of(), Optional.empty(), DEFAULT_EXEC_OUTPUT_GRACE);
    }

    /** The channel path, or the method's default (qga/main.c). */
    public Optional<String> channelPath() {
        return path.or(() -> defaultPath(method));
    }

    /** QGA_VIRTIO_PATH_DEFAULT, QGA_SERIAL_PATH_DEFAULT; the listeners have none. */
    public static Optional<String> defaultPath(String method) {
        return switch (method) {
            case "virtio-serial" -> Optional.of(VIRTIO_SERIAL_DEFAULT_PATH);
            case "isa-serial" -> Optional.of(ISA_SERIAL_DEFAULT_PATH);
            default -> Optional.empty();
        };
    }

    /** The allow/block policy these lists set, consulting {@code frozen} on every call. */
    public CommandPolicy policy(BooleanSupplier frozen) {
        return new CommandPolicy(allowRpcs.map(Set::copyOf), Set.copyOf(blockRpcs), frozen);
    }

    /**
     * {@code -D}: this configuration as a keyfile, in qemu-ga's key order and format
     * (qga/main.c config_dump, g_key_file_to_data). Optional keys appear only when set; the
     * trailing {@code allow-rpcs=} is what qemu-ga 8.1 and later print.
     */
    public String dump() {
        StringBuilder out = new StringBuilder("[general]\n");
        line(out, "daemon", Boolean.toString(daemonize));
        line(out, "method", method);
        path.ifPresent(value -> line(out, "path", value));
        logfile.ifPresent(value -> line(out, "logfile", value.toString()));
        line(out, "pidfile", pidfile.toString());
        fsfreezeHook.ifPresent(value -> line(out, "fsfreeze-hook", value.toString()));
        line(out, "statedir", statedir.toString());
        line(out, "verbose", Boolean.toString(verbose));
        line(out, "retry-path", Boolean.toString(retryPath));
        line(out, "block-rpcs", String.join(",", blockRpcs));
        line(out, "allow-rpcs", String.join(",", allowRpcs.orElse(List.of())));
        if (!execOutputGrace.equals(DEFAULT_EXEC_OUTPUT_GRACE)) {
            line(out, "exec-output-grace", seconds(execOutputGrace));
        }
        if (!execRetention.equals(DEFAULT_EXEC_RETENTION)) {
            line(out, "exec-retention", seconds(execRetention));
        }
        if (!execAllow.isEmpty()) {
            line(out, "exec-allow", String.join(",", execAllow));
        }
        return out.toString();
    }

    /** Seconds as the user wrote them: "2", "0.5". */
    static String seconds(Duration duration) {
        return java.math.BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    /** Parses a non-negative number of seconds (at most a day); empty when it is not one. */
    public static Optional<Duration> parseSeconds(String text) {
        try {
            double seconds = Double.parseDouble(text.strip());
            if (!(seconds >= 0 && seconds <= 86_400)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append('=').append(KeyFile.escape(value)).append('\n');
    }

    /**
     * qemu-ga's GAConfig while it is being assembled: the keyfile, then the command line. Unset
     * fields take qemu-ga's defaults in {@link #build()}.
     */
    public static final class Builder {
        private boolean daemonize;
        private String method;
        private String path;
        private String logfile;
        private String pidfile;
        private String fsfreezeHook;
        private String statedir;
        private boolean verbose;
        private boolean retryPath;
        private Duration execOutputGrace = DEFAULT_EXEC_OUTPUT_GRACE;
        private Duration execRetention = DEFAULT_EXEC_RETENTION;
        private final List<String> execAllow = new ArrayList<>();
        private final List<String> blockRpcs = new ArrayList<>();
        private final List<String> allowRpcs = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();

        /** Notes a problem that does not stop the agent, for the user to read. */
        public Builder warn(String message) {
            warnings.add(message);
            return this;
        }

        public List<String> warnings() {
            return List.copyOf(warnings);
        }

        public Builder daemonize(boolean value) {
            daemonize = value;
            return this;
        }

        public Builder method(String value) {
            method = value;
            return this;
        }

        public Builder path(String value) {
            path = value;
            return this;
        }

        public Builder logfile(String value) {
            logfile = value;
            return this;
        }

        public Builder pidfile(String value) {
            pidfile = value;
            return this;
        }

        public boolean hasPidfile() {
            return pidfile != null;
        }

        public Builder fsfreezeHook(String value) {
            fsfreezeHook = value;
            return this;
        }

        public Builder statedir(String value) {
            statedir = value;
            return this;
        }

        /** Only ever turns verbosity on, as {@code -v} and {@code verbose=true} do. */
        public Builder verbose() {
            verbose = true;
            return this;
        }

        public Builder execOutputGrace(Duration value) {
            execOutputGrace = value;
            return this;
        }

        public Builder execRetention(Duration value) {
            execRetention = value;
            return this;
        }

        /**
         * Adds a comma-separated list of programs (accumulates, like -b/-a); each must be an
         * absolute path, since it is compared with the absolute path a request resolves to.
         */
        public Builder execAllow(String commaList) throws ConfigException {
            for (String program : commaList.split(",", -1)) {
                if (program.isEmpty()) {
                    continue;
                }
                if (!program.startsWith("/")) {
                    throw new ConfigException("exec-allow takes absolute paths, not '" + program + "'");
                }
                execAllow.add(program);
            }
            return this;
        }

        public Builder retryPath(boolean value) {
            retryPath = value;
            return this;
        }

        /** Adds a comma-separated list (accumulates; see {@link #splitList}). */
        public Builder blockRpcs(String commaList) {
            blockRpcs.addAll(splitList(commaList));
            return this;
        }

        public Builder allowRpcs(String commaList) {
            allowRpcs.addAll(splitList(commaList));
            return this;
        }

        public String method() {
            return method == null ? DEFAULT_METHOD : method;
        }

        public Optional<String> path() {
            return Optional.ofNullable(path);
        }

        /** The configuration with qemu-ga's defaults for whatever is unset (qga/main.c main). */
        public AgentConfig build() {
            return new AgentConfig(daemonize, method(), Optional.ofNullable(path).or(() -> defaultPath(method())),
                    Optional.ofNullable(logfile).map(Path::of),
                    pidfile == null ? DEFAULT_PIDFILE : Path.of(pidfile),
                    Optional.ofNullable(fsfreezeHook).map(Path::of),
                    statedir == null ? DEFAULT_STATEDIR : Path.of(statedir),
                    verbose, retryPath, blockRpcs, Optional.of(allowRpcs), execOutputGrace, execRetention, execAllow);
        }
    }

    /**
     * qga/main.c split_list: {@code g_strsplit(str, ",")} with each piece prepended, so one list
     * comes out reversed. Empty pieces are kept ({@code ",a"} names "" and "a"), but the empty
     * string splits into nothing (g_strsplit's special case).
     */
    public static List<String> splitList(String commaList) {
        List<String> pieces = new ArrayList<>();
        if (commaList.isEmpty()) {
            return pieces;
        }
        for (String piece : commaList.split(",", -1)) {
            pieces.addFirst(piece);
        }
        return pieces;
    }
}
