// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The agent's effective configuration: qemu-ga's command line over its keyfile
 * ({@code [general]} in /etc/qemu/qemu-ga.conf), with qemu-ga's defaults.
 *
 * @param method virtio-serial (default), isa-serial, unix-listen or vsock-listen
 * @param path the channel's path; empty means the method's default (required for the listeners)
 * @param allowRpcs empty when no allow-list was given (everything allowed); lists keep the
 *     order qemu-ga's -D prints them in
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
        Optional<List<String>> allowRpcs) {

    public static final String DEFAULT_METHOD = "virtio-serial";
    public static final String VIRTIO_SERIAL_DEFAULT_PATH = "/dev/virtio-ports/org.qemu.guest_agent.0";
    public static final String ISA_SERIAL_DEFAULT_PATH = "/dev/ttyS0";
    public static final Path DEFAULT_PIDFILE = Path.of("/var/run/qemu-ga.pid");
    public static final Path DEFAULT_STATEDIR = Path.of("/var/run");
    public static final Path DEFAULT_FSFREEZE_HOOK = Path.of("/etc/qemu/fsfreeze-hook");

    public AgentConfig {
        blockRpcs = List.copyOf(blockRpcs);
        allowRpcs = allowRpcs.map(List::copyOf);
    }

    /** qemu-ga's defaults for everything, on {@code method} at {@code path}. */
    public static AgentConfig defaults(String method, Optional<String> path) {
        return new AgentConfig(false, method, path, Optional.empty(), DEFAULT_PIDFILE, Optional.empty(),
                DEFAULT_STATEDIR, false, false, List.of(), Optional.empty());
    }

    /** The channel path, or the method's default (qga/main.c). */
    public Optional<String> channelPath() {
        if (path.isPresent()) {
            return path;
        }
        return switch (method) {
            case "virtio-serial" -> Optional.of(VIRTIO_SERIAL_DEFAULT_PATH);
            case "isa-serial" -> Optional.of(ISA_SERIAL_DEFAULT_PATH);
            default -> Optional.empty();
        };
    }
}
