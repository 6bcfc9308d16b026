// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import dev.jga.protocol.schema.NetworkCommand.GuestNetworkInterface;
import dev.jga.protocol.schema.NetworkCommand.GuestNetworkRoute;
import java.util.List;

/**
 * The guest's interfaces and routes, read the way qemu-ga reads them. The answers are the schema's
 * records: their order, and which optional members are present, are the platform's knowledge
 * (qemu-ga's getifaddrs and procfs walks), not the agent's. A failure is thrown as a
 * {@link dev.jga.protocol.wire.QgaError} with qemu-ga's text.
 */
public interface NetworkInfo {

    /** guest-network-get-interfaces. */
    List<GuestNetworkInterface> interfaces();

    /** guest-network-get-route. */
    List<GuestNetworkRoute> routes();
}
