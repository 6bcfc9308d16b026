// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static dev.jga.conformance.SystemUnderTest.objects;
import static dev.jga.conformance.SystemUnderTest.read;
import static dev.jga.conformance.SystemUnderTest.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.JsonBool;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The vcpu, memory-block and cpustats commands (qga/commands-linux.c), compared with what the
 * test reads from /sys and /proc itself. The setters are only asked for states the system is
 * already in (which qemu-ga and jga answer without writing) or for blocks and processors that do
 * not exist: a conformance run never takes this machine's processors or memory offline.
 */
class HardwareIT extends OneAgent {

    private static final Path CPUS = Path.of("/sys/devices/system/cpu");
    private static final Path MEMORY = Path.of("/sys/devices/system/memory");

    /** A vcpu or memory block as a comparable line: index, online, can-offline. */
    private record Unit(long index, boolean online, boolean canOffline) {}

    @Test
    void vcpusAreTheCpuDirectoriesOfSysfs() throws IOException {
        Set<Unit> expected = new HashSet<>();
        try (Stream<Path> entries = Files.list(CPUS)) {
            for (Path cpu : entries.filter(p -> p.getFileName().toString().matches("cpu\\d+")).toList()) {
                Path online = cpu.resolve("online");
                boolean hasFile = Files.exists(online);
                expected.add(new Unit(Long.parseLong(cpu.getFileName().toString().substring(3)),
                        !hasFile || !read(online).startsWith("0"), hasFile));
            }
        }
        try (WireClient client = agent.connect()) {
            Set<Unit> vcpus = new HashSet<>();
            for (JsonObject vcpu : objects(result(client, "{\"execute\":\"guest-get-vcpus\"}"))) {
                assertThat(vcpu.members().keySet()).containsExactlyInAnyOrder("logical-id", "online", "can-offline");
                vcpus.add(new Unit(integer(vcpu, "logical-id"), bool(vcpu, "online"), bool(vcpu, "can-offline")));
            }
            assertThat(vcpus).isEqualTo(expected);
        }
    }

    @Test
    void setVcpusCountsWhatItProcessedAndStopsAtAMissingProcessor() {
        try (WireClient client = agent.connect()) {
            JsonObject first = objects(result(client, "{\"execute\":\"guest-get-vcpus\"}")).getFirst();
            long id = integer(first, "logical-id");
            String same = "{\"logical-id\":" + id + ",\"online\":" + bool(first, "online") + "}";
            Transcript.of("""
                    > {"execute":"guest-set-vcpus","arguments":{"vcpus":[]}}
                    < {"return": 0}
                    > {"execute":"guest-set-vcpus","arguments":{"vcpus":[SAME]}}
                    < {"return": 1}
                    > {"execute":"guest-set-vcpus","arguments":{"vcpus":[SAME,{"logical-id":4096,"online":true},SAME]}}
                    < {"return": 1}
                    > {"execute":"guest-set-vcpus","arguments":{"vcpus":[{"logical-id":4096,"online":false}]}}
                    < {"error": {"class": "GenericError", "desc": "open(\\"/sys/devices/system/cpu/cpu4096/\\"): No such file or directory"}}
                    > {"execute":"guest-set-vcpus","arguments":{"vcpus":[{"logical-id":0}]}}
                    < {"error": {"class": "GenericError", "desc": "Parameter 'vcpus[0].online' is missing"}}
                    > {"execute":"guest-set-vcpus","arguments":{"vcpus":[{"logical-id":0,"online":true,"bogus":1}]}}
                    < {"error": {"class": "GenericError", "desc": "Parameter 'vcpus[0].bogus' is unexpected"}}
                    > {"execute":"guest-set-vcpus"}
                    < {"error": {"class": "GenericError", "desc": "Parameter 'vcpus' is missing"}}
                    """.replace("SAME", same)).run(client);
        }
    }

    @Test
    void memoryBlockSizeIsTheHexadecimalBlockSizeBytes() {
        long expected = Long.parseLong(read(MEMORY.resolve("block_size_bytes")).strip(), 16);
        try (WireClient client = agent.connect()) {
            JsonObject info = (JsonObject) result(client, "{\"execute\":\"guest-get-memory-block-info\"}");
            assertThat(info.members().keySet()).containsExactly("size");
            assertThat(integer(info, "size")).isEqualTo(expected);
        }
    }

    @Test
    void memoryBlocksAreTheMemoryDirectoriesOfSysfs() throws IOException {
        Set<Unit> expected = new HashSet<>();
        try (Stream<Path> entries = Files.list(MEMORY)) {
            for (Path block : entries.filter(p -> p.getFileName().toString().matches("memory\\d+")).toList()) {
                Path removable = block.resolve("removable");
                expected.add(new Unit(Long.parseLong(block.getFileName().toString().substring(6)),
                        read(block.resolve("state")).startsWith("online"),
                        Files.exists(removable) && !read(removable).startsWith("0")));
            }
        }
        try (WireClient client = agent.connect()) {
            Set<Unit> blocks = new HashSet<>();
            for (JsonObject block : objects(result(client, "{\"execute\":\"guest-get-memory-blocks\"}"))) {
                assertThat(block.members().keySet()).containsExactlyInAnyOrder("phys-index", "online", "can-offline");
                blocks.add(new Unit(integer(block, "phys-index"), bool(block, "online"), bool(block, "can-offline")));
            }
            assertThat(blocks).isEqualTo(expected);
        }
    }

    @Test
    void setMemoryBlocksAnswersEachBlockAndTakesIndexesAsUint64() {
        try (WireClient client = agent.connect()) {
            JsonObject first = objects(result(client, "{\"execute\":\"guest-get-memory-blocks\"}")).getFirst();
            long index = integer(first, "phys-index");
            String same = "{\"phys-index\":" + index + ",\"online\":" + bool(first, "online") + "}";
            Transcript.of("""
                    > {"execute":"guest-set-memory-blocks","arguments":{"mem-blks":[]}}
                    < {"return": []}
                    > {"execute":"guest-set-memory-blocks","arguments":{"mem-blks":[SAME]}}
                    < {"return": [{"phys-index": INDEX, "response": "success"}]}
                    > {"execute":"guest-set-memory-blocks","arguments":{"mem-blks":[{"phys-index":99999999,"online":true}]}}
                    < {"return": [{"phys-index": 99999999, "response": "not-found", "error-code": 2}]}
                    > {"execute":"guest-set-memory-blocks","arguments":{"mem-blks":[{"phys-index":-1,"online":true}]}}
                    < {"return": [{"phys-index": 18446744073709551615, "response": "not-found", "error-code": 2}]}
                    > {"execute":"guest-set-memory-blocks","arguments":{"mem-blks":[{"phys-index":"a","online":true}]}}
                    < {"error": {"class": "GenericError", "desc": "Parameter 'mem-blks[0].phys-index' expects uint64"}}
                    > {"execute":"guest-set-memory-blocks","arguments":{"mem-blks":[{"phys-index":1.5,"online":true}]}}
                    < {"error": {"class": "GenericError", "desc": "Parameter 'mem-blks[0].phys-index' expects uint64"}}
                    """.replace("SAME", same).replace("INDEX", Long.toString(index))).run(client);
        }
    }

    @Test
    void cpustatsHasOneEntryPerProcessorLineWithTimesBetweenTwoReadings() {
        List<long[]> before = procStat();
        try (WireClient client = agent.connect()) {
            List<JsonObject> stats = objects(result(client, "{\"execute\":\"guest-get-cpustats\"}"));
            List<long[]> after = procStat();
            assertThat(stats).hasSize(before.size());
            for (int i = 0; i < stats.size(); i++) {
                JsonObject cpu = stats.get(i);
                assertThat(cpu.members().keySet()).containsExactlyInAnyOrder("type", "cpu", "user", "nice", "system",
                        "idle", "iowait", "irq", "softirq", "steal", "guest", "guestnice");
                assertThat(((JsonString) cpu.get("type")).value()).isEqualTo("linux");
                assertThat(integer(cpu, "cpu")).isEqualTo(before.get(i)[0]);
                // ticks * 1000 / USER_HZ (100): milliseconds, between the two readings
                String[] names = {"user", "nice", "system", "idle"};
                for (int column = 0; column < names.length; column++) {
                    assertThat(integer(cpu, names[column])).as(names[column])
                            .isBetween(before.get(i)[column + 1] * 10, after.get(i)[column + 1] * 10);
                }
            }
        }
    }

    /** Each cpuN line of /proc/stat: N, then its tick columns. */
    private static List<long[]> procStat() {
        return read(Path.of("/proc/stat")).lines().filter(line -> line.matches("cpu\\d+ .*"))
                .map(line -> Stream.of(line.substring(3).split("\\s+")).mapToLong(Long::parseLong).toArray())
                .toList();
    }

    private static long integer(JsonObject object, String member) {
        return ((JsonInteger) object.get(member)).value();
    }

    private static boolean bool(JsonObject object, String member) {
        return ((JsonBool) object.get(member)).value();
    }
}
