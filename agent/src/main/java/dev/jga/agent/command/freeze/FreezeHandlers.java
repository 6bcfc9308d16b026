// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.freeze;

import static dev.jga.protocol.wire.Messages.ACTION_FSFREEZE_HOOK;

import dev.jga.agent.command.helper.HelperCommand;
import dev.jga.agent.command.helper.HelperRunner;
import dev.jga.agent.daemon.FreezeState;
import dev.jga.agent.dispatch.CommandGroup;
import dev.jga.agent.dispatch.Registry;
import dev.jga.agent.log.Log;
import dev.jga.agent.platform.FilesystemFreezer;
import dev.jga.protocol.schema.FreezeCommand.FsfreezeFreeze;
import dev.jga.protocol.schema.FreezeCommand.FsfreezeFreezeList;
import dev.jga.protocol.schema.FreezeCommand.FsfreezeStatus;
import dev.jga.protocol.schema.FreezeCommand.FsfreezeThaw;
import dev.jga.protocol.schema.FreezeCommand.GuestFsfreezeStatus;
import dev.jga.protocol.wire.QgaError;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * guest-fsfreeze-status, -freeze, -freeze-list and -thaw, in qemu-ga's order
 * (qga/commands-posix.c qmp_guest_fsfreeze_freeze_list, qmp_guest_fsfreeze_thaw): the hook with
 * "freeze", the mount list, the frozen state (marker written, log off, only the freeze allow-list
 * enabled) before the first FIFREEZE, since a write by the agent to a frozen filesystem would
 * hang it; then on thaw the reverse, the hook with "thaw" last.
 */
public final class FreezeHandlers implements CommandGroup, AutoCloseable {

    private final FilesystemFreezer freezer;
    private final FreezeState state;
    private final Optional<Path> hook;
    private final HelperRunner runner;
    private final Log log;

    public FreezeHandlers(FilesystemFreezer freezer, FreezeState state, Optional<Path> hook, HelperRunner runner,
            Log log) {
        this.freezer = freezer;
        this.state = state;
        this.hook = hook;
        this.runner = runner;
        this.log = log;
    }

    @Override
    public void bind(Registry registry) {
        registry.bind(FsfreezeStatus.class, command -> status());
        registry.bind(FsfreezeFreeze.class, command -> freeze(Optional.empty()));
        registry.bind(FsfreezeFreezeList.class, command -> freeze(command.mountpoints()));
        registry.bind(FsfreezeThaw.class, command -> thaw());
    }

    GuestFsfreezeStatus status() {
        return state.isFrozen() ? GuestFsfreezeStatus.FROZEN : GuestFsfreezeStatus.THAWED;
    }

    /** Commands serialise here: a freeze and a thaw from two sessions must not interleave. */
    synchronized long freeze(Optional<List<String>> only) {
        log.info("guest-fsfreeze called");
        runHook("freeze");
        List<String> mountpoints = freezer.mountpoints();
        state.freeze();
        long frozen;
        try {
            frozen = freezer.freeze(mountpoints, only);
        } catch (QgaError e) {
            thawAfterFailure();
            throw e;
        }
        if (frozen == 0) {
            state.thaw(); // nothing was frozen: ready for the next call, as qemu-ga
        }
        return frozen;
    }

    synchronized long thaw() {
        long thawed = freezer.thaw();
        state.thaw();
        log.info("guest-fsthaw called");
        runHook("thaw");
        return thawed;
    }

    /** qemu-ga's qmp_guest_fsfreeze_thaw(NULL) after a failed freeze: its own errors are dropped. */
    private void thawAfterFailure() {
        try {
            thaw();
        } catch (QgaError e) {
            log.warning("thaw after a failed freeze: " + e.desc());
        }
    }

    private void runHook(String argument) {
        if (hook.isEmpty()) {
            return;
        }
        log.info("executing fsfreeze hook with arg '" + argument + "'");
        HelperCommand.run(runner, List.of(hook.get().toString(), argument), Optional.empty(), ACTION_FSFREEZE_HOOK);
    }

    /**
     * Thaws what is still frozen when the agent ends (qga/commands-posix.c guest_fsfreeze_cleanup):
     * a filesystem left frozen would hang every writer in the guest.
     */
    @Override
    public synchronized void close() {
        if (state.isFrozen()) {
            try {
                thaw();
            } catch (QgaError e) {
                log.warning("failed to clean up frozen filesystems: " + e.desc());
            }
        }
    }
}
