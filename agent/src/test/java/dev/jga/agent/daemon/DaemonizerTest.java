// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DaemonizerTest {

    @Test
    void jvmOptionsAreEverythingBeforeTheMainClassLessTheClassPath() {
        assertThat(Daemonizer.jvmOptions(List.of("-XX:+UseSerialGC", "-Xmx512m", "-cp", "/a/*",
                "--enable-native-access=ALL-UNNAMED", "dev.jga.agent.Main", "-d", "-m", "unix-listen")))
                .containsExactly("-XX:+UseSerialGC", "-Xmx512m", "--enable-native-access=ALL-UNNAMED");
    }

    @Test
    void theDaemonRunsTheSameJavaAndMainClass() {
        List<String> command = Daemonizer.javaCommand();
        assertThat(command.getFirst()).endsWith("/bin/java");
        assertThat(command.getLast()).isEqualTo("dev.jga.agent.Main");
        assertThat(command).contains("-cp");
    }
}
