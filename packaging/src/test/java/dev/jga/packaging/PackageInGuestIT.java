// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.jga.client.AgentClient;
import dev.jga.client.AgentClientException;
import dev.jga.client.Target;
import dev.jga.protocol.json.JsonBool;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParser;
import dev.jga.protocol.json.JsonString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The package in a real guest: a Debian 12 VM (debootstrap minbase, systemd, udev, and Debian's
 * qemu-guest-agent) under QEMU, with the agent's virtio-serial port on a host unix socket. The
 * methods run in order on one VM, as an administrator would: qemu-ga answers; {@code apt-get
 * install ./jga-agent_*.deb} in the guest replaces it and jga answers; udev starts the agent when
 * the port appears; systemd brings it back after {@code systemctl restart}, after {@code kill -9}
 * and after a reboot; installing qemu-guest-agent switches back. In-guest commands go through a
 * test-only root shell on a second virtio-serial port ({@link GuestShell}).
 *
 * <p>Needs root and {@code debootstrap qemu-system-x86 e2fsprogs cpio lz4}; without them the test
 * is skipped, or fails under {@code CI=true}. The first run builds the cached guest (minutes).
 */
@Tag("vm")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class PackageInGuestIT {

    private static final Duration BOOT = Duration.ofMinutes(5);
    private static final Duration AGENT_UP = Duration.ofMinutes(2);
    private static final Duration APT = Duration.ofMinutes(6);
    private static final Duration REPLY = Duration.ofSeconds(60);
    private static final String QEMU_GA_VERSION = "7.2.22";
    private static final String PORT = "/dev/virtio-ports/org.qemu.guest_agent.0";

    private final Path root = Path.of(System.getProperty("jga.root", "..")).toAbsolutePath().normalize();
    private final Path packaging = root.resolve("packaging");
    private GuestMachine guest;
    private GuestShell shell;

    @BeforeAll
    void boot() throws Exception {
        GuestPrerequisites.require("the package VM test", List.of("debootstrap", "qemu-system-x86_64", "mkfs.ext4", "debugfs", "cpio", "lz4", "apt-get"),
                "apt-get install debootstrap qemu-system-x86 e2fsprogs cpio lz4");
        Path deb = GuestPrerequisites.onlyDeb(packaging.resolve("target"));
        Path cache = Path.of(System.getProperty("jga.e2e.cache", "/tmp/jga-e2e-cache"));
        Path work = packaging.resolve("target/e2e");
        guest = GuestMachine.boot(packaging.resolve("e2e/guest.sh"), cache, work, List.of(deb));
        shell = GuestShell.connect(guest.shell());
        try {
            shell.awaitReady(BOOT);
        } catch (IOException e) {
            fail(e.getMessage() + "\n--- guest console ---\n" + guest.consoleTail(60));
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (shell != null) {
            shell.close();
        }
        if (guest != null) {
            guest.close();
        }
    }

    @Test
    @Order(1)
    void debiansQemuGuestAgentAnswersBeforeTheSwitch() throws Exception {
        assertThat(agentVersion()).isEqualTo(QEMU_GA_VERSION);
        // for comparison with jga's figure below (same guest, same 20 s without a host)
        System.out.println("[package e2e] idle qemu-ga in the guest, 20 s without a host: " + sh(
                "p=$(systemctl show -P MainPID qemu-guest-agent); a=$(awk '{print $14+$15}' /proc/$p/stat); sleep 20;"
                        + " b=$(awk '{print $14+$15}' /proc/$p/stat); echo ticks=$((b-a)); grep -E 'VmRSS|Threads' /proc/$p/status",
                REPLY).output().replace('\n', ' '));
    }

    @Test
    @Order(2)
    void installingThePackageInTheGuestReplacesQemuGuestAgentAndStartsJga() throws Exception {
        GuestShell.Result install = sh("apt-get install -y /srv/debs/jga-agent_*.deb", APT);
        assertThat(install.output()).contains("Removing qemu-guest-agent").contains("Setting up jga-agent");
        assertThat(sh("dpkg-query -W -f='${Package}=${db:Status-Status} ' jga-agent qemu-guest-agent", REPLY).output())
                .contains("jga-agent=installed").doesNotContain("qemu-guest-agent=installed");
        assertThat(agentVersion()).isNotEqualTo(QEMU_GA_VERSION);
        assertThat(sh("readlink /proc/$(systemctl show -P MainPID jga-agent)/exe", REPLY).output().strip())
                .isEqualTo("/usr/lib/jga-agent/runtime/bin/java");
    }

    @Test
    @Order(3)
    void theInstalledRuntimeNeedsOnlyTheMinbaseLibrariesAndAcceptsItsAotCache() throws Exception {
        // libjvm.so is found through the launcher, which loads it first (as in any JDK)
        GuestShell.Result ldd = sh("find /usr/lib/jga-agent/runtime -name '*.so' -o -name java | xargs ldd"
                + " | grep 'not found' | grep -v 'libjvm.so => not found'", REPLY);
        assertThat(ldd.output()).as("libraries of the runtime missing in the minbase guest").isEmpty();
        String jars = "$(ls /usr/lib/jga-agent/lib/*.jar | tr '\\n' : )";
        GuestShell.Result aot = sh("/usr/lib/jga-agent/runtime/bin/java @/usr/lib/jga-agent/jvm.options -XX:AOTMode=on"
                + " -XX:AOTCache=/usr/lib/jga-agent/jga-agent.aot -cp " + jars + " -version", REPLY);
        assertThat(aot.ok()).as("AOTMode=on accepts the cache built at package time:\n" + aot.output()).isTrue();
        assertThat(sh("tr '\\0' ' ' < /proc/$(systemctl show -P MainPID jga-agent)/cmdline", REPLY)
                .output()).contains("-XX:AOTCache=/usr/lib/jga-agent/jga-agent.aot");
    }

    @Test
    @Order(4)
    void theIdleAgentDoesNotSpinWhileNoHostIsConnected() throws Exception {
        // virtio-serial reads return EOF at once while no host is connected; qemu-ga sleeps 100 ms
        // then, and so must jga. Clock ticks are 1/100 s; a spinning agent would use ~2000 in 20 s.
        // Under TCG every wake-up is slow, so the bound is generous: 10 % of one vCPU.
        GuestShell.Result idle = sh("sleep 10; p=$(systemctl show -P MainPID jga-agent);"
                + " a=$(awk '{print $14+$15}' /proc/$p/stat); sleep 20; b=$(awk '{print $14+$15}' /proc/$p/stat);"
                + " echo ticks=$((b-a)); grep -E 'VmRSS|RssAnon|Threads' /proc/$p/status;"
                + " for t in /proc/$p/task/*; do echo \"$(cat $t/comm)=$(awk '{print $14+$15}' $t/stat)\"; done", REPLY.multipliedBy(2));
        System.out.println("[package e2e] idle jga-agent in the guest, 20 s without a host: " + idle.output().replace('\n', ' '));
        int ticks = Integer.parseInt(idle.output().lines().filter(l -> l.startsWith("ticks=")).findFirst()
                .orElseThrow().substring("ticks=".length()));
        assertThat(ticks).as("CPU ticks used by the idle agent in 20 s").isLessThan(200);
    }

    @Test
    @Order(5)
    void udevStartsTheAgentWhenThePortAppearsAndSystemdStopsItWhenThePortGoes() throws Exception {
        try (Qmp qmp = Qmp.connect(guest.qmp())) {
            assertThat(qmp.execute("{\"execute\":\"device_del\",\"arguments\":{\"id\":\"qgaport\"}}")).contains("return");
            shell.awaitTrue("! test -e " + PORT + " && ! systemctl -q is-active jga-agent", AGENT_UP,
                    this::consoleTail);
            assertThat(qmp.execute("{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"virtserialport\","
                    + "\"bus\":\"vser0.0\",\"chardev\":\"qga0\",\"name\":\"org.qemu.guest_agent.0\",\"id\":\"qgaport\"}}"))
                    .contains("return");
        }
        shell.awaitTrue("systemctl -q is-active jga-agent", AGENT_UP, this::consoleTail);
        assertThat(agentVersion()).isNotEqualTo(QEMU_GA_VERSION);
    }

    @Test
    @Order(6)
    void theAgentComesBackAfterSystemctlRestart() throws Exception {
        long before = mainPid();
        assertThat(sh("systemctl restart jga-agent", REPLY).ok()).isTrue();
        assertThat(mainPid()).isNotEqualTo(before).isPositive();
        assertThat(agentVersion()).isNotEqualTo(QEMU_GA_VERSION);
    }

    @Test
    @Order(7)
    void systemdRestartsTheAgentAfterKill9() throws Exception {
        long before = mainPid();
        assertThat(sh("kill -9 " + before, REPLY).ok()).isTrue();
        shell.awaitTrue("p=$(systemctl show -P MainPID jga-agent); [ \"$p\" -gt 0 ] && [ \"$p\" != " + before + " ]",
                AGENT_UP, this::consoleTail);
        assertThat(agentVersion()).isNotEqualTo(QEMU_GA_VERSION);
    }

    @Test
    @Order(8)
    void guestExecRunsThroughTheInstalledAgent() throws Exception {
        try (AgentClient qga = connectAgent()) {
            assertThat(qga.supports("guest-exec")).as("the installed jga lists guest-exec").isTrue();
            JsonObject started = (JsonObject) qga.callRaw("guest-exec", arguments("{\"path\":\"/bin/uname\","
                    + "\"arg\":[\"-n\"],\"capture-output\":true}"), REPLY);
            long pid = ((JsonInteger) started.get("pid")).value();
            JsonObject status;
            long deadline = SocketLines.deadline(REPLY);
            do {
                status = (JsonObject) qga.callRaw("guest-exec-status", arguments("{\"pid\":" + pid + "}"), REPLY);
            } while (status.get("exited") != JsonBool.TRUE && System.nanoTime() < deadline);
            assertThat(status.get("exitcode")).isEqualTo(new JsonInteger(0));
            String out = new String(Base64.getDecoder().decode(((JsonString) status.get("out-data")).value()),
                    StandardCharsets.UTF_8);
            assertThat(out.strip()).isEqualTo("jga-e2e");
        }
    }

    @Test
    @Order(9)
    void afterARebootUdevAndSystemdStartTheAgentByThemselves() throws Exception {
        String bootId = sh("cat /proc/sys/kernel/random/boot_id", REPLY).output().strip();
        // A timer reboots 2 s later: "systemctl reboot --no-block" itself raced the shell's answer
        // with the shutdown that stops the shell (a loaded host once lost that race).
        assertThat(sh("systemd-run --on-active=2 systemctl reboot", REPLY).ok()).isTrue();
        shell.awaitTrue("[ \"$(cat /proc/sys/kernel/random/boot_id)\" != " + bootId + " ] && systemctl -q is-active jga-agent"
                + " && [ \"$(systemctl show -P NRestarts jga-agent)\" = 0 ]", BOOT, this::consoleTail);
        assertThat(agentVersion()).isNotEqualTo(QEMU_GA_VERSION);
        assertThat(sh("journalctl -b -u jga-agent -o cat | grep -c Started", REPLY).output().strip()).isEqualTo("1");
    }

    @Test
    @Order(10)
    void installingQemuGuestAgentAgainSwitchesBack() throws Exception {
        GuestShell.Result install = sh("apt-get install -y /srv/debs/qemu-guest-agent.deb", APT);
        assertThat(install.output()).contains("Removing jga-agent").contains("Setting up qemu-guest-agent");
        assertThat(sh("! pgrep -f /usr/lib/jga-agent/", REPLY).ok()).as("jga-agent stopped on removal").isTrue();
        // Debian's postinst leaves its static unit alone (deb-systemd-invoke: "static unit, not
        // starting it"): qemu-ga starts at the next boot or port hot-plug, or by hand, as here.
        assertThat(sh("systemctl start qemu-guest-agent", REPLY).ok()).isTrue();
        assertThat(agentVersion()).isEqualTo(QEMU_GA_VERSION);
    }

    // --- helpers

    private String agentVersion() throws IOException {
        try (AgentClient qga = connectAgent()) {
            JsonObject info = (JsonObject) qga.callRaw("guest-info", JsonObject.EMPTY, REPLY);
            return ((JsonString) info.get("version")).value();
        } catch (AgentClientException e) {
            throw new IOException(e.getMessage() + "\n--- guest console ---\n" + consoleTail(), e);
        }
    }

    /**
     * The host's end of the agent's port, used as libvirt uses it: the client library resyncs
     * (guest-sync-delimited) with whichever agent is on the port now, retrying while one starts or
     * is being restarted by systemd.
     */
    private AgentClient connectAgent() {
        return AgentClient.connect(new Target.Unix(guest.qga()), new AgentClient.Options(AGENT_UP, REPLY));
    }

    private static JsonObject arguments(String json) {
        return (JsonObject) JsonParser.parse(json);
    }

    private long mainPid() throws IOException {
        return Long.parseLong(sh("systemctl show -P MainPID jga-agent", REPLY).output().strip());
    }

    private GuestShell.Result sh(String command, Duration timeout) throws IOException {
        return shell.run(command, timeout);
    }

    /** The guest's last console lines, for a failure's message. */
    private String consoleTail() {
        return guest.consoleTail(40);
    }
}
