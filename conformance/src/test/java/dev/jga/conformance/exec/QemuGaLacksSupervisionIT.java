// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.conformance.OneAgent;
import dev.jga.protocol.json.JsonObject;
import dev.jga.testkit.QemuGaOnly;
import org.junit.jupiter.api.Test;

/** What a client probing for jga's extensions meets on qemu-ga: the plain errors of an unknown command or member. */
@QemuGaOnly("SupervisedExecIT: jga has the __dev.jga_ extensions")
class QemuGaLacksSupervisionIT extends OneAgent {

    @Test
    void theExtensionCommandsAreUnknown() {
        try (ExecSession session = new ExecSession(agent.connect())) {
            JsonObject reply = session.reply("{\"execute\":\"__dev.jga_guest-exec-kill\",\"arguments\":{\"pid\":1}}");
            JsonObject error = (JsonObject) reply.get("error");
            assertThat(ExecSession.string(error.get("class"))).isEqualTo("CommandNotFound");
            assertThat(ExecSession.show(session.ok("{\"execute\":\"guest-info\"}"))).doesNotContain("__dev.jga_");
        }
    }

    @Test
    void theExtensionMembersAreUnexpected() {
        try (ExecSession session = new ExecSession(agent.connect())) {
            assertThat(session.execError("{\"path\":\"/bin/true\",\"__dev.jga_cwd\":\"/tmp\"}"))
                    .isEqualTo("Parameter '__dev.jga_cwd' is unexpected");
            assertThat(session.error(SupervisedExecIT.status(1, ",\"__dev.jga_keep\":true")))
                    .isEqualTo("Parameter '__dev.jga_keep' is unexpected");
        }
    }
}
