// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.network;

import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.Interfaces;
import dev.jga.platform.linux.nativeapi.Interfaces.Entry;
import dev.jga.protocol.schema.NetworkCommand.GuestIpAddress;
import dev.jga.protocol.schema.NetworkCommand.GuestIpAddressType;
import dev.jga.protocol.schema.NetworkCommand.GuestNetworkInterface;
import dev.jga.protocol.schema.NetworkCommand.GuestNetworkInterfaceStat;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * guest-network-get-interfaces' answer built from getifaddrs' entries, in the steps of qemu-ga's
 * qmp_guest_network_get_interfaces (qga/commands-posix.c): an interface per distinct name, in
 * order of first appearance; its MAC asked for at each of its entries until one answer comes;
 * each IPv4 or IPv6 address appended with the netmask's bit count as prefix; and the counters
 * looked up when the first address is added, so an interface without addresses has neither.
 */
final class InterfaceTable {

    /** SIOCGIFHWADDR for a name: empty when the ioctl fails; throws when no socket can be made. */
    @FunctionalInterface
    interface MacLookup {
        Optional<byte[]> of(String name) throws SystemError;
    }

    private final MacLookup macs;
    private final Supplier<String> procNetDev;
    private final Map<String, Builder> byName = new LinkedHashMap<>();
    private String netDev;

    /** {@code procNetDev} is read at most once, when the first address needs counters ("" if unreadable). */
    InterfaceTable(MacLookup macs, Supplier<String> procNetDev) {
        this.macs = macs;
        this.procNetDev = procNetDev;
    }

    List<GuestNetworkInterface> build(List<Entry> entries) throws SystemError {
        for (Entry entry : entries) {
            Builder info = byName.computeIfAbsent(entry.name(), Builder::new);
            if (info.mac == null) {
                info.mac = macs.of(entry.name()).map(InterfaceTable::macText).orElse(null);
            }
            address(entry).ifPresent(address -> {
                info.addresses.add(address);
                if (info.statistics == null) {
                    info.statistics = NetDevStats.find(netDev(), info.name);
                }
            });
        }
        return byName.values().stream().map(Builder::build).toList();
    }

    private String netDev() {
        if (netDev == null) {
            netDev = procNetDev.get();
        }
        return netDev;
    }

    private static Optional<GuestIpAddress> address(Entry entry) {
        if (entry.address() == null) {
            return Optional.empty();
        }
        boolean v4 = entry.family() == Interfaces.AF_INET;
        String text = v4 ? InetText.ipv4(entry.address()) : InetText.ipv6(entry.address());
        return Optional.of(new GuestIpAddress(text, v4 ? GuestIpAddressType.IPV4 : GuestIpAddressType.IPV6,
                prefix(entry.netmask())));
    }

    /** The netmask's set bits (qemu counts them with ctpop32); 0 without a netmask. */
    private static long prefix(byte[] netmask) {
        long bits = 0;
        if (netmask != null) {
            for (byte b : netmask) {
                bits += Integer.bitCount(b & 0xff);
            }
        }
        return bits;
    }

    private static final HexFormat MAC = HexFormat.ofDelimiter(":");

    private static String macText(byte[] mac) {
        return MAC.formatHex(mac);
    }

    private static final class Builder {
        final String name;
        final List<GuestIpAddress> addresses = new ArrayList<>();
        String mac;
        Optional<GuestNetworkInterfaceStat> statistics;

        Builder(String name) {
            this.name = name;
        }

        GuestNetworkInterface build() {
            return new GuestNetworkInterface(name, Optional.ofNullable(mac),
                    addresses.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(addresses)),
                    statistics == null ? Optional.empty() : statistics);
        }
    }
}
