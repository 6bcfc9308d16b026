// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.power;

import static dev.jga.protocol.wire.Messages.ACTION_SHUTDOWN;
import static dev.jga.protocol.wire.Messages.SHUTDOWN_MODE_INVALID;

import dev.jga.agent.command.helper.HelperCommand;
import dev.jga.agent.command.helper.HelperRunner;
import dev.jga.agent.dispatch.CommandGroup;
import dev.jga.agent.dispatch.Registry;
import dev.jga.agent.log.Log;
import dev.jga.protocol.schema.Empty;
import dev.jga.protocol.schema.PowerCommand.Shutdown;
import dev.jga.protocol.schema.PowerCommand.SuspendDisk;
import dev.jga.protocol.schema.PowerCommand.SuspendHybrid;
import dev.jga.protocol.schema.PowerCommand.SuspendRam;
import dev.jga.protocol.wire.QgaError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * guest-shutdown (qga/commands-posix.c qmp_guest_shutdown) and guest-suspend-* (qga/commands-linux.c
 * guest_suspend). Programs and /sys files are found under {@code root}, "/" but for tests, so a
 * test can see what would run without powering anything down.
 */
public final class PowerHandlers implements CommandGroup {

    private final HelperRunner runner;
    private final Path root;
    private final Log log;

    public PowerHandlers(HelperRunner runner, Path root, Log log) {
        this.runner = runner;
        this.root = root;
        this.log = log;
    }

    @Override
    public void bind(Registry registry) {
        registry.bind(Shutdown.class, this::shutdown);
        Suspend suspend = new Suspend(runner, root.resolve("sys/power/state"));
        registry.bind(SuspendDisk.class, command -> suspend.enter(SuspendMode.DISK));
        registry.bind(SuspendRam.class, command -> suspend.enter(SuspendMode.RAM));
        registry.bind(SuspendHybrid.class, command -> suspend.enter(SuspendMode.HYBRID));
    }

    Empty shutdown(Shutdown command) {
        log.info("guest-shutdown called, mode: " + command.mode().orElse("(null)"));
        HelperCommand.run(runner, shutdownCommand(command.mode().orElse("powerdown")), Optional.empty(),
                ACTION_SHUTDOWN);
        return Empty.VALUE;
    }

    /**
     * /sbin/poweroff, /sbin/halt or /sbin/reboot when executable (qemu 8.2+), else
     * {@code /sbin/shutdown -h -P|-H|-r +0 "hypervisor initiated shutdown"}.
     */
    List<String> shutdownCommand(String mode) {
        String program;
        String flag;
        switch (mode) {
            case "powerdown" -> {
                program = "poweroff";
                flag = "-P";
            }
            case "halt" -> {
                program = "halt";
                flag = "-H";
            }
            case "reboot" -> {
                program = "reboot";
                flag = "-r";
            }
            default -> throw QgaError.generic(SHUTDOWN_MODE_INVALID);
        }
        Path specific = root.resolve("sbin").resolve(program);
        if (Files.isExecutable(specific)) {
            return List.of(specific.toString());
        }
        return List.of(root.resolve("sbin/shutdown").toString(), "-h", flag, "+0", "hypervisor initiated shutdown");
    }
}
