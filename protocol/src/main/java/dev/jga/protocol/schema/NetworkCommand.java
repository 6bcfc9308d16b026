// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The guest's network as the kernel reports it: interfaces with their addresses and counters, and
 * the routing tables. Read only; what hosts poll (libvirt's domifaddr, KubeVirt, Proxmox).
 */
public sealed interface NetworkCommand<R> extends Command<R> {

    @Qapi(name = "guest-network-get-interfaces", since = "1.1",
            doc = "Lists the network interfaces with their hardware address, IP addresses and packet counters.")
    record NetworkGetInterfaces() implements NetworkCommand<List<GuestNetworkInterface>> {}

    @Qapi(name = "guest-network-get-route", since = "9.1",
            doc = "Lists the IPv4 and IPv6 routing table entries (/proc/net/route and /proc/net/ipv6_route).")
    record NetworkGetRoute() implements NetworkCommand<List<GuestNetworkRoute>> {}

    /** QAPI enum GuestIpAddressType. */
    enum GuestIpAddressType implements WireEnum {
        IPV4, IPV6;

        @Override
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code prefix} is the number of set bits in the netmask. */
    record GuestIpAddress(String ipAddress, GuestIpAddressType ipAddressType, long prefix) {}

    /** /proc/net/dev's counters for an interface (since 2.11). */
    record GuestNetworkInterfaceStat(@Unsigned long rxBytes, @Unsigned long rxPackets, @Unsigned long rxErrs,
            @Unsigned long rxDropped, @Unsigned long txBytes, @Unsigned long txPackets, @Unsigned long txErrs,
            @Unsigned long txDropped) {}

    /**
     * One interface. {@code ip-addresses} and {@code statistics} are present only for an
     * interface with at least one IP address, as in qemu-ga.
     */
    record GuestNetworkInterface(String name, Optional<String> hardwareAddress,
            Optional<List<GuestIpAddress>> ipAddresses, Optional<GuestNetworkInterfaceStat> statistics) {}

    /**
     * One route. IPv4 routes carry gateway, mask, mtu, window and irtt; IPv6 routes carry the
     * prefix lengths (as decimal strings), source and next hop. {@code version} is 4 or 6.
     */
    record GuestNetworkRoute(String iface, String destination, long metric, Optional<String> gateway,
            Optional<String> mask, Optional<Long> irtt, @Unsigned Optional<Long> flags, Optional<Long> refcnt,
            Optional<Long> use, Optional<Long> window, Optional<Long> mtu, Optional<String> desprefixlen,
            Optional<String> source, Optional<String> srcprefixlen, Optional<String> nexthop, long version) {}
}
