// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jga.protocol.schema.InfoCommand.GuestLoadAverage;
import dev.jga.protocol.schema.InfoCommand.GuestTimezone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** os-release, time zones and the load average read under a fixture root. */
class LinuxSystemInfoTest {

    private static final Path ZONEINFO = Path.of("/usr/share/zoneinfo");

    @TempDir
    Path root;

    private LinuxSystemInfo info(Map<String, String> env) {
        return new LinuxSystemInfo(new SystemRoot(root), env);
    }

    @Test
    void osReleaseValuesAreUnquotedAsQemuDoes() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/os-release"), """
                # comment
                ID=plain word;rest
                NAME='single quoted'
                PRETTY_NAME="double \\"quoted\\" \\n kept"
                """);
        var osInfo = info(Map.of()).osInfo();
        assertThat(osInfo.id()).contains("plain");
        assertThat(osInfo.name()).contains("'single");
        assertThat(osInfo.prettyName()).contains("double \"quoted\" \\n kept");
        assertThat(osInfo.version()).isEmpty();
    }

    @Test
    void aLineThatIsNoKeyMakesTheFileUnreadableAndUsrLibIsTheFallback() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("usr/lib"));
        Files.writeString(root.resolve("etc/os-release"), "ID=broken\nnot a pair\n");
        assertThat(info(Map.of()).osInfo().id()).isEmpty();
        Files.delete(root.resolve("etc/os-release"));
        Files.writeString(root.resolve("usr/lib/os-release"), "ID=fallback\n");
        assertThat(info(Map.of()).osInfo().id()).contains("fallback");
    }

    @Test
    void noZoneFileMeansUtc() {
        assertThat(info(Map.of()).timezone(0)).isEqualTo(new GuestTimezone(Optional.of("UTC"), 0));
    }

    @Test
    void aZoneFileGivesTheAbbreviationAndOffsetInForce() throws IOException {
        assumeTrue(Files.isRegularFile(ZONEINFO.resolve("Europe/Berlin")), "needs tzdata's Europe/Berlin");
        Files.createDirectories(root.resolve("etc"));
        Files.copy(ZONEINFO.resolve("Europe/Berlin"), root.resolve("etc/localtime"));
        LinuxSystemInfo info = info(Map.of());
        long winter = Instant.parse("2031-01-15T12:00:00Z").getEpochSecond();
        long summer = Instant.parse("2031-07-15T12:00:00Z").getEpochSecond(); // past any table: the footer rule
        assertThat(info.timezone(winter)).isEqualTo(new GuestTimezone(Optional.of("CET"), 3600));
        assertThat(info.timezone(summer)).isEqualTo(new GuestTimezone(Optional.of("CEST"), 7200));
        assertThat(info.timezone(Instant.parse("1990-07-01T00:00:00Z").getEpochSecond()))
                .isEqualTo(new GuestTimezone(Optional.of("CEST"), 7200));
    }

    @Test
    void zoneOffsetsAgreeWithJavasRulesAcrossTheYear() throws IOException {
        assumeTrue(Files.isRegularFile(ZONEINFO.resolve("America/Sao_Paulo")), "needs tzdata");
        Files.createDirectories(root.resolve(ZONEINFO.toString().substring(1)));
        for (String zone : new String[] {"America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/Sao_Paulo"}) {
            Path copy = root.resolve(ZONEINFO.toString().substring(1)).resolve(zone);
            Files.createDirectories(copy.getParent());
            Files.copy(ZONEINFO.resolve(zone), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            LinuxSystemInfo info = info(Map.of("TZ", zone));
            for (int month = 1; month <= 12; month++) {
                Instant at = Instant.parse("2040-%02d-10T00:00:00Z".formatted(month));
                int expected = ZoneId.of(zone).getRules().getOffset(at).getTotalSeconds();
                assertThat(info.timezone(at.getEpochSecond()).offset()).as("%s %s", zone, at).isEqualTo(expected);
            }
        }
    }

    @Test
    void aTzRuleWithoutAFileIsParsedAsPosixSaysAndNonsenseIsUtc() {
        LinuxSystemInfo info = info(Map.of("TZ", "EST5EDT,M3.2.0,M11.1.0"));
        assertThat(info.timezone(Instant.parse("2030-07-01T00:00:00Z").getEpochSecond()))
                .isEqualTo(new GuestTimezone(Optional.of("EDT"), -4 * 3600));
        assertThat(info(Map.of("TZ", "<+0530>-5:30")).timezone(0))
                .isEqualTo(new GuestTimezone(Optional.of("+0530"), 5 * 3600 + 1800));
        assertThat(info(Map.of("TZ", "??")).timezone(0)).isEqualTo(new GuestTimezone(Optional.of("UTC"), 0));
    }

    @Test
    void loadIsTheFirstThreeFieldsOfProcLoadavg() throws IOException {
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("proc/loadavg"), "0.50 1.25 2.00 1/123 4567\n");
        assertThat(info(Map.of()).load()).isEqualTo(new GuestLoadAverage(0.5, 1.25, 2.0));
        Files.delete(root.resolve("proc/loadavg"));
        assertThatThrownBy(() -> info(Map.of()).load())
                .hasMessage("cannot query load average: No such file or directory");
    }
}
