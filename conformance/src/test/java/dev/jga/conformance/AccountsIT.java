// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * guest-set-user-password and guest-ssh-*-authorized-keys against jga and qemu-ga, on a throwaway
 * user this class creates (useradd, so it needs root) and deletes: the same sequence gives the same
 * replies and leaves the same files and the same /etc/shadow entry. Root's account is never touched.
 */
@dev.jga.testkit.QemuGa10Differs("the chroot has its own /etc/passwd and /etc/shadow: the host's test user is not in them")
class AccountsIT extends OneAgent {

    private static final String USER = "jgatest" + ProcessHandle.current().pid();
    private static Path home;

    @BeforeAll
    static void createThrowawayUser() throws Exception {
        assumeTrue(ProcessHandle.current().info().user().map("root"::equals).orElse(false),
                "needs root, to create a throwaway user with useradd");
        home = Files.createTempDirectory("jga-home-").resolve(USER);
        run("useradd", "-M", "-d", home.toString(), "-s", "/usr/sbin/nologin", USER);
        Files.createDirectory(home);
        run("chown", USER + ":", home.toString());
    }

    @AfterAll
    static void deleteThrowawayUser() throws Exception {
        if (home != null) {
            run("userdel", USER);
            run("rm", "-rf", home.getParent().toString());
        }
    }

    @Test
    void passwordRefusalsComeBeforeChpasswdRuns() {
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-set-user-password","arguments":{"username":"${u}","password":"!!","crypted":false}}
                    < {"error": {"class": "GenericError", "desc": "Base64 data contains invalid characters"}}
                    > {"execute":"guest-set-user-password","arguments":{"username":"${u}","password":"YQpi","crypted":false}}
                    < {"error": {"class": "GenericError", "desc": "forbidden characters in raw password"}}
                    > {"execute":"guest-set-user-password","arguments":{"username":"a:b","password":"YWJj","crypted":false}}
                    < {"error": {"class": "GenericError", "desc": "forbidden characters in username"}}
                    > {"execute":"guest-set-user-password","arguments":{"username":"${u}","password":"YWJj"}}
                    < {"error": {"class": "GenericError", "desc": "Parameter 'crypted' is missing"}}
                    """).with("u", USER).run(client);
        }
    }

    @Test
    void aCryptedPasswordLandsInShadowAsGivenAndAClearOneIsHashed() throws IOException {
        String hash = "$6$jgasalt$" + "x".repeat(86);
        String encoded = java.util.Base64.getEncoder().encodeToString(hash.getBytes());
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-set-user-password","arguments":{"username":"${u}","password":"${p}","crypted":true}}
                    < {"return": {}}
                    """).with("u", USER).with("p", encoded).run(client);
            assertThat(shadowHash()).isEqualTo(hash);
            Transcript.of("""
                    > {"execute":"guest-set-user-password","arguments":{"username":"${u}","password":"c2VjcmV0","crypted":false}}
                    < {"return": {}}
                    """).with("u", USER).run(client);
            assertThat(shadowHash()).isNotEqualTo(hash).startsWith("$");
        }
    }

    @Test
    void anUnknownUserIsChpasswdsFailure() {
        try (WireClient client = agent.connect()) {
            Json reply = client.request("{\"execute\":\"guest-set-user-password\",\"arguments\":{\"username\":"
                    + "\"nosuchuser-jga\",\"password\":\"YWJj\",\"crypted\":false}}");
            // 7.2 stops there; current qemu-ga and jga append what chpasswd printed.
            assertThat(desc(reply)).startsWith("child process has failed to set user password");
        }
    }

    @Test
    void keysAreCheckedBeforeTheUserAndAnUnknownUserIsGlibsSuccess() {
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-ssh-add-authorized-keys","arguments":{"username":"nosuchuser-jga","keys":["#comment"]}}
                    < {"error": {"class": "GenericError", "desc": "invalid OpenSSH public key: '#comment'"}}
                    > {"execute":"guest-ssh-remove-authorized-keys","arguments":{"username":"nosuchuser-jga","keys":["a\\nb"]}}
                    < {"error": {"class": "GenericError", "desc": "invalid OpenSSH public key: 'a\\nb'"}}
                    > {"execute":"guest-ssh-get-authorized-keys","arguments":{"username":"nosuchuser-jga"}}
                    < {"error": {"class": "GenericError", "desc": "failed to lookup user 'nosuchuser-jga': Success"}}
                    > {"execute":"guest-ssh-add-authorized-keys","arguments":{"username":"nosuchuser-jga","keys":[]}}
                    < {"error": {"class": "GenericError", "desc": "failed to lookup user 'nosuchuser-jga': Success"}}
                    """).run(client);
        }
    }

    @Test
    void theAuthorizedKeysRoundTripLeavesQemusFileOwnedByTheUser() throws Exception {
        Path keys = home.resolve(".ssh/authorized_keys");
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-ssh-remove-authorized-keys","arguments":{"username":"${u}","keys":["k0"]}}
                    < {"return": {}}
                    > {"execute":"guest-ssh-get-authorized-keys","arguments":{"username":"${u}"}}
                    < {"error": {"class": "GenericError", "desc": "failed to read '${f}': Failed to open file \u201c${f}\u201d: No such file or directory"}}
                    > {"execute":"guest-ssh-add-authorized-keys","arguments":{"username":"${u}","keys":["ssh-ed25519 AAAA1 one","ssh-ed25519 AAAA2 two"]}}
                    < {"return": {}}
                    > {"execute":"guest-ssh-add-authorized-keys","arguments":{"username":"${u}","keys":["ssh-ed25519 AAAA1 one","ssh-ed25519 AAAA3 three"]}}
                    < {"return": {}}
                    > {"execute":"guest-ssh-get-authorized-keys","arguments":{"username":"${u}"}}
                    < {"return": {"keys": ["ssh-ed25519 AAAA3 three", "ssh-ed25519 AAAA2 two", "ssh-ed25519 AAAA1 one"]}}
                    > {"execute":"guest-ssh-remove-authorized-keys","arguments":{"username":"${u}","keys":["ssh-ed25519 AAAA2 two"]}}
                    < {"return": {}}
                    """).with("u", USER).with("f", keys).run(client);
            assertThat(keys).hasContent("ssh-ed25519 AAAA1 one\nssh-ed25519 AAAA3 three");
            assertThat(mode(keys.getParent())).isEqualTo("rwx------");
            assertThat(mode(keys)).isEqualTo("rw-------");
            assertThat(Files.getOwner(keys).getName()).isEqualTo(USER);
            assertThat(Files.getOwner(keys.getParent()).getName()).isEqualTo(USER);

            Files.writeString(keys, "# managed\n\n  ssh-rsa AAAAR rsa  \nssh-ed25519 AAAA1 one\n");
            Transcript.of("""
                    > {"execute":"guest-ssh-get-authorized-keys","arguments":{"username":"${u}"}}
                    < {"return": {"keys": ["ssh-ed25519 AAAA1 one", "ssh-rsa AAAAR rsa"]}}
                    > {"execute":"guest-ssh-add-authorized-keys","arguments":{"username":"${u}","keys":["ssh-ed25519 AAAA4 four"]}}
                    < {"return": {}}
                    """).with("u", USER).run(client);
            // The final newline made an empty last line, which qemu keeps when it appends.
            assertThat(keys).hasContent("# managed\n\n  ssh-rsa AAAAR rsa  \nssh-ed25519 AAAA1 one\n\nssh-ed25519 AAAA4 four");
            Transcript.of("""
                    > {"execute":"guest-ssh-add-authorized-keys","arguments":{"username":"${u}","keys":["ssh-ed25519 AAAA5 five"],"reset":true}}
                    < {"return": {}}
                    """).with("u", USER).run(client);
            assertThat(keys).hasContent("ssh-ed25519 AAAA5 five");
        } finally {
            run("rm", "-rf", home.resolve(".ssh").toString());
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static String shadowHash() throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/shadow"))) {
            List<String> fields = List.of(line.split(":", -1));
            if (fields.getFirst().equals(USER)) {
                return fields.get(1);
            }
        }
        throw new AssertionError(USER + " is not in /etc/shadow");
    }

    private static String desc(Json reply) {
        JsonObject error = (JsonObject) ((JsonObject) reply).get("error");
        assertThat(error).as("an error reply: %s", reply).isNotNull();
        return ((JsonString) error.get("desc")).value();
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }
}
