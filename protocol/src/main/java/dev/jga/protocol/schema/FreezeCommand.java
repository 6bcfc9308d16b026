// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Filesystem freeze for consistent snapshots (qga/qapi-schema.json, CONFIG_FSFREEZE): the host
 * freezes, snapshots the disks, then thaws. While frozen only guest-ping, guest-info, guest-sync,
 * guest-sync-delimited, guest-fsfreeze-status and guest-fsfreeze-thaw are enabled, and the state
 * outlives the agent in {@code <statedir>/qga.state.isfrozen}.
 */
public sealed interface FreezeCommand<R> extends Command<R> {

    @Qapi(name = "guest-fsfreeze-status", since = "0.15.0",
            doc = "Says whether the agent has frozen the guest's filesystems (\"frozen\") or not (\"thawed\").")
    record FsfreezeStatus() implements FreezeCommand<GuestFsfreezeStatus> {}

    @Qapi(name = "guest-fsfreeze-freeze", since = "0.15.0",
            doc = "Runs the fsfreeze hook with \"freeze\", then freezes every mounted local filesystem; returns how many were frozen.")
    record FsfreezeFreeze() implements FreezeCommand<Long> {}

    @Qapi(name = "guest-fsfreeze-freeze-list", since = "2.2",
            doc = "As guest-fsfreeze-freeze, but only the listed mount points (all of them when the list is absent).")
    record FsfreezeFreezeList(Optional<List<String>> mountpoints) implements FreezeCommand<Long> {}

    @Qapi(name = "guest-fsfreeze-thaw", since = "0.15.0",
            doc = "Thaws every frozen filesystem, then runs the fsfreeze hook with \"thaw\"; returns how many were thawed.")
    record FsfreezeThaw() implements FreezeCommand<Long> {}

    /** QAPI enum GuestFsfreezeStatus. */
    enum GuestFsfreezeStatus implements WireEnum {
        THAWED, FROZEN;

        @Override
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
