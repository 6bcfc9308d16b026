// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.agent.command.helper.RecordingRunner;
import dev.jga.protocol.schema.AccountCommand.SetUserPassword;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What guest-set-user-password feeds chpasswd, and what it refuses first (qmp_guest_set_user_password). */
class PasswordHandlersTest {

    private final RecordingRunner runner = new RecordingRunner();
    private final PasswordHandlers handlers = new PasswordHandlers(runner);

    @Test
    void aClearPasswordGoesToChpasswdAsUserColonPassword() {
        handlers.setUserPassword(new SetUserPassword("alice", "czNjcjN0", false)); // "s3cr3t"
        assertThat(runner.calls()).containsExactly(
                new RecordingRunner.Call(List.of("chpasswd"), Optional.of("alice:s3cr3t\n")));
    }

    @Test
    void aCryptedPasswordAddsDashE() {
        handlers.setUserPassword(new SetUserPassword("bob", "JDYkc2FsdCRoYXNo", true)); // "$6$salt$hash"
        assertThat(runner.calls()).containsExactly(
                new RecordingRunner.Call(List.of("chpasswd", "-e"), Optional.of("bob:$6$salt$hash\n")));
    }

    @Test
    void aNulEndsThePasswordAsInC() {
        handlers.setUserPassword(new SetUserPassword("carol", "YWIAY2Q=", false)); // "ab\0cd"
        assertThat(runner.calls().getFirst().input()).contains("carol:ab\n");
    }

    @Test
    void aNewlineInThePasswordOrAColonInTheNameIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> handlers.setUserPassword(new SetUserPassword("dave", "YQpi", false)))
                .hasMessage("forbidden characters in raw password");
        assertThatThrownBy(() -> handlers.setUserPassword(new SetUserPassword("a:b", "YWJj", false)))
                .hasMessage("forbidden characters in username");
        assertThatThrownBy(() -> handlers.setUserPassword(new SetUserPassword("e\nf", "YWJj", false)))
                .hasMessage("forbidden characters in username");
        assertThatThrownBy(() -> handlers.setUserPassword(new SetUserPassword("dave", "!!", false)))
                .hasMessage("Base64 data contains invalid characters");
        assertThat(runner.calls()).isEmpty();
    }
}
