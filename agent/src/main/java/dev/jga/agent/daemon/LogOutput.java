// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.daemon;

import dev.jga.agent.config.Strerror;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where the log goes, switchable while the agent runs: stderr by default, a {@code -l} file
 * (qga/main.c ga_open_logfile), nowhere once daemonised without one. The switch exists because
 * the target changes under a running agent: a daemon's log goes to its parent until the
 * channel is open, and a log file deferred by a frozen start is opened at thaw.
 */
public final class LogOutput extends OutputStream {

    private OutputStream target;

    public LogOutput(OutputStream target) {
        this.target = target;
    }

    /** Sends what follows to {@code next}; the previous target is flushed, not closed. */
    public synchronized void switchTo(OutputStream next) {
        try {
            target.flush();
        } catch (IOException e) {
            // the old target is going away; nothing to save
        }
        target = next;
    }

    /**
     * Opens {@code path} for appending, creating it with mode 0600 (qemu-ga's fopen "a" gives
     * 0666 minus the umask; a log at -v holds guest-set-user-password payloads, so jga does not
     * make new ones world-readable). Fails with qemu-ga's "unable to open specified log file".
     */
    public static OutputStream openFile(Path path) throws StartupException {
        try {
            return Channels.newOutputStream(Files.newByteChannel(path,
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
        } catch (IOException e) {
            throw new StartupException(ExitCode.STARTUP, "unable to open specified log file: " + Strerror.of(e));
        }
    }

    @Override
    public synchronized void write(int b) throws IOException {
        target.write(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        target.write(bytes, offset, length);
    }

    @Override
    public synchronized void flush() throws IOException {
        target.flush();
    }
}
