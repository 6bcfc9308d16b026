// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import dev.jga.agent.platform.FileAccess;
import dev.jga.agent.platform.HostName;
import dev.jga.agent.platform.Platform;
import dev.jga.agent.platform.ProcessLauncher;
import dev.jga.agent.transport.Transport;
import dev.jga.platform.linux.process.LinuxProcessLauncher;
import dev.jga.platform.linux.transport.PortTransport;
import dev.jga.platform.linux.transport.SocketActivation;
import dev.jga.platform.linux.transport.SocketListenTransport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Linux, through libc via the FFM API: the capabilities qemu-ga's commands-posix.c and
 * channel-posix.c provide, with qemu's flags and error texts.
 */
public final class LinuxPlatform implements Platform {

    private final FileAccess files = new LinuxFileAccess();
    private final HostName hostName = new ProcHostName(Path.of("/"));
    /**
     * Probed on first use (the agent asks when guest-info or a guest-exec command first needs it):
     * the probe's symbol lookup initialises the FFM linker, a few milliseconds of start-up.
     */
    private Optional<ProcessLauncher> processes;

    @Override
    public String name() {
        return "linux";
    }

    @Override
    public FileAccess files() {
        return files;
    }

    /** virtio-serial, isa-serial and vsock-listen; unix-listen is the agent's own. */
    @Override
    public Optional<Transport> openChannel(String method, String path) throws IOException {
        return switch (method) {
            case "virtio-serial" -> Optional.of(PortTransport.virtioSerial(path));
            case "isa-serial" -> Optional.of(PortTransport.isaSerial(path));
            case "vsock-listen" -> Optional.of(SocketListenTransport.vsock(path));
            default -> Optional.empty();
        };
    }

    /** The listener systemd passed (LISTEN_FDS/LISTEN_PID), if this process was socket-activated. */
    @Override
    public Optional<Transport> inheritedListener(Map<String, String> env) throws IOException {
        return SocketActivation.listener(env, ProcessHandle.current().pid());
    }

    @Override
    public Optional<HostName> hostName() {
        return Optional.of(hostName);
    }

    @Override
    public synchronized Optional<ProcessLauncher> processes() {
        if (processes == null) {
            processes = LinuxProcessLauncher.create();
        }
        return processes;
    }
}
