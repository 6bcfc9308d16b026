// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.network;

import static dev.jga.protocol.wire.Messages.GETIFADDRS_FAILED;
import static dev.jga.protocol.wire.Messages.PROC_OPEN_FAILED;
import static dev.jga.protocol.wire.Messages.SOCKET_FAILED;

import dev.jga.agent.platform.NetworkInfo;
import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.Interfaces;
import dev.jga.platform.linux.nativeapi.Interfaces.Entry;
import dev.jga.platform.linux.kernelfs.KernelFile;
import dev.jga.protocol.schema.NetworkCommand.GuestNetworkInterface;
import dev.jga.protocol.schema.NetworkCommand.GuestNetworkRoute;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Interfaces through getifaddrs(3) and SIOCGIFHWADDR (the kernel's answers, which no file
 * holds in the same order), counters and routes from procfs under {@code root} ("/" in
 * service; a fixture tree in tests).
 */
public final class LinuxNetwork implements NetworkInfo {

    private final Path root;

    public LinuxNetwork(Path root) {
        this.root = root;
    }

    @Override
    public List<GuestNetworkInterface> interfaces() {
        List<Entry> entries;
        try {
            entries = Interfaces.addresses();
        } catch (SystemError e) {
            throw QgaError.errno(e.strerror(), GETIFADDRS_FAILED);
        }
        return interfaces(entries, Interfaces::hardwareAddress);
    }

    /** The answer for these getifaddrs entries; separate so that tests can give their own. */
    List<GuestNetworkInterface> interfaces(List<Entry> entries, InterfaceTable.MacLookup macs) {
        try {
            return new InterfaceTable(macs, () -> KernelFile.readOrEmpty(root.resolve("proc/net/dev"))).build(entries);
        } catch (SystemError e) {
            throw QgaError.errno(e.strerror(), SOCKET_FAILED);
        }
    }

    /**
     * IPv4 then IPv6 routes. As in qemu-ga, a table that cannot be read is reported after the
     * other has been read (its error wins; the routes read are dropped with the reply).
     */
    @Override
    public List<GuestNetworkRoute> routes() {
        List<GuestNetworkRoute> routes = new ArrayList<>();
        QgaError failure = null;
        for (String file : List.of("/proc/net/route", "/proc/net/ipv6_route")) {
            try {
                String text = KernelFile.read(root.resolve(file.substring(1)));
                routes.addAll(file.endsWith("ipv6_route") ? RouteTable.ipv6(text) : RouteTable.ipv4(text));
            } catch (IOException e) {
                failure = failure != null ? failure : QgaError.errno(KernelFile.strerror(e), PROC_OPEN_FAILED, file);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return routes;
    }
}
