// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.network;

import dev.jga.protocol.schema.NetworkCommand.GuestNetworkRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Routes from /proc/net/route and /proc/net/ipv6_route's text, parsed as qemu-ga's
 * qmp_guest_network_get_route (qga/commands-linux.c) parses them with sscanf: a line with a field
 * that does not scan is skipped, and the C types are kept. IPv6 metric and flags are scanned
 * with %x into an int, so 0xffffffff is metric -1 and flags with the top bit set come out
 * sign-extended in the uint64 member (RTF_CACHE routes show flags 18446744071564165121).
 */
final class RouteTable {

    private RouteTable() {}

    /** IPv4 routes; the first line is a header. */
    static List<GuestNetworkRoute> ipv4(String text) {
        List<GuestNetworkRoute> routes = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].strip().split("\\s+");
            if (f.length < 11) {
                continue;
            }
            try {
                // %s %X %X %x %d %d %d %X %d %d %d
                int destination = hex(f[1]);
                int gateway = hex(f[2]);
                long flags = hex(f[3]) & 0xffffffffL; // unsigned int
                int refcnt = decimal(f[4]);
                int use = decimal(f[5]);
                int metric = decimal(f[6]);
                int mask = hex(f[7]);
                int mtu = decimal(f[8]);
                int window = decimal(f[9]);
                int irtt = decimal(f[10]);
                routes.add(new GuestNetworkRoute(f[0], ipv4Address(destination), metric, Optional.of(ipv4Address(gateway)),
                        Optional.of(ipv4Address(mask)), Optional.of((long) irtt), Optional.of(flags),
                        Optional.of((long) refcnt), Optional.of((long) use), Optional.of((long) window),
                        Optional.of((long) mtu), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), 4));
            } catch (NumberFormatException notScanned) {
                // sscanf returned fewer than 11: qemu-ga skips the line
            }
        }
        return routes;
    }

    /** IPv6 routes: destination, its prefix length, source, its prefix length, next hop, metric, refcnt, use, flags, iface. */
    static List<GuestNetworkRoute> ipv6(String text) {
        List<GuestNetworkRoute> routes = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            try {
                // %32s %x %32s %x %32s %x %x %x %x %s
                int destinationLength = hex(f[1]);
                int sourceLength = hex(f[3]);
                int metric = hex(f[5]);
                int refcnt = hex(f[6]);
                int use = hex(f[7]);
                long flags = hex(f[8]); // int, sign-extended into uint64
                Optional<String> destination = ipv6Address(f[0]);
                if (destination.isEmpty()) {
                    continue;
                }
                routes.add(new GuestNetworkRoute(f[9], destination.get(), metric, Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.of(flags), Optional.of((long) refcnt), Optional.of((long) use),
                        Optional.empty(), Optional.empty(), Optional.of(Integer.toString(destinationLength)),
                        ipv6Address(f[2]), Optional.of(Integer.toString(sourceLength)), ipv6Address(f[4]), 6));
            } catch (NumberFormatException notScanned) {
                // sscanf returned fewer than 10: qemu-ga skips the line
            }
        }
        return routes;
    }

    /** /proc/net/route's addresses are the in-memory (network order) bytes printed as a host-order int. */
    private static String ipv4Address(int value) {
        return (value & 0xff) + "." + (value >>> 8 & 0xff) + "." + (value >>> 16 & 0xff) + "." + (value >>> 24 & 0xff);
    }

    /** hex_to_ip_address: sixteen "%02hhx" pairs, or empty when one does not scan. */
    private static Optional<String> ipv6Address(String hex) {
        byte[] address = new byte[16];
        for (int i = 0; i < 16; i++) {
            int at = 2 * i;
            int end = at;
            while (end < hex.length() && end < at + 2 && Character.digit(hex.charAt(end), 16) >= 0) {
                end++;
            }
            if (end == at) {
                return Optional.empty();
            }
            address[i] = (byte) Integer.parseInt(hex, at, end, 16);
        }
        return Optional.of(InetText.ipv6(address));
    }

    /** %x or %X into a C int: strtoul's value, cut to 32 bits. */
    private static int hex(String token) {
        String digits = token.startsWith("0x") || token.startsWith("0X") ? token.substring(2) : token;
        return (int) Long.parseUnsignedLong(digits.length() > 16 ? "ffffffffffffffff" : digits, 16);
    }

    /** %d into a C int: strtol's value, cut to 32 bits. */
    private static int decimal(String token) {
        return (int) Long.parseLong(token);
    }
}
