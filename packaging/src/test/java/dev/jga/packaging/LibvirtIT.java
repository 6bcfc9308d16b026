// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Real libvirt is the judge: the package test's Debian 12 guest runs as a libvirt domain
 * ({@code packaging/e2e/libvirt-guest.sh}), libvirt connects to the agent's port itself, and every
 * virsh verb that goes through the agent is run first with Debian's qemu-guest-agent in the guest,
 * then, after {@code apt-get install ./jga-agent_*.deb}, with jga. Each verb must give the same
 * result with both (values that differ between two moments, such as the clock or bytes used, are
 * compared for plausibility). {@code reboot} and {@code shutdown --mode agent} are checked with each
 * agent on the domain's state. The verbs and the agent commands behind them are libvirt's
 * (src/qemu/qemu_agent.c, tools/virsh-domain.c).
 *
 * <p>Needs root, {@code libvirt-daemon-system} (the {@code -sysv} flavour where PID 1 is not systemd),
 * {@code libvirt-clients} and the package test's tools; without them the test is skipped, or fails
 * under {@code CI=true}.
 */
@Tag("vm")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class LibvirtIT {

    private static final String DOMAIN = "jga-libvirt-e2e";
    private static final String QEMU_GA_VERSION = "7.2.22";
    private static final Duration BOOT = Duration.ofMinutes(5);
    private static final Duration AGENT_UP = Duration.ofMinutes(3);
    private static final Duration APT = Duration.ofMinutes(6);
    private static final Duration REPLY = Duration.ofSeconds(60);
    /** A user made for set-user-password; root's password is never touched. */
    private static final String USER = "jgapw";
    /** {@code openssl passwd -6 -salt jgasalt0 crypted-Pass1}: set with --encrypted. */
    private static final String CRYPTED = "$6$jgasalt0$1Lt5fI0OmBJzgXJ7ydykYiiqchK.dPmykuUhfK1Uq/mrcqiJselnIBrfSS.lJMvRoOsjpLJkiaGeSTMG5J0Od0";

    private final Path root = Path.of(System.getProperty("jga.root", "..")).toAbsolutePath().normalize();
    private final Path packaging = root.resolve("packaging");
    private final Path script = packaging.resolve("e2e/libvirt-guest.sh");
    private final Path work = packaging.resolve("target/libvirt-e2e");
    private final Virsh virsh = new Virsh(DOMAIN);
    private final Map<String, String> withQemuGa = new LinkedHashMap<>();
    private GuestShell shell;

    @BeforeAll
    void boot() throws Exception {
        GuestPrerequisites.require("the libvirt VM test", List.of("virsh", "libvirtd", "virtlogd", "debootstrap", "qemu-system-x86_64", "mkfs.ext4", "debugfs", "cpio", "lz4"),
                "apt-get install libvirt-daemon-system libvirt-daemon-system-sysv libvirt-clients debootstrap qemu-system-x86 e2fsprogs cpio lz4");
        Path deb = GuestPrerequisites.onlyDeb(packaging.resolve("target"));
        Path cache = Path.of(System.getProperty("jga.e2e.cache", "/tmp/jga-e2e-cache"));
        Files.createDirectories(work);
        Path image = work.resolve("disk.img");
        run(List.of(packaging.resolve("e2e/guest.sh").toString(), "image", cache.toString(), deb.toString(),
                image.toString()), work.resolve("image.log"), GuestMachine.PREPARE_TIMEOUT);
        run(List.of(script.toString(), "start", cache.toString(), image.toString(), work.resolve("run").toString(), DOMAIN),
                work.resolve("start.log"), Duration.ofMinutes(5));
        connectShell();
        // every agent call of libvirt waits for ever unless told otherwise
        assertThat(virsh.run("guest-agent-timeout", "--timeout", "60").ok()).isTrue();
        assertThat(sh("id " + USER + " >/dev/null 2>&1 || useradd -m " + USER).ok()).isTrue();
    }

    @AfterAll
    void stop() throws Exception {
        if (shell != null) {
            shell.close();
        }
        run(List.of(script.toString(), "stop", DOMAIN), work.resolve("stop.log"), Duration.ofMinutes(2));
        Files.deleteIfExists(work.resolve("disk.img"));
    }

    @Test
    @Order(1)
    void everyVirshStepSucceedsWithDebiansQemuGuestAgent() throws Exception {
        awaitAgent(true);
        for (Step step : steps()) {
            withQemuGa.put(step.name(), step.seen(this));
        }
        // The oracle must pass its own steps (and refuse the ones it refuses), or the comparison
        // below would prove nothing.
        for (Step step : steps()) {
            assertThat(withQemuGa.get(step.name())).as(step.name())
                    .startsWith(step.expect() == Expect.SUCCESS ? "ok" : "failed");
        }
    }

    @Test
    @Order(2)
    void rebootModeAgentRestartsTheGuestWithQemuGa() throws Exception {
        rebootThroughTheAgent(true);
    }

    @Test
    @Order(3)
    void shutdownModeAgentPowersTheGuestOffWithQemuGa() throws Exception {
        shutdownThroughTheAgent();
        assertThat(virsh.run("start").ok()).isTrue();
        connectShell();
        awaitAgent(true);
    }

    @Test
    @Order(4)
    void installingThePackageSwitchesTheDomainsAgentToJga() throws Exception {
        GuestShell.Result install = shell.run("apt-get install -y /srv/debs/jga-agent_*.deb", APT);
        assertThat(install.output()).contains("Setting up jga-agent");
        awaitAgent(false);
    }

    @TestFactory
    @Order(5)
    Stream<DynamicTest> everyVirshStepGivesWithJgaWhatItGivesWithQemuGa() throws Exception {
        assertThat(withQemuGa).as("the qemu-ga run came first").isNotEmpty();
        Map<String, String> withJga = new LinkedHashMap<>();
        for (Step step : steps()) {
            withJga.put(step.name(), step.seen(this));
        }
        return steps().stream().map(step -> dynamicTest("virsh " + step.name(),
                () -> assertThat(withJga.get(step.name())).isEqualTo(withQemuGa.get(step.name()))));
    }

    @Test
    @Order(6)
    void rebootModeAgentRestartsTheGuestWithJga() throws Exception {
        rebootThroughTheAgent(false);
    }

    @Test
    @Order(7)
    void shutdownModeAgentPowersTheGuestOffWithJga() throws Exception {
        shutdownThroughTheAgent();
    }

    // --- the steps

    /** Whether qemu-ga, the oracle, succeeds at a step or refuses it. */
    private enum Expect { SUCCESS, FAILURE }

    /** One virsh verb (or a short sequence), what a person would compare of its result, and qemu-ga's. */
    private record Step(String name, StepAction action, Expect expect) {
        Step(String name, StepAction action) {
            this(name, action, Expect.SUCCESS);
        }

        String seen(LibvirtIT test) throws Exception {
            return action.run(test);
        }
    }

    @FunctionalInterface
    private interface StepAction {
        String run(LibvirtIT test) throws Exception;
    }

    private List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("domtime", t -> nearHostClock(t.virsh.run("domtime"))));
        steps.add(new Step("domtime --now", t -> seen(t.virsh.run("domtime", "--now"))));
        steps.add(new Step("domtime --sync", t -> seen(t.virsh.run("domtime", "--sync"))));
        steps.add(new Step("domhostname --source agent", t -> seen(t.virsh.run("domhostname", "--source", "agent"))));
        steps.add(new Step("domifaddr --source agent", t -> seen(t.virsh.run("domifaddr", "--source", "agent"))));
        steps.add(new Step("guestinfo", t -> guestinfo(t.virsh.run("guestinfo"))));
        for (String group : List.of("--user", "--os", "--timezone", "--hostname", "--filesystem", "--disk", "--interface")) {
            steps.add(new Step("guestinfo " + group, t -> guestinfo(t.virsh.run("guestinfo", group))));
        }
        steps.add(new Step("domfsinfo", t -> seen(t.virsh.run("domfsinfo"))));
        steps.add(new Step("guestvcpus", t -> seen(t.virsh.run("guestvcpus"))));
        // The guest boots through PVH, without ACPI tables, so it has one processor: offlining the
        // boot processor is the one change both agents can be asked for, and both must refuse it.
        steps.add(new Step("guestvcpus --cpulist 0 --disable", t -> seen(t.virsh.run("guestvcpus",
                "--cpulist", "0", "--disable")), Expect.FAILURE));
        steps.add(new Step("domfsfreeze, a write in the guest, domfsthaw", LibvirtIT::freezeBlocksWritesUntilThaw));
        // libvirt thaws everything (virsh domfsthaw --mountpoint: "specifying mountpoints is not supported")
        steps.add(new Step("domfsfreeze --mountpoint /, then domfsthaw", t -> seen(t.virsh.run(
                "domfsfreeze", "--mountpoint", "/")) + " / " + seen(t.virsh.run("domfsthaw"))));
        steps.add(new Step("domfstrim", t -> seen(t.virsh.run("domfstrim"))));
        steps.add(new Step("set-user-password", t -> seen(t.virsh.run("set-user-password", "--user", USER,
                "--password", "plain-Pass1")) + " / " + t.passwordMatches("plain-Pass1")));
        steps.add(new Step("set-user-password --encrypted", t -> seen(t.virsh.run("set-user-password", "--user", USER,
                "--password", CRYPTED, "--encrypted")) + " / " + t.passwordMatches("crypted-Pass1")));
        steps.add(new Step("qemu-agent-command guest-ping", t -> seen(t.virsh.agentCommand("{\"execute\":\"guest-ping\"}"))));
        return steps;
    }

    private static String seen(Virsh.Outcome outcome) {
        return (outcome.ok() ? "ok" : "failed (" + outcome.status() + ")") + ": " + outcome.text();
    }

    private static final Pattern TIME = Pattern.compile("Time: (\\d+)");

    /** domtime prints the guest's clock in seconds; both agents must be near the host's. */
    private static String nearHostClock(Virsh.Outcome outcome) {
        Matcher time = TIME.matcher(outcome.stdout());
        if (!outcome.ok() || !time.find()) {
            return seen(outcome);
        }
        long skew = Math.abs(Long.parseLong(time.group(1)) - System.currentTimeMillis() / 1000);
        return "ok: Time: " + (skew < 600 ? "within 10 min of the host's clock" : "off by " + skew + " s");
    }

    /** guestinfo's key: value lines, with the bytes a filesystem uses left out (the install changes them). */
    private static String guestinfo(Virsh.Outcome outcome) {
        return seen(new Virsh.Outcome(outcome.status(),
                outcome.stdout().replaceAll("(?m)^(fs\\.\\d+\\.used-bytes\\s*:).*$", "$1 (varies)")
                        .replaceAll("(?m)^(user\\.\\d+\\.login-time\\s*:).*$", "$1 (varies)"),
                outcome.stderr()));
    }

    /**
     * Freezes every filesystem, shows that a write in the guest waits, thaws (always: a frozen
     * root would stop the guest's test shell), shows the write completed. Nothing the shell runs
     * in the foreground while frozen writes to the disk.
     */
    private String freezeBlocksWritesUntilThaw() throws Exception {
        sh("rm -f /root/freeze-probe /root/freeze-done");
        String froze = seen(virsh.run("domfsfreeze"));
        String during;
        String thawed;
        try {
            String status = seen(virsh.agentCommand("{\"execute\":\"guest-fsfreeze-status\"}"));
            // The write runs in the background; while frozen it cannot finish, after the thaw it must.
            sh("(echo written > /root/freeze-probe && touch /root/freeze-done) >/dev/null 2>&1 &");
            Thread.sleep(2_000);
            during = status + " / " + (sh("test -e /root/freeze-done").ok()
                    ? "the write finished while frozen" : "the write waited");
        } finally {
            thawed = seen(virsh.run("domfsthaw"));
        }
        shell.awaitTrue("test -e /root/freeze-done", REPLY, this::consoleTail);
        return froze + " / " + during + " / " + thawed + " / "
                + seen(virsh.agentCommand("{\"execute\":\"guest-fsfreeze-status\"}"));
    }

    /** Whether USER's shadow hash is the crypt of {@code password} (perl is in every Debian). */
    private String passwordMatches(String password) throws IOException {
        GuestShell.Result check = sh("perl -e '@p = getpwnam(\"" + USER + "\"); print crypt(\"" + password
                + "\", $p[1]) eq $p[1] ? \"the password matches\" : \"the password differs\"'");
        return check.output().strip();
    }

    // --- reboot and shutdown

    private void rebootThroughTheAgent(boolean qemuGa) throws Exception {
        String bootId = sh("cat /proc/sys/kernel/random/boot_id").output().strip();
        Virsh.Outcome reboot = virsh.run("reboot", "--mode", "agent");
        assertThat(reboot.ok()).as(reboot.text()).isTrue();
        shell.awaitTrue("[ \"$(cat /proc/sys/kernel/random/boot_id)\" != " + bootId + " ]", BOOT, this::consoleTail);
        awaitAgent(qemuGa);
    }

    /**
     * The guest powers itself off: its kernel's last console line says so. It boots through PVH,
     * without ACPI tables, so it halts instead of switching QEMU off ("reboot: System halted");
     * then the domain is destroyed, as a power button would leave it.
     */
    private void shutdownThroughTheAgent() throws Exception {
        long consoleBefore = Files.size(work.resolve("run/serial.log"));
        Virsh.Outcome shutdown = virsh.run("shutdown", "--mode", "agent");
        assertThat(shutdown.ok()).as(shutdown.text()).isTrue();
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (!virsh.state().equals("shut off") && !consoleSince(consoleBefore).matches(
                "(?s).*reboot: (System halted|Power down).*")) {
            if (System.nanoTime() > deadline) {
                fail("the guest did not power off within " + BOOT + " of shutdown --mode agent\n--- guest console ---\n"
                        + consoleTail());
            }
            Thread.sleep(1_000);
        }
        assertThat(consoleSince(consoleBefore)).as("the guest's shutdown").doesNotContain("reboot: Restarting system");
        virsh.run("destroy");
        shell.close();
        shell = null;
    }

    private String consoleSince(long offset) throws IOException {
        byte[] all = Files.readAllBytes(work.resolve("run/serial.log"));
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    // --- waiting

    /** Waits until libvirt reaches the agent and it is the expected one (qemu-ga's version or not). */
    private void awaitAgent(boolean qemuGa) throws Exception {
        long deadline = System.nanoTime() + AGENT_UP.toNanos();
        Virsh.Outcome info = null;
        while (System.nanoTime() < deadline) {
            info = virsh.agentCommand("{\"execute\":\"guest-info\"}");
            if (info.ok() && info.stdout().contains("\"version\":\"" + QEMU_GA_VERSION + "\"") == qemuGa) {
                return;
            }
            Thread.sleep(1_000);
        }
        fail("libvirt did not reach " + (qemuGa ? "qemu-ga" : "jga") + " within " + AGENT_UP + ": "
                + (info == null ? "" : info.text()));
    }

    private void connectShell() throws IOException, InterruptedException {
        Path socket = work.resolve("run/shell.sock");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(socket) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        shell = GuestShell.connect(socket);
        try {
            shell.awaitReady(BOOT);
        } catch (IOException e) {
            fail(e.getMessage() + "\n--- guest console ---\n" + consoleTail());
        }
    }

    private GuestShell.Result sh(String command) throws IOException {
        return shell.run(command, REPLY);
    }

    private String consoleTail() {
        try {
            List<String> lines = Files.readAllLines(work.resolve("run/serial.log"), java.nio.charset.StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no console log: " + e + ")";
        }
    }

    // --- set-up

    private static void run(List<String> command, Path log, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command + " took longer than " + timeout + "; log: " + log);
        }
        if (process.exitValue() != 0) {
            throw new IOException(command + " failed (" + process.exitValue() + "):\n" + Files.readString(log));
        }
    }
}
