// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.config;

import dev.jga.agent.Version;

/**
 * {@code --help} and {@code --version}: qemu-ga's texts (qga/main.c usage), extended into a
 * manual page: every option with its default, the configuration file, filtering, daemon mode,
 * signals, exit statuses, and where jga deliberately differs from qemu-ga.
 */
public final class Usage {

    /** The name jga-agent is documented and invoked under (bin/jga-agent). */
    public static final String PROGRAM = "jga-agent";

    private Usage() {}

    /** {@code -V}: qemu-ga's line (clients parse it), then jga's own. */
    public static String version(Version version) {
        return "QEMU Guest Agent " + version.qemu() + "\n"
                + "jga " + version.jga() + " (Java " + Runtime.version() + ")\n";
    }

    public static String help(Version version) {
        return TEXT.formatted(PROGRAM, version.jga(), version.qemu(),
                ConfigFile.DEFAULT_PATH, ConfigFile.ENVIRONMENT_VARIABLE,
                AgentConfig.VIRTIO_SERIAL_DEFAULT_PATH, AgentConfig.ISA_SERIAL_DEFAULT_PATH,
                AgentConfig.DEFAULT_PIDFILE, AgentConfig.DEFAULT_FSFREEZE_HOOK, AgentConfig.DEFAULT_STATEDIR);
    }

    private static final String TEXT = """
            Usage: %1$s [-m <method> -p <path>] [<options>]
            jga %2$s: a drop-in QEMU Guest Agent (the protocol of qemu-ga %3$s).
            It runs inside a virtual machine and answers the host's JSON commands.

            Options (those of qemu-ga; long names may be abbreviated, arguments may be
            attached or separate: -pX, -p X, --path=X, --path X):
              -c, --config=PATH  configuration file (default %4$s, or the
                                 file named by %5$s). A file named with -c must load;
                                 a missing default file is ignored
              -m, --method=METHOD
                                 transport: virtio-serial (default), isa-serial,
                                 unix-listen or vsock-listen
              -p, --path=PATH    device or socket path; defaults: virtio-serial
                                 %6$s,
                                 isa-serial %7$s. unix-listen and vsock-listen
                                 need one; vsock addresses are written <cid>:<port>
              -l, --logfile=PATH append the log to PATH (a new file gets mode 0600)
                                 instead of writing it to stderr
              -f, --pidfile=PATH lock PATH and write the agent's pid in it, removed at
                                 exit (default %8$s; written with -d,
                                 or whenever -f or pidfile= names a file)
              -F, --fsfreeze-hook[=PATH]
                                 run PATH with 'freeze' or 'thaw' around filesystem
                                 freezes (bare -F: %9$s). The argument
                                 must be attached: -F/path or --fsfreeze-hook=/path
              -t, --statedir=DIR directory for qga.state and qga.state.isfrozen
                                 (absolute; default %10$s)
              -v, --verbose      log every level (default: errors and criticals only)
              -V, --version      print the version and exit
              -d, --daemonize    run in the background (see Daemon below)
              -b, --block-rpcs=LIST
                                 disable the RPCs in the comma-separated LIST (no
                                 spaces; repeatable; --block-rpcs=help lists them)
              -a, --allow-rpcs=LIST
                                 enable only the RPCs in LIST (repeatable; -b still
                                 wins; --allow-rpcs=help lists them)
              -D, --dump-conf    print the effective configuration in the format of
                                 the configuration file, and exit
              -r, --retry-path   when the channel fails, re-open it every 5 seconds
                                 (virtio-serial driver reload, serial hot-plug, ...)
              -h, --help         print this help and exit
              --                 end of the options

            jga's own options
              --exec-output-grace=SECONDS
                                 after a guest-exec child exits, wait at most this
                                 long (default 2) for its output pipes to close before
                                 reporting it exited; a background grandchild may hold
                                 them open for ever (qemu-ga then reports
                                 exited:false until the grandchild ends). Config key:
                                 exec-output-grace
              --exec-retention=SECONDS
                                 keep the status of an exited child read with
                                 __dev.jga_keep this long (default 300). Config key:
                                 exec-retention
              --exec-allow=PATH[,PATH...]
                                 guest-exec starts only these programs (absolute
                                 paths, compared after the PATH search; repeatable).
                                 Config key: exec-allow

            Configuration file
              A GLib keyfile of which only the [general] group is read; other groups,
              blank lines and lines starting with # are ignored. Keys: daemon, method,
              path, logfile, pidfile, fsfreeze-hook, statedir, verbose, retry-path
              (booleans are true, false, 1 or 0), block-rpcs and allow-rpcs. Lists are
              separated by COMMAS: block-rpcs=guest-exec;guest-file-open names one
              unknown RPC and blocks nothing. Options override the file; -b and -a add
              to its lists. Example:
                  [general]
                  method=virtio-serial
                  block-rpcs=guest-exec,guest-exec-status

            Command filtering
              Unknown names are ignored. Without -a every RPC is enabled; with it only
              those listed. -b then disables its RPCs in either case. While filesystems
              are frozen only guest-ping, guest-info, guest-sync, guest-sync-delimited,
              guest-fsfreeze-status and guest-fsfreeze-thaw run, whatever the lists say.
              If qga.state.isfrozen exists in the state directory at start-up, an agent
              left the filesystems frozen: the agent starts frozen, and defers its log
              file and pidfile until guest-fsfreeze-thaw.

            Daemon (-d)
              A JVM cannot fork, so %1$s starts a second copy of itself in a new
              session (setsid, umask 077, working directory /, stdio on /dev/null),
              hands it the effective configuration with relative paths made absolute,
              and waits until the copy has locked the pidfile and opened the channel.
              Then it exits 0. If the copy fails, its error is printed here and the
              exit status is the copy's.

            Signals
              SIGTERM, SIGINT, SIGHUP
                         clean shutdown: the channel is closed, the pidfile removed, and
                         the exit status is 0. While filesystems are frozen the agent
                         keeps serving and exits only once they are thawed.
              SIGPIPE    ignored: a host that goes away only ends its own session.

            Exit status
              0  clean exit, also on SIGTERM or SIGINT, and after -h, -V, -D, -b help
              1  bad usage: unknown option, unusable configuration file, no path for
                 the channel, unknown method
              2  could not start: pidfile held by another agent or not writable, log
                 file, state directory or channel cannot be opened, no support for
                 this operating system
              3  the channel failed while serving and -r was not given
              4  internal error (a bug in jga)

            Differences from qemu-ga
              - Socket channels (unix-listen) serve several clients at once, each with
                its own JSON parser; qemu-ga serves one and leaves the rest waiting.
              - A 0xFF byte resynchronises the parser silently; qemu-ga also replies
                with a parse error.
              - The pidfile is also written without -d when a pidfile is named.
              - Exit statuses 2 to 4: qemu-ga exits 1 on every failure, and 0 when the
                channel fails.
              - As in current qemu-ga, the deprecated --blacklist option (removed in
                qemu 9.1) is an unknown option; a blacklist= key is ignored, with a
                warning. Use -b and block-rpcs=.
              - getopt errors are printed once, with the hint, on stderr.
              - -D prints paths normalised (/var/run/ as /var/run).

            Environment
              %5$s       the configuration file to read instead of the default
              JGA_JAVA_OPTS  extra JVM options for bin/jga-agent
            """;
}
