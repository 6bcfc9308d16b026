// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.daemon;

import dev.jga.agent.config.Strerror;
import dev.jga.agent.log.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Whether the guest's filesystems are frozen, as qemu-ga tracks it (qga/main.c ga_set_frozen,
 * ga_unset_frozen, check_is_frozen): the marker {@code <statedir>/qga.state.isfrozen} outlives
 * the agent, so an agent that finds it at start-up knows a predecessor left filesystems frozen
 * and starts frozen too. The command policy consults {@link #getAsBoolean()} on every request;
 * while frozen the log is off, and log file and pidfile creation wait for the thaw (they may
 * live on a frozen filesystem, where writing would hang).
 */
public final class FreezeState implements BooleanSupplier {

    /** The marker's name in the state directory. */
    public static final String MARKER = "qga.state.isfrozen";

    private final Path marker;
    private final Log log;
    private final List<Runnable> onThaw = new ArrayList<>();
    private boolean frozen;

    private FreezeState(Path marker, Log log, boolean frozen) {
        this.marker = marker;
        this.log = log;
        this.frozen = frozen;
    }

    /**
     * The state a new agent starts in. A marker that cannot be checked (other than being
     * absent) is a misconfiguration: qemu-ga refuses to start, and so does jga.
     */
    public static FreezeState atStartup(Path statedir, Log log) throws StartupException {
        Path marker = statedir.resolve(MARKER);
        try {
            Files.readAttributes(marker, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return new FreezeState(marker, log, false);
        } catch (IOException e) {
            throw new StartupException(ExitCode.STARTUP,
                    "unable to access state file at path " + marker + ": " + Strerror.of(e));
        }
        return new FreezeState(marker, log, true);
    }

    /** A thawed state for an agent that does not look for a predecessor's marker (tests, embedding). */
    public static FreezeState thawed(Path statedir, Log log) {
        return new FreezeState(statedir.resolve(MARKER), log, false);
    }

    /**
     * check_is_frozen's warning for a frozen start. qemu-ga emits it before its log handler is
     * installed, so it reaches stderr whatever the verbosity; the caller does the same.
     */
    public String frozenAtStartupWarning() {
        return "previous instance appears to have exited with frozen filesystems. deferring"
                + " logging/pidfile creation and disabling non-fsfreeze-safe commands until"
                + " guest-fsfreeze-thaw is issued, or filesystems are manually unfrozen and the file "
                + marker + " is removed";
    }

    @Override
    public synchronized boolean getAsBoolean() {
        return frozen;
    }

    public boolean isFrozen() {
        return getAsBoolean();
    }

    /** Runs {@code action} at the next thaw (at once if not frozen). */
    public void whenThawed(Runnable action) {
        synchronized (this) {
            if (frozen) {
                onThaw.add(action);
                return;
            }
        }
        action.run();
    }

    /** ga_set_frozen: mark frozen (marker file, policy) and stop logging. */
    public synchronized void freeze() {
        if (frozen) {
            return;
        }
        log.warning("disabling logging due to filesystem freeze");
        frozen = true;
        try {
            Files.createFile(marker, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            log.warning("unable to create " + marker + ", fsfreeze may not function properly");
        }
        log.setEnabled(false);
    }

    /** ga_unset_frozen: logging back on, deferred work done, marker removed, policy restored. */
    public void thaw() {
        List<Runnable> deferred;
        synchronized (this) {
            if (!frozen) {
                return;
            }
            log.setEnabled(true);
            log.warning("logging re-enabled due to filesystem unfreeze");
            deferred = List.copyOf(onThaw);
            onThaw.clear();
        }
        deferred.forEach(Runnable::run);
        synchronized (this) {
            frozen = false;
            try {
                Files.delete(marker);
            } catch (IOException e) {
                log.warning("unable to delete " + marker + ", fsfreeze may not function properly");
            }
            notifyAll();
        }
    }

    /** Blocks while frozen: a frozen agent must not exit, or nobody could thaw the filesystems. */
    public synchronized void awaitThawed() throws InterruptedException {
        while (frozen) {
            wait();
        }
    }
}
