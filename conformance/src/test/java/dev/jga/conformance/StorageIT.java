// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonArray;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** guest-get-fsinfo, guest-get-disks, guest-get-diskstats and guest-fstrim against the installed qemu-ga. */
class StorageIT extends BesideOracle {

    private static final String FSINFO = "{\"execute\":\"guest-get-fsinfo\"}";
    private static final String DISKSTATS = "{\"execute\":\"guest-get-diskstats\"}";
    /** Usage moves between the two calls on a busy machine (other builds write); this much is "the same". */
    private static final long USAGE_SLACK = 1L << 30;

    @Test
    void disksAreTheOracles() {
        String request = "{\"execute\":\"guest-get-disks\"}";
        assertThat(result(agent, request)).isEqualTo(result(oracle, request));
    }

    /**
     * 7.2 lists a device once per mount, bind mounts included; current qemu-ga (and jga) once, at
     * its first mount. So every jga entry is one of 7.2's, with the same disks, and every
     * device 7.2 lists is in jga's.
     */
    @dev.jga.testkit.QemuGa10Differs("the chroot's mount table holds its own bind mounts")
    @Test
    void filesystemsAndTheirDisksAreTheOracles() {
        List<JsonObject> expected = objects(result(oracle, FSINFO));
        List<JsonObject> actual = objects(result(agent, FSINFO));
        for (JsonObject fs : actual) {
            assertThat(fs.members().keySet()).isSubsetOf("name", "mountpoint", "type", "used-bytes", "total-bytes",
                    "total-bytes-privileged", "disk");
            assertThat(expected).as("oracle's entry for %s", fs.get("mountpoint")).anySatisfy(known -> {
                assertThat(known.get("mountpoint")).isEqualTo(fs.get("mountpoint"));
                assertThat(known.get("name")).isEqualTo(fs.get("name"));
                assertThat(known.get("type")).isEqualTo(fs.get("type"));
                assertThat(known.get("disk")).isEqualTo(fs.get("disk"));
                assertThat(known.get("total-bytes")).isEqualTo(fs.get("total-bytes"));
                assertThat(known.has("used-bytes")).isEqualTo(fs.has("used-bytes"));
                if (fs.has("used-bytes")) {
                    assertThat(number(fs, "used-bytes")).isCloseTo(number(known, "used-bytes"),
                            org.assertj.core.data.Offset.offset(USAGE_SLACK));
                }
            });
        }
        assertThat(actual.stream().map(fs -> fs.get("name")).distinct().toList())
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(fs -> fs.get("name")).distinct().toList());
    }

    @Test
    void diskStatisticsListTheOraclesDevicesWithTheSameMembersAndCountersNeverBehind() {
        List<JsonObject> before = objects(result(oracle, DISKSTATS));
        List<JsonObject> after = objects(result(agent, DISKSTATS));
        assertThat(after).extracting(d -> List.of(d.get("name"), d.get("major"), d.get("minor")))
                .containsExactlyElementsOf(before.stream().map(d -> List.of(d.get("name"), d.get("major"),
                        d.get("minor"))).toList());
        for (int i = 0; i < before.size(); i++) {
            JsonObject early = (JsonObject) before.get(i).get("stats");
            JsonObject late = (JsonObject) after.get(i).get("stats");
            assertThat(late.members().keySet()).isEqualTo(early.members().keySet());
            for (String counter : late.members().keySet()) {
                if (!counter.equals("ios-pgr")) { // requests in flight: goes down as well as up
                    assertThat(number(late, counter)).as(counter).isGreaterThanOrEqualTo(number(early, counter));
                }
            }
        }
    }

    /**
     * A minimum no filesystem accepts (2^64-1 bytes, the C view of -1) makes FITRIM fail with
     * EINVAL before it touches anything: the per-path reporting without trimming a block.
     */
    @dev.jga.testkit.QemuGa10Differs("the chroot's mount table holds its own bind mounts")
    @Test
    void anImpossibleMinimumIsReportedPerFilesystemAsTheOracleReportsIt() {
        String request = "{\"execute\":\"guest-fstrim\",\"arguments\":{\"minimum\":-1}}";
        Map<Json, Json> expected = byPath(result(oracle, request));
        Map<Json, Json> actual = byPath(result(agent, request));
        assertThat(actual).isNotEmpty();
        actual.forEach((path, outcome) -> {
            assertThat(expected).containsKey(path);
            assertThat(outcome).as("%s", path).isEqualTo(expected.get(path));
        });
    }

    @Test
    void argumentErrorsAreTheOracles() {
        for (String request : List.of(
                "{\"execute\":\"guest-fstrim\",\"arguments\":{\"minimum\":\"x\"}}",
                "{\"execute\":\"guest-fstrim\",\"arguments\":{\"minimum\":1.5}}",
                "{\"execute\":\"guest-fstrim\",\"arguments\":{\"mountpoint\":\"/nowhere\"}}",
                "{\"execute\":\"guest-get-fsinfo\",\"arguments\":{\"x\":1}}",
                "{\"execute\":\"guest-get-disks\",\"arguments\":[]}",
                "{\"execute\":\"guest-get-diskstats\",\"arguments\":{\"name\":\"vda\"}}")) {
            assertThat(reply(agent, request)).as(request).isEqualTo(reply(oracle, request));
        }
    }

    @Test
    void everyFilesystemTypeAndDiskBusTypeIsAString() {
        for (JsonObject fs : objects(result(agent, FSINFO))) {
            assertThat(fs.get("type")).isInstanceOf(JsonString.class);
            for (JsonObject disk : objects(fs.get("disk"))) {
                assertThat(disk.members().keySet()).containsAll(Set.of("pci-controller", "bus-type", "bus", "target",
                        "unit"));
                assertThat(disk.get("bus-type")).isInstanceOf(JsonString.class);
            }
        }
    }

    private static Map<Json, Json> byPath(Json response) {
        Map<Json, Json> outcomes = new HashMap<>();
        for (Json entry : ((JsonArray) ((JsonObject) response).get("paths")).elements()) {
            JsonObject result = (JsonObject) entry;
            outcomes.put(result.get("path"), without(result, "path"));
        }
        return outcomes;
    }

    private static long number(JsonObject object, String name) {
        return ((JsonInteger) object.get(name)).value();
    }
}
