// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.agent.dispatch.CommandPolicy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The command policy built from the configuration: allow, then block, then frozen (qga/main.c ga_command_is_allowed). */
class AgentConfigTest {

    private static AgentConfig config(String... args) throws ConfigException {
        return ((Invocation.Run) CommandLine.parse(List.of(args), Map.of("QGA_CONF", "/nonexistent"))).config();
    }

    @Test
    void withoutListsEverythingIsAllowed() throws Exception {
        assertThat(config().policy(() -> false).allows("guest-exec")).isTrue();
    }

    @Test
    void allowListDeniesEverythingElse() throws Exception {
        CommandPolicy policy = config("-a", "guest-ping,guest-get-time").policy(() -> false);
        assertThat(policy.allows("guest-ping")).isTrue();
        assertThat(policy.allows("guest-get-time")).isTrue();
        assertThat(policy.allows("guest-get-fsinfo")).isFalse();
    }

    @Test
    void blockListWinsOverAllowList() throws Exception {
        CommandPolicy policy = config("-a", "guest-ping,guest-info", "-b", "guest-ping").policy(() -> false);
        assertThat(policy.allows("guest-ping")).isFalse();
        assertThat(policy.allows("guest-info")).isTrue();
    }

    @Test
    void unknownNamesAreIgnored() throws Exception {
        CommandPolicy policy = config("-b", "no-such-command").policy(() -> false);
        assertThat(policy.allows("guest-ping")).isTrue();
    }

    @Test
    void frozenOverridesBothLists() throws Exception {
        AtomicBoolean frozen = new AtomicBoolean();
        CommandPolicy policy = config("-a", "guest-exec", "-b", "guest-ping").policy(frozen::get);
        assertThat(policy.allows("guest-exec")).isTrue();
        assertThat(policy.allows("guest-ping")).isFalse();
        frozen.set(true);
        assertThat(policy.allows("guest-exec")).isFalse();
        assertThat(policy.allows("guest-ping")).isTrue();
        assertThat(policy.allows("guest-fsfreeze-thaw")).isTrue();
        frozen.set(false);
        assertThat(policy.allows("guest-exec")).isTrue();
    }

    @Test
    void splitListPrependsLikeQemu() {
        assertThat(AgentConfig.splitList("a,b,c")).containsExactly("c", "b", "a");
        assertThat(AgentConfig.splitList("")).isEmpty();
        assertThat(AgentConfig.splitList(",")).containsExactly("", "");
    }
}
