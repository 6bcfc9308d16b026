// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static dev.jga.conformance.SystemUnderTest.read;
import static dev.jga.conformance.SystemUnderTest.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonDouble;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonNumber;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.QemuVersionDiffers;
import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * guest-get-osinfo, -timezone, -time, -users, -load and guest-set-time's argument checks
 * (qga/commands-posix.c, qga/commands.c; test-qga.c /qga/guest-get-osinfo). The agent runs with
 * QGA_OS_RELEASE naming a relative file in its working directory, so the os-release fields of one
 * test are fixed and the same for every target; guest-set-time is only ever given times it refuses.
 */
class InfoIT {

    /** test-qga.c's tests/data/test-qga-os-release, quoting and all. */
    private static final String OS_RELEASE = """
            ID=qemu-ga-test
            NAME=QEMU-GA
            PRETTY_NAME="QEMU Guest Agent test"
            VERSION="Test 1"
            VERSION_ID=1
            VARIANT="Unit test \\"\\'\\$\\`\\\\ and \\\\\\\\ etc."
            VARIANT_ID=unit-test
            """;

    private static AgentUnderTest agent;

    @BeforeAll
    static void start() {
        agent = AgentUnderTest.start(List.of(), AgentUnderTest.env("QGA_OS_RELEASE", "os-release"));
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @Test
    void osinfoReadsTheOsReleaseFileAsQemuUnquotesIt() throws IOException {
        Files.writeString(agent.dir().resolve("os-release"), OS_RELEASE);
        try (WireClient client = agent.connect()) {
            JsonObject info = (JsonObject) result(client, "{\"execute\":\"guest-get-osinfo\"}");
            Map<String, String> fields = new LinkedHashMap<>();
            info.members().forEach((name, value) -> fields.put(name, ((JsonString) value).value()));
            assertThat(fields).containsEntry("id", "qemu-ga-test").containsEntry("name", "QEMU-GA")
                    .containsEntry("pretty-name", "QEMU Guest Agent test").containsEntry("version", "Test 1")
                    .containsEntry("version-id", "1").containsEntry("variant", "Unit test \"'$`\\ and \\\\ etc.")
                    .containsEntry("variant-id", "unit-test");
        }
    }

    @Test
    void osinfoReportsTheKernelAsUnameDoes() throws IOException {
        Files.writeString(agent.dir().resolve("os-release"), OS_RELEASE);
        try (WireClient client = agent.connect()) {
            JsonObject info = (JsonObject) result(client, "{\"execute\":\"guest-get-osinfo\"}");
            assertThat(string(info, "kernel-release")).isEqualTo(read(Path.of("/proc/sys/kernel/osrelease")).strip());
            assertThat(string(info, "kernel-version")).isEqualTo(read(Path.of("/proc/sys/kernel/version")).strip());
            assertThat(string(info, "machine")).isEqualTo(read(Path.of("/proc/sys/kernel/arch")).strip());
        }
    }

    @Test
    void osinfoLeavesOutTheDistributionWhenTheFileIsMissing() throws IOException {
        Files.deleteIfExists(agent.dir().resolve("os-release"));
        try (WireClient client = agent.connect()) {
            JsonObject info = (JsonObject) result(client, "{\"execute\":\"guest-get-osinfo\"}");
            assertThat(info.members().keySet()).containsExactlyInAnyOrder("kernel-release", "kernel-version", "machine");
        }
    }

    @Test
    void timezoneReportsTheLocalZonesOffsetNow() {
        try (WireClient client = agent.connect()) {
            JsonObject zone = (JsonObject) result(client, "{\"execute\":\"guest-get-timezone\"}");
            assertThat(zone.members().keySet()).containsExactlyInAnyOrder("zone", "offset");
            Path localtime = SystemUnderTest.root(agent.target()).resolve("etc/localtime");
            ZoneId expected = ZoneId.of(zoneName(localtime));
            long offset = expected.getRules().getOffset(Instant.now()).getTotalSeconds();
            assertThat(((JsonInteger) zone.get("offset")).value()).isEqualTo(offset);
            assertThat(string(zone, "zone")).isNotBlank();
            if (expected.normalized().equals(ZoneId.of("UTC").normalized())) {
                assertThat(string(zone, "zone")).isEqualTo("UTC");
            }
        }
    }

    @Test
    void timeIsTheClockInNanosecondsAtMicrosecondResolution() {
        try (WireClient client = agent.connect()) {
            long before = System.currentTimeMillis();
            long nanos = ((JsonInteger) result(client, "{\"execute\":\"guest-get-time\"}")).value();
            long after = System.currentTimeMillis();
            assertThat(nanos / 1_000_000).isBetween(before - 1, after + 1);
            assertThat(nanos % 1000).isZero();
        }
    }

    @Test
    void setTimeRefusesTimesBefore1970AndFrom2070() {
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-set-time","arguments":{"time":-1000000000}}
                    < {"error": {"class": "GenericError", "desc": "Invalid time"}}
                    > {"execute":"guest-set-time","arguments":{"time":3200000000000000000}}
                    < {"error": {"class": "GenericError", "desc": "Invalid time"}}
                    > {"execute":"guest-set-time","arguments":{"time":9223372036854775807}}
                    < {"error": {"class": "GenericError", "desc": "Invalid time"}}
                    > {"execute":"guest-set-time","arguments":{"time":"now"}}
                    < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'time', expected: integer"}}
                    > {"execute":"guest-set-time","arguments":{"time":1.5}}
                    < {"error": {"class": "GenericError", "desc": "Invalid parameter type for 'time', expected: integer"}}
                    """).run(client);
        }
    }

    @Test
    void usersListsEachUtmpUserOnceWithALoginTime() {
        try (WireClient client = agent.connect()) {
            for (JsonObject user : SystemUnderTest.objects(result(client, "{\"execute\":\"guest-get-users\"}"))) {
                assertThat(user.members().keySet()).containsExactlyInAnyOrder("user", "login-time");
                assertThat(user.get("login-time")).isInstanceOf(JsonNumber.class);
            }
        }
    }

    @Test
    @QemuVersionDiffers("guest-get-load is new in 10.0: 7.2 has no such command")
    void loadReportsThreeAveragesNearTheKernels() {
        try (WireClient client = agent.connect()) {
            JsonObject load = (JsonObject) result(client, "{\"execute\":\"guest-get-load\"}");
            assertThat(load.members().keySet()).containsExactlyInAnyOrder("load1m", "load5m", "load15m");
            String[] kernel = read(Path.of("/proc/loadavg")).split(" ");
            // The 15-minute average moves least between the two readings.
            assertThat(number(load.get("load15m"))).isCloseTo(Double.parseDouble(kernel[2]),
                    org.assertj.core.data.Offset.offset(1.0));
            assertThat(number(load.get("load1m"))).isGreaterThanOrEqualTo(0);
        }
    }

    private static String zoneName(Path localtime) {
        try {
            String target = Files.readSymbolicLink(localtime).toString();
            int at = target.indexOf("zoneinfo/");
            return at < 0 ? "UTC" : target.substring(at + "zoneinfo/".length());
        } catch (IOException | UnsupportedOperationException e) {
            return "UTC"; // no symlink: glib falls back to UTC for a missing file
        }
    }

    private static String string(JsonObject object, String member) {
        return ((JsonString) object.get(member)).value();
    }

    private static double number(Json value) {
        return value instanceof JsonInteger i ? i.value() : ((JsonDouble) value).value();
    }
}
