// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.testkit.QemuVersionDiffers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** guest-network-get-interfaces and guest-network-get-route against the installed qemu-ga. */
class NetworkIT extends BesideOracle {

    private static final String INTERFACES = "{\"execute\":\"guest-network-get-interfaces\"}";
    private static final Set<String> COUNTERS = Set.of("rx-bytes", "rx-packets", "rx-errs", "rx-dropped", "tx-bytes",
            "tx-packets", "tx-errs", "tx-dropped");

    @Test
    void interfacesAddressesAndMacsAreTheOraclesInItsOrder() {
        List<JsonObject> expected = objects(result(oracle, INTERFACES));
        List<JsonObject> actual = objects(result(agent, INTERFACES));
        assertThat(actual).extracting(i -> without(i, "statistics"))
                .containsExactlyElementsOf(expected.stream().map(i -> without(i, "statistics")).toList());
        assertThat(actual).extracting(i -> i.has("statistics"))
                .containsExactlyElementsOf(expected.stream().map(i -> i.has("statistics")).toList());
    }

    @Test
    void countersAreTheEightOfProcNetDevAndNeverBehindTheOracles() {
        List<JsonObject> before = objects(result(oracle, INTERFACES));
        List<JsonObject> after = objects(result(agent, INTERFACES));
        for (int i = 0; i < Math.min(before.size(), after.size()); i++) {
            if (!after.get(i).has("statistics") || !before.get(i).has("statistics")) {
                continue;
            }
            JsonObject early = (JsonObject) before.get(i).get("statistics");
            JsonObject late = (JsonObject) after.get(i).get("statistics");
            assertThat(late.members().keySet()).isEqualTo(COUNTERS);
            for (String counter : COUNTERS) {
                assertThat(((JsonInteger) late.get(counter)).value()).as(counter)
                        .isGreaterThanOrEqualTo(((JsonInteger) early.get(counter)).value());
            }
        }
    }

    @Test
    void anUnexpectedArgumentIsRefusedAsByTheOracle() {
        String request = "{\"execute\":\"guest-network-get-interfaces\",\"arguments\":{\"name\":\"lo\"}}";
        assertThat(reply(agent, request)).isEqualTo(reply(oracle, request));
    }

    @Test
    @QemuVersionDiffers("guest-network-get-route is 9.1's; 7.2 answers CommandNotFound")
    void routesAreOnePerLineOfTheKernelsTablesWithTheirVersion() throws IOException {
        List<JsonObject> routes = objects(result(agent, "{\"execute\":\"guest-network-get-route\"}"));
        long ipv4 = Files.readAllLines(Path.of("/proc/net/route")).stream().skip(1).filter(l -> !l.isBlank()).count();
        long ipv6 = Files.readAllLines(Path.of("/proc/net/ipv6_route")).stream().filter(l -> !l.isBlank()).count();
        assertThat(routes.stream().filter(r -> r.get("version").equals(new JsonInteger(4))).count()).isEqualTo(ipv4);
        assertThat(routes.stream().filter(r -> r.get("version").equals(new JsonInteger(6))).count()).isEqualTo(ipv6);
        for (JsonObject route : routes) {
            boolean v4 = route.get("version").equals(new JsonInteger(4));
            Set<String> members = v4
                    ? Set.of("iface", "destination", "metric", "gateway", "mask", "irtt", "flags", "refcnt", "use",
                            "window", "mtu", "version")
                    : Set.of("iface", "destination", "metric", "flags", "refcnt", "use", "desprefixlen", "source",
                            "srcprefixlen", "nexthop", "version");
            assertThat(route.members().keySet()).as(route.toString()).isEqualTo(members);
            assertThat(route.get("iface")).isInstanceOf(JsonString.class);
        }
    }

    @Test
    @QemuVersionDiffers("guest-network-get-route is 9.1's; 7.2 answers CommandNotFound")
    void theDefaultIpv4RouteReadsAsDottedAddresses() throws IOException {
        List<JsonObject> routes = objects(result(agent, "{\"execute\":\"guest-network-get-route\"}"));
        for (String line : Files.readAllLines(Path.of("/proc/net/route")).stream().skip(1).toList()) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 7 && fields[1].equals("00000000") && fields[7].equals("00000000")) {
                Json gateway = new JsonString(dotted(fields[2]));
                assertThat(routes).anySatisfy(route -> {
                    assertThat(route.get("destination")).isEqualTo(new JsonString("0.0.0.0"));
                    assertThat(route.get("gateway")).isEqualTo(gateway);
                    assertThat(route.get("iface")).isEqualTo(new JsonString(fields[0]));
                });
            }
        }
    }

    /** /proc/net/route's hex is the address's bytes read as a little-endian int. */
    private static String dotted(String hex) {
        long value = Long.parseLong(hex, 16);
        return (value & 0xff) + "." + (value >> 8 & 0xff) + "." + (value >> 16 & 0xff) + "." + (value >> 24 & 0xff);
    }
}
