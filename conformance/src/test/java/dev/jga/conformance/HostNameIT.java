// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** guest-get-host-name (qga/qapi-schema.json GuestHostName; qga/commands.c qmp_guest_get_host_name). */
class HostNameIT extends OneAgent {

    @Test
    void hostNameIsTheOneMemberAndWhatHostnameSays() throws IOException, InterruptedException {
        Json reply;
        try (WireClient client = agent.connect()) {
            reply = client.request("{\"execute\":\"guest-get-host-name\"}");
        }
        JsonObject result = (JsonObject) ((JsonObject) reply).get("return");
        assertThat(result.members().keySet()).containsExactly("host-name");
        assertThat(((JsonString) result.get("host-name")).value()).isEqualTo(hostname());
    }

    @Test
    void anArgumentIsUnexpected() {
        try (WireClient client = agent.connect()) {
            Transcript.of("""
                    > {"execute":"guest-get-host-name","arguments":{"name":"x"}}
                    <= {"error": {"class": "GenericError", "desc": "Parameter 'name' is unexpected"}}
                    """).run(client);
        }
    }

    /** hostname(1), which prints what gethostname(2) returns. */
    private static String hostname() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("hostname").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor()).as("hostname: %s", out).isZero();
        return out;
    }
}
