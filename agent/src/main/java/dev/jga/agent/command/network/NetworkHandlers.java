// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.network;

import dev.jga.agent.dispatch.CommandGroup;
import dev.jga.agent.dispatch.Registry;
import dev.jga.agent.platform.NetworkInfo;
import dev.jga.protocol.schema.NetworkCommand.NetworkGetInterfaces;
import dev.jga.protocol.schema.NetworkCommand.NetworkGetRoute;

/** guest-network-get-interfaces and guest-network-get-route (qga/commands-posix.c, commands-linux.c). */
public final class NetworkHandlers implements CommandGroup {

    private final NetworkInfo network;

    public NetworkHandlers(NetworkInfo network) {
        this.network = network;
    }

    @Override
    public void bind(Registry registry) {
        registry.bind(NetworkGetInterfaces.class, command -> network.interfaces());
        registry.bind(NetworkGetRoute.class, command -> network.routes());
    }
}
