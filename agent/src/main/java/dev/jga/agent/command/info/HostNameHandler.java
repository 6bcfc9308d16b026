// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.info;

import static dev.jga.protocol.wire.Messages.HOST_NAME_FAILED;

import dev.jga.agent.dispatch.CommandGroup;
import dev.jga.agent.dispatch.Registry;
import dev.jga.agent.platform.HostName;
import dev.jga.agent.platform.SystemError;
import dev.jga.protocol.schema.InfoCommand.GetHostName;
import dev.jga.protocol.schema.InfoCommand.GuestHostName;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;

/** Serves guest-get-host-name where the platform can read the host name. */
public final class HostNameHandler implements CommandGroup {

    private final HostName hostName;

    public HostNameHandler(HostName hostName) {
        this.hostName = hostName;
    }

    @Override
    public void bind(Registry registry) {
        registry.bind(GetHostName.class, command -> hostName(hostName));
    }

    /**
     * qga/commands.c qmp_guest_get_host_name over util/oslib-posix.c qemu_get_host_name: the name
     * read at each call, and gethostname's errno after "cannot get hostname" when it fails.
     */
    static GuestHostName hostName(HostName hostName) {
        try {
            return new GuestHostName(hostName.read());
        } catch (SystemError e) {
            throw QgaError.errno(e.strerror(), HOST_NAME_FAILED);
        } catch (IOException e) {
            throw QgaError.errno(String.valueOf(e.getMessage()), HOST_NAME_FAILED);
        }
    }
}
