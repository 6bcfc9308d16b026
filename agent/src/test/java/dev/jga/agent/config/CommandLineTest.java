// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * qemu-ga's two-pass command line over its configuration file. The expected -D texts are the
 * output of the real qemu-ga 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3) for the same options and
 * files; jga adds the {@code allow-rpcs=} line that qemu-ga prints since 8.1.
 */
class CommandLineTest {

    /** No configuration file at all. */
    private static final Map<String, String> NO_CONFIG = Map.of("QGA_CONF", "/nonexistent/qemu-ga.conf");

    @TempDir
    Path dir;

    private static Invocation parse(Map<String, String> environment, String... args) throws ConfigException {
        return CommandLine.parse(List.of(args), environment);
    }

    private static String dump(Map<String, String> environment, String... args) throws ConfigException {
        Invocation invocation = parse(environment, args);
        assertThat(invocation).isInstanceOf(Invocation.Dump.class);
        return ((Invocation.Dump) invocation).config().dump();
    }

    private Map<String, String> configFile(String text) throws IOException {
        Path file = dir.resolve("qemu-ga.conf");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return Map.of("QGA_CONF", file.toString());
    }

    @Test
    void dumpOfTheDefaultsMatchesQemuGa() throws Exception {
        // qemu-ga -D
        String qemu72 = """
                [general]
                daemon=false
                method=virtio-serial
                path=/dev/virtio-ports/org.qemu.guest_agent.0
                pidfile=/var/run/qemu-ga.pid
                statedir=/var/run
                verbose=false
                retry-path=false
                block-rpcs=
                """;
        assertThat(dump(NO_CONFIG, "-D")).isEqualTo(qemu72 + "allow-rpcs=\n");
    }

    @Test
    void dumpOfEveryOptionMatchesQemuGaIncludingTheReversedLists() throws Exception {
        // qemu-ga -D -m unix-listen -p /tmp/x.sock -b a,b -F -b c -l /tmp/log -r -v -d
        String qemu72 = """
                [general]
                daemon=true
                method=unix-listen
                path=/tmp/x.sock
                logfile=/tmp/log
                pidfile=/var/run/qemu-ga.pid
                fsfreeze-hook=/etc/qemu/fsfreeze-hook
                statedir=/var/run
                verbose=true
                retry-path=true
                block-rpcs=b,a,c
                """;
        assertThat(dump(NO_CONFIG, "-D", "-m", "unix-listen", "-p", "/tmp/x.sock", "-b", "a,b", "-F", "-b", "c",
                "-l", "/tmp/log", "-r", "-v", "-d")).isEqualTo(qemu72 + "allow-rpcs=\n");
    }

    @Test
    void dumpOfUpstreamTestConfigMatchesQemuGa() throws Exception {
        // QGA_CONF=tests/data/test-qga-config qemu-ga -D (qemu's /qga/config test)
        Map<String, String> env = configFile("""
                [general]
                daemon=false
                method=virtio-serial
                path=/path/to/org.qemu.guest_agent.0
                pidfile=/var/foo/qemu-ga.pid
                statedir=/var/state
                verbose=true
                block-rpcs=guest-ping;guest-get-time
                """);
        String qemu72 = """
                [general]
                daemon=false
                method=virtio-serial
                path=/path/to/org.qemu.guest_agent.0
                pidfile=/var/foo/qemu-ga.pid
                statedir=/var/state
                verbose=true
                retry-path=false
                block-rpcs=guest-ping;guest-get-time
                """;
        assertThat(dump(env, "-D")).isEqualTo(qemu72 + "allow-rpcs=\n");
    }

    @Test
    void semicolonListIsOneBogusName() throws Exception {
        Map<String, String> env = configFile("[general]\nblock-rpcs=guest-ping;guest-get-time\n");
        Invocation.Run run = (Invocation.Run) parse(env, "-m", "unix-listen", "-p", "/s");
        assertThat(run.config().blockRpcs()).containsExactly("guest-ping;guest-get-time");
        assertThat(run.config().policy(() -> false).allows("guest-ping")).isTrue();
    }

    @Test
    void commandLineListsAddToTheFileAndEachListIsReversed() throws Exception {
        // QGA_CONF with block-rpcs=a,b; qemu-ga -D -b c,d
        Map<String, String> env = configFile("[general]\nblock-rpcs=a,b\n");
        assertThat(dump(env, "-D", "-b", "c,d")).contains("\nblock-rpcs=b,a,d,c\n");
    }

    @Test
    void emptyPiecesAreKeptButAnEmptyListIsNone() throws Exception {
        // block-rpcs=,a,,b, dumps as ",b,,a," in qemu-ga
        assertThat(dump(configFile("[general]\nblock-rpcs=,a,,b,\n"), "-D")).contains("\nblock-rpcs=,b,,a,\n");
        Invocation.Run run = (Invocation.Run) parse(NO_CONFIG, "-a", "", "-b", "");
        assertThat(run.config().allowRpcs()).isEmpty();
        assertThat(run.config().blockRpcs()).isEmpty();
    }

    @Test
    void dumpEscapesValuesAsGlib() throws Exception {
        // file "path=\n x\t\sy\\\s"; qemu-ga -D printed "path=\n\sx<TAB> y\\ "
        assertThat(dump(configFile("[general]\npath=\\n x\\t\\sy\\\\\\s\n"), "-D")).contains("\npath=\\n\\sx\t y\\\\ \n");
    }

    @Test
    void emptyOptionalValuesAreDumped() throws Exception {
        assertThat(dump(configFile("[general]\nfsfreeze-hook=\nlogfile=\npath=\n"), "-D"))
                .contains("\npath=\nlogfile=\npidfile=/var/run/qemu-ga.pid\nfsfreeze-hook=\n");
    }

    @Test
    void lastScalarWinsAndCommandLineBeatsTheFile() throws Exception {
        Map<String, String> env = configFile("""
                [general]
                method=isa-serial
                path=/from/file
                pidfile=/file.pid
                statedir=/file-state
                retry-path=true
                daemon=true
                """);
        Invocation.Run run = (Invocation.Run) parse(env, "-m", "unix-listen", "-p", "/a", "--path=/b", "-t", "/cli");
        AgentConfig config = run.config();
        assertThat(config.method()).isEqualTo("unix-listen");
        assertThat(config.path()).hasValue("/b");
        assertThat(config.pidfile()).isEqualTo(Path.of("/file.pid"));
        assertThat(config.statedir()).isEqualTo(Path.of("/cli"));
        assertThat(config.retryPath()).isTrue();
        assertThat(config.daemonize()).isTrue();
    }

    @Test
    void verboseInTheFileOnlyTurnsItOn() throws Exception {
        assertThat(dump(configFile("[general]\nverbose=false\n"), "-D", "-v")).contains("\nverbose=true\n");
        assertThat(dump(configFile("[general]\nverbose=true\n"), "-D")).contains("\nverbose=true\n");
    }

    @Test
    void explicitConfigBeatsQgaConfAndMustExist() throws Exception {
        Map<String, String> env = configFile("[general]\nmethod=isa-serial\n");
        Path other = dir.resolve("other.conf");
        Files.writeString(other, "[general]\nmethod=unix-listen\npath=/o\n");
        assertThat(dump(env, "-D", "-c", other.toString())).contains("\nmethod=unix-listen\n");
        assertThat(dump(env, "-D")).contains("\nmethod=isa-serial\n");
        assertThatThrownBy(() -> parse(env, "-D", "--config=" + dir.resolve("missing")))
                .hasMessage("error loading configuration from path: " + dir.resolve("missing")
                        + ", No such file or directory");
    }

    @Test
    void missingDefaultFileIsFineButOtherErrorsAreFatal() throws Exception {
        assertThat(parse(NO_CONFIG, "-D")).isInstanceOf(Invocation.Dump.class);
        assertThatThrownBy(() -> parse(Map.of("QGA_CONF", dir.toString()), "-D"))
                .hasMessage("error loading configuration from path: " + dir + ", Not a regular file");
        assertThatThrownBy(() -> parse(configFile("[general]\ndaemon=maybe\n"), "-D"))
                .hasMessageEndingWith(", Key file contains key “daemon” which has a value that cannot be interpreted.");
    }

    @Test
    void firstBadKeyInQemuOrderIsReported() throws Exception {
        // qemu-ga reads daemon before retry-path, whatever the file order
        assertThatThrownBy(() -> parse(configFile("[general]\nretry-path=bogus\ndaemon=bogus\n"), "-D"))
                .hasMessageContaining("“daemon”");
    }

    @Test
    void bareFsfreezeHookTakesTheDefault() throws Exception {
        assertThat(((Invocation.Run) parse(NO_CONFIG, "-F")).config().fsfreezeHook())
                .hasValue(AgentConfig.DEFAULT_FSFREEZE_HOOK);
        assertThat(((Invocation.Run) parse(NO_CONFIG, "-F/x")).config().fsfreezeHook()).hasValue(Path.of("/x"));
    }

    @Test
    void listenersNeedAPathEvenForDump() {
        assertThatThrownBy(() -> parse(NO_CONFIG, "-D", "-m", "unix-listen"))
                .hasMessage("must specify a path for this channel");
        assertThatThrownBy(() -> parse(NO_CONFIG, "-m", "vsock-listen"))
                .hasMessage("must specify a path for this channel");
    }

    @Test
    void unknownMethodIsDumpedButCannotRun() throws Exception {
        assertThat(dump(NO_CONFIG, "-D", "-m", "bogus", "-p", "x")).contains("\nmethod=bogus\npath=x\n");
        assertThatThrownBy(() -> parse(NO_CONFIG, "-m", "bogus", "-p", "x"))
                .hasMessage("unsupported channel method/type: bogus");
    }

    @Test
    void earlyExitsActWhereTheyStand() throws Exception {
        assertThat(parse(NO_CONFIG, "-V", "-x")).isInstanceOf(Invocation.Version.class);
        assertThat(parse(NO_CONFIG, "-x", "-V")).isEqualTo(new Invocation.BadOption("invalid option -- 'x'"));
        assertThat(parse(NO_CONFIG, "-D", "-h")).isInstanceOf(Invocation.Help.class);
        assertThat(parse(NO_CONFIG, "-b", "help")).isInstanceOf(Invocation.ListCommands.class);
        assertThat(parse(NO_CONFIG, "--allow-rpcs=?")).isInstanceOf(Invocation.ListCommands.class);
        // "help" inside a list is just a name (qemu-ga -D -b a,help prints block-rpcs=help,a)
        assertThat(dump(NO_CONFIG, "-D", "-b", "a,help")).contains("\nblock-rpcs=help,a\n");
    }

    @Test
    void pidfileIsWrittenWithDaemonizeOrWhenNamed() throws Exception {
        assertThat(((Invocation.Run) parse(NO_CONFIG)).writePidfile()).isFalse();
        assertThat(((Invocation.Run) parse(NO_CONFIG, "-d")).writePidfile()).isTrue();
        assertThat(((Invocation.Run) parse(NO_CONFIG, "-f", "/p")).writePidfile()).isTrue();
        assertThat(((Invocation.Run) parse(configFile("[general]\npidfile=/p\n"))).writePidfile()).isTrue();
    }

    @Test
    void strayWordsAndTheBlacklistKeyAreWarnedAbout() throws Exception {
        Invocation.Dump dump = (Invocation.Dump) parse(configFile("[general]\nblacklist=a\n"), "-D", "stray");
        assertThat(dump.warnings()).containsExactly(
                "ignoring the configuration key 'blacklist' (removed in qemu 9.1): use 'block-rpcs'",
                "ignoring non-option argument 'stray'");
        assertThat(dump.config().blockRpcs()).isEmpty();
    }

    @Test
    void virtioAndIsaGetTheirDefaultPaths() throws Exception {
        assertThat(((Invocation.Run) parse(NO_CONFIG, "-m", "isa-serial")).config().path()).hasValue("/dev/ttyS0");
        assertThat(((Invocation.Run) parse(NO_CONFIG)).config().path())
                .isEqualTo(Optional.of(AgentConfig.VIRTIO_SERIAL_DEFAULT_PATH));
    }
}
