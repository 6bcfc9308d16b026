// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import dev.jga.agent.platform.FileAccess;
import dev.jga.agent.platform.FilesystemFreezer;
import dev.jga.agent.platform.Hardware;
import dev.jga.agent.platform.HostName;
import dev.jga.agent.platform.MappedFiles;
import dev.jga.agent.platform.NetworkInfo;
import dev.jga.agent.platform.Platform;
import dev.jga.agent.platform.ProcessLauncher;
import dev.jga.agent.platform.StorageInfo;
import dev.jga.agent.platform.SystemInfo;
import dev.jga.agent.platform.UserDatabase;
import dev.jga.agent.transport.Transport;
import dev.jga.platform.linux.hardware.LinuxHardware;
import dev.jga.platform.linux.network.LinuxNetwork;
import dev.jga.platform.linux.process.LinuxProcessLauncher;
import dev.jga.platform.linux.storage.LinuxFilesystemFreezer;
import dev.jga.platform.linux.storage.LinuxStorage;
import dev.jga.platform.linux.storage.MountTable;
import dev.jga.platform.linux.system.LinuxSystemInfo;
import dev.jga.platform.linux.system.SystemRoot;
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

    /** Where procfs, sysfs and udev's database are read: the system's root in service. */
    private static final Path ROOT = Path.of("/");

    private final FileAccess files = new LinuxFileAccess();
    private final HostName hostName = new ProcHostName(ROOT);
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
    public Optional<MappedFiles> mappedFiles() {
        return Optional.of(new CleanFileMappings());
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

    /** FIFREEZE/FITHAW over /proc/self/mountinfo's local filesystems. */
    @Override
    public Optional<FilesystemFreezer> freezer() {
        return Optional.of(new LinuxFilesystemFreezer(new MountTable(Path.of("/"))));
    }

    @Override
    public Optional<UserDatabase> users() {
        return Optional.of(new LinuxUserDatabase());
    }

    /** Built on first use: reading nothing at start, it costs only its objects. */
    @Override
    public Optional<SystemInfo> systemInfo() {
        return Optional.of(LinuxSystemInfo.live());
    }

    @Override
    public Optional<Hardware> hardware() {
        return Optional.of(new LinuxHardware(SystemRoot.LIVE));
    }

    @Override
    public Optional<NetworkInfo> network() {
        return Optional.of(new LinuxNetwork(ROOT));
    }

    @Override
    public Optional<StorageInfo> storage() {
        return Optional.of(new LinuxStorage(ROOT));
    }
}
