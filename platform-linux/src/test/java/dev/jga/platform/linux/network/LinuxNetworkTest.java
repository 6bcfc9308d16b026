// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.platform.linux.nativeapi.Interfaces;
import dev.jga.platform.linux.nativeapi.Interfaces.Entry;
import dev.jga.protocol.schema.NetworkCommand.GuestIpAddress;
import dev.jga.protocol.schema.NetworkCommand.GuestIpAddressType;
import dev.jga.protocol.schema.NetworkCommand.GuestNetworkInterface;
import dev.jga.protocol.schema.NetworkCommand.GuestNetworkRoute;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network readers on fixture procfs files and given getifaddrs entries. */
class LinuxNetworkTest {

    @TempDir
    Path root;

    @Test
    void interfacesKeepGetifaddrsOrderAndOnlyAddressedOnesHaveCounters() throws IOException {
        write("proc/net/dev", """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0
                  eth0: 53194730    1616    1    2    0     0          0         0   141515    1230    3    4    0     0       0          0
                """);
        List<Entry> entries = List.of(new Entry("lo", 17, null, null), new Entry("eth0", 17, null, null),
                new Entry("tun0", 17, null, null),
                new Entry("lo", Interfaces.AF_INET, bytes("7f000001"), bytes("ff000000")),
                new Entry("eth0", Interfaces.AF_INET, bytes("c0000202"), bytes("ffffff00")),
                new Entry("eth0", Interfaces.AF_INET6, bytes("fd000000000000000000000000000002"),
                        bytes("ffffffffffffffff0000000000000000")));
        List<GuestNetworkInterface> interfaces = new LinuxNetwork(root).interfaces(entries,
                name -> name.equals("tun0") ? Optional.empty() : Optional.of(bytes("02fc00000001")));
        assertThat(interfaces).extracting(GuestNetworkInterface::name).containsExactly("lo", "eth0", "tun0");
        GuestNetworkInterface eth0 = interfaces.get(1);
        assertThat(eth0.hardwareAddress()).contains("02:fc:00:00:00:01");
        assertThat(eth0.ipAddresses()).contains(List.of(
                new GuestIpAddress("192.0.2.2", GuestIpAddressType.IPV4, 24),
                new GuestIpAddress("fd00::2", GuestIpAddressType.IPV6, 64)));
        assertThat(eth0.statistics()).hasValueSatisfying(stats -> {
            assertThat(stats.rxBytes()).isEqualTo(53194730);
            assertThat(stats.rxErrs()).isEqualTo(1);
            assertThat(stats.txDropped()).isEqualTo(4);
        });
        GuestNetworkInterface tun0 = interfaces.get(2);
        assertThat(tun0.hardwareAddress()).isEmpty();
        assertThat(tun0.ipAddresses()).isEmpty();
        assertThat(tun0.statistics()).isEmpty();
    }

    @Test
    void ipv6AddressesAreWrittenAsGlibcsInetNtopWritesThem() {
        assertThat(InetText.ipv6(bytes("00000000000000000000000000000001"))).isEqualTo("::1");
        assertThat(InetText.ipv6(bytes("00000000000000000000000000000000"))).isEqualTo("::");
        assertThat(InetText.ipv6(bytes("fe8000000000000000fc00fffe000001"))).isEqualTo("fe80::fc:ff:fe00:1");
        assertThat(InetText.ipv6(bytes("00000000000000000000ffffc0000202"))).isEqualTo("::ffff:192.0.2.2");
        assertThat(InetText.ipv6(bytes("20010db8000000010000000000000001"))).isEqualTo("2001:db8:0:1::1");
        assertThat(InetText.ipv6(bytes("20010db8000100000000000100000000"))).isEqualTo("2001:db8:1::1:0:0");
        assertThat(InetText.ipv6(bytes("20010db8000100010001000100010001"))).isEqualTo("2001:db8:1:1:1:1:1:1");
    }

    @Test
    void routesKeepQemusCTypesSignExtendedFlagsAndAMinusOneMetric() throws IOException {
        write("proc/net/route", """
                Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
                eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
                eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t1500\t0\t0
                """);
        write("proc/net/ipv6_route", """
                20010db8000000000000000000000000 30 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003     eth0
                00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo
                00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
                """);
        List<GuestNetworkRoute> routes = new LinuxNetwork(root).routes();
        assertThat(routes).hasSize(5);
        GuestNetworkRoute gateway = routes.get(0);
        assertThat(gateway.gateway()).contains("192.0.2.1");
        assertThat(gateway.metric()).isEqualTo(100);
        assertThat(routes.get(1).mask()).contains("255.255.255.0");
        assertThat(routes.get(1).mtu()).contains(1500L);
        GuestNetworkRoute v6 = routes.get(2);
        assertThat(v6.destination()).isEqualTo("2001:db8::");
        assertThat(v6.desprefixlen()).contains("48");
        assertThat(v6.nexthop()).contains("fe80::1");
        assertThat(v6.metric()).isEqualTo(1024);
        assertThat(v6.version()).isEqualTo(6);
        assertThat(routes.get(3).flags()).contains((long) 0x80200001); // prints as 18446744071564165121
        assertThat(routes.get(4).metric()).isEqualTo(-1);
    }

    @Test
    void anUnreadableRouteTableIsQemusOpenError() throws IOException {
        write("proc/net/route", "Iface\tDestination\n");
        assertThatThrownBy(() -> new LinuxNetwork(root).routes()).isInstanceOf(QgaError.class)
                .hasMessage("open(\"/proc/net/ipv6_route\"): No such file or directory");
    }

    private void write(String path, String text) throws IOException {
        Files.createDirectories(root.resolve(path).getParent());
        Files.writeString(root.resolve(path), text);
    }

    private static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
