// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import static dev.jga.e2e.QgaReplies.bool;
import static dev.jga.e2e.QgaReplies.integer;
import static dev.jga.e2e.QgaReplies.returned;
import static dev.jga.e2e.QgaReplies.returnedInteger;
import static dev.jga.e2e.QgaReplies.returnedObject;
import static dev.jga.e2e.QgaReplies.string;
import static dev.jga.e2e.VirtioSerialContract.command;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonArray;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.protocol.wire.Messages;
import dev.jga.testkit.GuestShell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The commands that change the guest, each checked inside the guest through the test's shell
 * ({@link GuestShell}), not through the agent under test: a freeze of a real ext4 disk, fstrim,
 * set-time, set-vcpus on a second vCPU, set-user-password, the authorized-keys round trip, and
 * shutdown (last: the guest is gone after it). One boot per agent; subclasses boot the guest with
 * jga or with Debian's qemu-ga, and both must pass the same tests.
 *
 * <p>The guest ({@link #SETUP}) has 2 vCPUs, a 64 MiB ext4 disk on {@value #DISK}, a user
 * {@value #USER}, and what its busybox lacks: chpasswd and shutdown (e2e/vm/system-guest).
 */
@Tag("vm")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class GuestSystemContract {

    static final GuestSetup SETUP = new GuestSetup(2, 64, true, Optional.of("e2e/vm/system-guest"));

    /** Where the guest mounts its ext4 disk, the only filesystem on a block device there. */
    static final String DISK = "/mnt/vda";

    /** The agent's --fsfreeze-hook: it appends its argument to {@value #HOOK_LOG}. */
    static final String HOOK = "/etc/jga-e2e/fsfreeze-hook";

    static final String HOOK_LOG = "/tmp/fsfreeze-hook.log";

    /** The user in e2e/vm/system-guest/etc/passwd, uid 1000, home /home/jgauser. */
    static final String USER = "jgauser";

    /** How long a write must stay blocked while frozen; to the thawed disk it takes milliseconds. */
    static final Duration FROZEN_WRITE_WAIT = Duration.ofSeconds(2);

    /** Longest wait for the blocked write to complete after the thaw, and for the guest to power off. */
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    /** Clock readings after set-time may be later than the time set by this much (TCG, a loaded host). */
    static final Duration CLOCK_SLACK = Duration.ofMinutes(2);

    /** 2030-01-01T00:00:00Z in nanoseconds: a time the guest's clock cannot have by itself. */
    static final long NEW_YEAR_2030_NANOS = 1_893_456_000L * 1_000_000_000L;

    /** {@code openssl passwd -6 -salt jgasalt0 crypted-Pass1}: set with crypted=true. */
    static final String CRYPTED = "$6$jgasalt0$1Lt5fI0OmBJzgXJ7ydykYiiqchK.dPmykuUhfK1Uq/mrcqiJselnIBrfSS.lJMvRoOsjpLJkiaGeSTMG5J0Od0";

    static final String KEY_ONE = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGpnYS1lMmUta2V5LW9uZS0wMDAwMDAwMDAwMDAw one@host";
    static final String KEY_TWO = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGpnYS1lMmUta2V5LXR3by0wMDAwMDAwMDAwMDAw two@host";
    static final String KEY_THREE = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDjZ2EtZTJlLWtleS10aHJlZQ== three@host";

    abstract VmExtension vm();

    /**
     * The reason after "Command guest-exec has been disabled: " while frozen: Debian 12's qemu-ga
     * 7.2 (qga/main.c ga_disable_non_whitelisted) and qemu 9.1+ (ga_apply_command_filters, which
     * jga follows) word it differently.
     */
    abstract String frozenRefusalReason();

    @Test
    @Order(1)
    void freezeHoldsAGuestWriteUntilThawRefusesExecMeanwhileAndRunsTheHookBothWays()
            throws IOException, InterruptedException {
        try (QgaConnection host = vm().connect(); GuestShell guest = vm().shell()) {
            host.syncDelimited();
            guest.output("rm -f " + HOOK_LOG + " " + DISK + "/written-while-frozen /tmp/write-done");

            long frozen = returnedInteger(host.execute(command("guest-fsfreeze-freeze", "{}")));
            JsonObject refused;
            String status;
            boolean writeDoneWhileFrozen;
            long thawed;
            try {
                status = ((JsonString) returned(host.execute(command("guest-fsfreeze-status", "{}")))).value();
                refused = host.execute(command("guest-exec", "{\"path\":\"/bin/true\"}"));
                // Started from the shell after the freeze; its output goes nowhere, so the shell answers at once.
                guest.output("(echo data > " + DISK + "/written-while-frozen && touch /tmp/write-done) >/dev/null 2>&1 &");
                Thread.sleep(FROZEN_WRITE_WAIT);
                writeDoneWhileFrozen = guest.run("test -e /tmp/write-done").ok();
            } finally {
                thawed = returnedInteger(host.execute(command("guest-fsfreeze-thaw", "{}")));
            }

            assertThat(frozen).as("filesystems frozen: the ext4 disk").isEqualTo(1);
            assertThat(status).isEqualTo("frozen");
            assertThat(errorOf(refused)).containsExactly("CommandNotFound",
                    Messages.fill(Messages.COMMAND_DISABLED, "guest-exec") + ": " + frozenRefusalReason());
            assertThat(writeDoneWhileFrozen).as("the write finished while the disk was frozen").isFalse();
            assertThat(thawed).isEqualTo(1);
            awaitInGuest(guest, "test -e /tmp/write-done");
            assertThat(guest.output("cat " + DISK + "/written-while-frozen")).isEqualTo("data");
            assertThat(guest.output("cat " + HOOK_LOG)).isEqualTo("freeze\nthaw");
            assertThat(returned(host.execute(command("guest-fsfreeze-status", "{}")))).isEqualTo(new JsonString("thawed"));
        }
    }

    @Test
    @Order(2)
    void fstrimDiscardsTheFreeSpaceOfTheExt4DiskOnTheDevice() throws IOException {
        try (QgaConnection host = vm().connect(); GuestShell guest = vm().shell()) {
            host.syncDelimited();
            long sectorsBefore = discardedSectors(guest);

            JsonObject result = returnedObject(host.execute(command("guest-fstrim", "{}")));

            List<Json> paths = ((JsonArray) result.get("paths")).elements();
            assertThat(paths).hasSize(1);
            JsonObject trim = (JsonObject) paths.getFirst();
            assertThat(string(trim, "path")).isEqualTo(DISK);
            assertThat(integer(trim, "minimum")).isZero();
            assertThat(trim.get("error")).isNull();
            long trimmed = integer(trim, "trimmed");
            assertThat(trimmed).as("bytes trimmed on a fresh 64 MiB filesystem").isPositive();
            assertThat((discardedSectors(guest) - sectorsBefore) * 512).as("bytes discarded on /dev/vda (its stat)")
                    .isEqualTo(trimmed);
        }
    }

    @Test
    @Order(3)
    void setTimeWithATimeSetsTheClockAndTheRtcAndWithoutOneSetsTheClockFromTheRtc() throws IOException {
        try (QgaConnection host = vm().connect(); GuestShell guest = vm().shell()) {
            host.syncDelimited();
            try {
                returned(host.execute(command("guest-set-time", "{\"time\":" + NEW_YEAR_2030_NANOS + "}")));
                assertThat(guestTime(host)).isBetween(NEW_YEAR_2030_NANOS, NEW_YEAR_2030_NANOS + CLOCK_SLACK.toNanos());
                assertThat(Long.parseLong(guest.output("cat /sys/class/rtc/rtc0/since_epoch")))
                        .as("the RTC, written by hwclock -w").isBetween(seconds(NEW_YEAR_2030_NANOS),
                                seconds(NEW_YEAR_2030_NANOS) + CLOCK_SLACK.toSeconds());

                long newYear2031 = NEW_YEAR_2030_NANOS + Duration.ofDays(365).toNanos();
                guest.output("date -u -s @" + seconds(newYear2031));
                assertThat(guestTime(host)).as("the clock after date -s, the RTC left in 2030").isGreaterThanOrEqualTo(newYear2031);
                returned(host.execute(command("guest-set-time", "{}")));
                assertThat(guestTime(host)).as("the clock read back from the RTC by hwclock -s, not the 2031 of date -s")
                        .isBetween(NEW_YEAR_2030_NANOS, NEW_YEAR_2030_NANOS + CLOCK_SLACK.toNanos());
            } finally {
                returned(host.execute(command("guest-set-time", "{\"time\":" + System.currentTimeMillis() * 1_000_000
                        + "}")));
            }
        }
    }

    @Test
    @Order(4)
    void setVcpusTakesTheSecondVcpuOfflineAndBackButNeverTheFirst() throws IOException {
        try (QgaConnection host = vm().connect(); GuestShell guest = vm().shell()) {
            host.syncDelimited();
            assertThat(vcpus(host)).isEqualTo(Map.of(0L, "online, cannot go offline", 1L, "online, can go offline"));

            assertThat(returnedInteger(host.execute(setVcpu(1, false)))).isEqualTo(1);
            assertThat(vcpus(host)).isEqualTo(Map.of(0L, "online, cannot go offline", 1L, "offline, can go offline"));
            assertThat(guest.output("cat /sys/devices/system/cpu/cpu1/online /sys/devices/system/cpu/online"))
                    .isEqualTo("0\n0");

            assertThat(returnedInteger(host.execute(setVcpu(1, true)))).isEqualTo(1);
            assertThat(guest.output("cat /sys/devices/system/cpu/cpu1/online /sys/devices/system/cpu/online"))
                    .isEqualTo("1\n0-1");
            assertThat(errorOf(host.execute(setVcpu(0, false))))
                    .containsExactly("GenericError", Messages.fill(Messages.VCPU_CANNOT_OFFLINE, 0));
        }
    }

    @Test
    @Order(5)
    void setUserPasswordStoresTheCryptOfAPlainPasswordAndACryptedOneAsGiven() throws IOException {
        try (QgaConnection host = vm().connect(); GuestShell guest = vm().shell()) {
            host.syncDelimited();

            returned(host.execute(setPassword("plain-Pass1", false)));
            String hash = shadowHash(guest);
            assertThat(hash).startsWith("$6$");
            String salt = hash.split("\\$")[2];
            assertThat(guest.output("mkpasswd -m sha512 plain-Pass1 " + salt)).as("crypt(3) of the password")
                    .isEqualTo(hash);

            returned(host.execute(setPassword(CRYPTED, true)));
            assertThat(shadowHash(guest)).isEqualTo(CRYPTED);
            assertThat(guest.output("mkpasswd -m sha512 crypted-Pass1 jgasalt0")).isEqualTo(CRYPTED);
        }
    }

    @Test
    @Order(6)
    void authorizedKeysAddGetAndRemoveRoundTripThroughTheUsersFileWithItsOwnerAndModes() throws IOException {
        String file = "/home/" + USER + "/.ssh/authorized_keys";
        try (QgaConnection host = vm().connect(); GuestShell guest = vm().shell()) {
            host.syncDelimited();
            guest.output("mkdir -p /home/" + USER + " && chown " + USER + ":" + USER + " /home/" + USER);

            returned(host.execute(keys("guest-ssh-add-authorized-keys", List.of(KEY_ONE, KEY_TWO), "")));
            assertThat(guest.output("stat -c '%a %U:%G %n' /home/" + USER + "/.ssh " + file)).isEqualTo(
                    "700 jgauser:jgauser /home/jgauser/.ssh\n600 jgauser:jgauser " + file);
            assertThat(fileText(guest, file)).as("the lines joined by newlines, no final one")
                    .isEqualTo(KEY_ONE + "\n" + KEY_TWO);
            assertThat(authorizedKeys(host)).containsExactlyInAnyOrder(KEY_ONE, KEY_TWO);

            returned(host.execute(keys("guest-ssh-add-authorized-keys", List.of(KEY_TWO, KEY_THREE), "")));
            assertThat(fileText(guest, file)).as("a key already there is not added twice")
                    .isEqualTo(KEY_ONE + "\n" + KEY_TWO + "\n" + KEY_THREE);

            returned(host.execute(keys("guest-ssh-remove-authorized-keys", List.of(KEY_ONE), "")));
            assertThat(fileText(guest, file)).isEqualTo(KEY_TWO + "\n" + KEY_THREE);
            assertThat(authorizedKeys(host)).containsExactlyInAnyOrder(KEY_TWO, KEY_THREE);

            returned(host.execute(keys("guest-ssh-add-authorized-keys", List.of(KEY_ONE), ",\"reset\":true")));
            assertThat(fileText(guest, file)).isEqualTo(KEY_ONE);
            assertThat(guest.output("stat -c '%a %U:%G' " + file)).isEqualTo("600 jgauser:jgauser");
        }
    }

    /** Last: the guest is gone afterwards. */
    @Test
    @Order(7)
    void shutdownPowersTheGuestOff() throws IOException, InterruptedException {
        long consoleBefore = Files.size(vm().vm().serialLog());
        try (QgaConnection host = vm().connect()) {
            host.syncDelimited();
            // guest-shutdown has no success response (qga/qapi-schema.json: 'success-response': false)
            host.send(command("guest-shutdown", "{\"mode\":\"powerdown\"}"));

            assertThat(vm().vm().awaitPowerOff(SETTLE_TIMEOUT)).as("QEMU exited: the guest switched the machine off")
                    .isTrue();
        }
        String console = consoleSince(consoleBefore);
        assertThat(console).as("what the agent ran (the guest's /sbin/shutdown echoes its arguments)")
                .contains("shutdown -h -P +0 hypervisor initiated shutdown");
        assertThat(console).contains("reboot: Power down");
    }

    // --- requests

    private static String setVcpu(int id, boolean online) {
        return command("guest-set-vcpus", "{\"vcpus\":[{\"logical-id\":" + id + ",\"online\":" + online + "}]}");
    }

    private static String setPassword(String password, boolean crypted) {
        String encoded = Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8));
        return command("guest-set-user-password", "{\"username\":\"" + USER + "\",\"password\":\"" + encoded
                + "\",\"crypted\":" + crypted + "}");
    }

    private static String keys(String name, List<String> keys, String more) {
        return command(name, "{\"username\":\"" + USER + "\",\"keys\":[\"" + String.join("\",\"", keys) + "\"]" + more
                + "}");
    }

    // --- what the agent reports

    private static List<String> errorOf(JsonObject reply) {
        JsonObject error = (JsonObject) reply.get("error");
        assertThat(error).as("an error reply: " + reply).isNotNull();
        return List.of(string(error, "class"), string(error, "desc"));
    }

    private static long guestTime(QgaConnection host) throws IOException {
        return returnedInteger(host.execute(command("guest-get-time", "{}")));
    }

    /** guest-get-vcpus by logical id (the agents list them in different orders). */
    private static Map<Long, String> vcpus(QgaConnection host) throws IOException {
        Map<Long, String> byId = new TreeMap<>();
        for (Json vcpu : ((JsonArray) returned(host.execute(command("guest-get-vcpus", "{}")))).elements()) {
            JsonObject cpu = (JsonObject) vcpu;
            byId.put(integer(cpu, "logical-id"), (bool(cpu, "online") ? "online" : "offline")
                    + (bool(cpu, "can-offline") ? ", can go offline" : ", cannot go offline"));
        }
        return byId;
    }

    private static List<String> authorizedKeys(QgaConnection host) throws IOException {
        JsonObject reply = returnedObject(host.execute(command("guest-ssh-get-authorized-keys",
                "{\"username\":\"" + USER + "\"}")));
        return ((JsonArray) reply.get("keys")).elements().stream().map(key -> ((JsonString) key).value()).toList();
    }

    // --- what the guest shows

    /** /sys/block/vda/stat's 14th field: sectors discarded (Documentation/block/stat.rst). */
    private static long discardedSectors(GuestShell guest) throws IOException {
        return Long.parseLong(guest.output("cat /sys/block/vda/stat").split("\\s+")[13]);
    }

    private static String shadowHash(GuestShell guest) throws IOException {
        return guest.output("grep '^" + USER + ":' /etc/shadow | cut -d: -f2");
    }

    /** The file's exact text: the shell's output loses a final newline, so the length is checked too. */
    private static String fileText(GuestShell guest, String file) throws IOException {
        String text = guest.output("cat " + file);
        assertThat(Long.parseLong(guest.output("wc -c < " + file))).as("bytes in " + file)
                .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        return text;
    }

    private static void awaitInGuest(GuestShell guest, String condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (!guest.run(condition).ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true in the guest within " + SETTLE_TIMEOUT + ": " + condition);
            }
            Thread.sleep(200);
        }
    }

    private String consoleSince(long offset) throws IOException {
        byte[] all = Files.readAllBytes(vm().vm().serialLog());
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.ISO_8859_1);
    }

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }
}
