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
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Whether the guest's filesystems are frozen, as qemu-ga tracks it (qga/main.c ga_set_frozen,
 * ga_unset_frozen): while frozen, the command policy consults {@link #getAsBoolean()} on every
 * request, the log is off, and work that writes to disk waits for the thaw.
 *
 * <p>qemu-ga also trusts a {@code <statedir>/qga.state.isfrozen} marker found at start
 * (check_is_frozen) and starts frozen, serving only the freeze-safe commands until a
 * guest-fsfreeze-thaw. jga has no fsfreeze commands yet, so nothing could ever thaw it: a
 * leftover marker (say, from a qemu-ga killed mid-freeze before the package replaced it) is
 * reported and ignored, and jga starts thawed.
 */
public final class FreezeState implements BooleanSupplier {

    /** The marker's name in the state directory. */
    public static final String MARKER = "qga.state.isfrozen";

    private final Path marker;
    private final Log log;
    private final List<Runnable> onThaw = new ArrayList<>();
    private final boolean leftoverMarker;
    private boolean frozen;

    private FreezeState(Path marker, Log log, boolean frozen, boolean leftoverMarker) {
        this.marker = marker;
        this.log = log;
        this.frozen = frozen;
        this.leftoverMarker = leftoverMarker;
    }

    /**
     * The state a new agent starts in: thawed, with a leftover marker noted for
     * {@link #ignoredMarkerWarning()}. A marker that cannot be checked (other than being absent)
     * is a misconfigured state directory: qemu-ga refuses to start, and so does jga.
     */
    public static FreezeState atStartup(Path statedir, Log log) throws StartupException {
        Path marker = statedir.resolve(MARKER);
        try {
            Files.readAttributes(marker, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return new FreezeState(marker, log, false, false);
        } catch (IOException e) {
            throw new StartupException(ExitCode.STARTUP,
                    "unable to access state file at path " + marker + ": " + Strerror.of(e));
        }
        return new FreezeState(marker, log, false, true);
    }

    /** What to log when a marker was left at start, which this agent ignores. */
    public Optional<String> ignoredMarkerWarning() {
        if (!leftoverMarker) {
            return Optional.empty();
        }
        return Optional.of(marker + " exists: qemu-ga leaves this marker while it holds the guest's"
                + " filesystems frozen (guest-fsfreeze-freeze). jga has no fsfreeze commands yet, so it"
                + " ignores the marker and serves every command; if filesystems are still frozen, thaw them"
                + " with fsfreeze --unfreeze (fsfreeze(8)) and remove the file");
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
