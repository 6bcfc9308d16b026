// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import dev.jga.agent.transport.Transport;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * What the operating system lets the agent do, as narrow capabilities. A capability the platform
 * cannot offer is absent, and so are the commands that need it: they are never registered, and
 * the host gets CommandNotFound, as with a QAPI 'if' in qemu.
 */
public interface Platform {

    /** A short name for logs, e.g. "linux". */
    String name();

    /** guest-file-* access; every platform has it. */
    FileAccess files();

    /**
     * Opens the host channel for {@code method} ("virtio-serial", "isa-serial", "vsock-listen")
     * at {@code path}, or empty if this platform has no such channel. unix-listen is portable and
     * lives in the agent.
     */
    Optional<Transport> openChannel(String method, String path) throws IOException;

    /**
     * The listening socket a service manager passed in (systemd socket activation: LISTEN_FDS and
     * LISTEN_PID in {@code env}), which replaces --method/--path as in qemu-ga; empty when none was
     * passed or the platform has no such mechanism. Throws for qemu's fatal cases ("qemu-ga only
     * supports listening on one socket", "unsupported listen fd type").
     */
    default Optional<Transport> inheritedListener(Map<String, String> env) throws IOException {
        return Optional.empty();
    }

    /** The host name (guest-get-host-name); absent where the platform cannot read it. */
    default Optional<HostName> hostName() {
        return Optional.empty();
    }

    /** Starting programs (guest-exec, guest-pipe-open); absent where the platform cannot. */
    default Optional<ProcessLauncher> processes() {
        return Optional.empty();
    }

    /** Filesystem freeze (guest-fsfreeze-*); absent where the platform has no such call. */
    default Optional<FilesystemFreezer> freezer() {
        return Optional.empty();
    }

    /** The password database (guest-ssh-*-authorized-keys); absent where the platform has none. */
    default Optional<UserDatabase> users() {
        return Optional.empty();
    }

    /** OS, clock, time zone, users and load (the guest-get-osinfo family); absent where unknown. */
    default Optional<SystemInfo> systemInfo() {
        return Optional.empty();
    }

    /** Processors, memory blocks and CPU statistics; absent where the platform cannot see them. */
    default Optional<Hardware> hardware() {
        return Optional.empty();
    }

    /** guest-network-get-interfaces and guest-network-get-route; absent where the platform cannot. */
    default Optional<NetworkInfo> network() {
        return Optional.empty();
    }

    /** The agent's own read-only file mappings, for giving their pages back; absent where the platform cannot. */
    default Optional<MappedFiles> mappedFiles() {
        return Optional.empty();
    }

    /** guest-get-fsinfo, guest-get-disks, guest-get-diskstats and guest-fstrim; absent where the platform cannot. */
    default Optional<StorageInfo> storage() {
        return Optional.empty();
    }
}
