// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.testkit.JgaOnly;
import dev.jga.testkit.QemuGaOnly;
import dev.jga.testkit.Transcript;
import dev.jga.testkit.WireClient;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What real host clients send, byte for byte: libvirt (src/qemu/qemu_agent.c qemuAgentGuestSync),
 * Proxmox (PVE::QMPClient), clients of qga/qapi-schema.json's guest-sync-delimited procedure,
 * and QMP-style ids. Each starts on a
 * fresh connection without a resync, as those clients do.
 */
class ClientSequencesIT extends OneAgent {

    @Test
    void a1LibvirtFirstSyncIsAnsweredWithoutASentinel() {
        // qemuAgentGuestSync: plain guest-sync, a space after the comma, no 0xFF.
        try (WireClient client = agent.connectRaw()) {
            Transcript.of("""
                    > {"execute":"guest-sync", "arguments":{"id":1732530000123}}
                    <= {"return": 1732530000123}
                    < (no reply)
                    """).run(client);
        }
    }

    @Test
    void a2LibvirtRepeatedSyncsAreEachAnsweredInOrder() {
        try (WireClient client = agent.connectRaw()) {
            Transcript.of("""
                    > {"execute":"guest-sync", "arguments":{"id":1732530000123}}
                    > {"execute":"guest-sync", "arguments":{"id":1732530000124}}
                    > {"execute":"guest-info"}
                    <= {"return": 1732530000123}
                    <= {"return": 1732530000124}
                    < {"return": {"version": $string, "supported_commands": $array}}
                    """).run(client);
        }
    }

    @Test
    void a3ProxmoxPipelinedWriteIsAnsweredWithoutWaitingForMoreInput() {
        // PVE::QMPClient: a new connection per command; sync-delimited and the command in ONE write.
        for (int n = 1; n <= 3; n++) {
            long id = 12345_0000L + n;
            try (WireClient client = agent.connectRaw()) {
                client.send("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":" + id + "}}\n"
                        + "{\"execute\":\"guest-ping\",\"arguments\":{}}\n");
                String reply = new String(client.readLine(), StandardCharsets.ISO_8859_1) + "\n"
                        + new String(client.readLine(), StandardCharsets.ISO_8859_1) + "\n";
                assertThat(reply).isEqualTo("\u00ff{\"return\": " + id + "}\n{\"return\": {}}\n");
                // Proxmox's reply regex: /^.*\xff([^\n]+}\r?\n[^\n]+})\r?\n(.*)$/s
                assertThat(reply).matches("(?s)^.*\u00ff([^\n]+}\r?\n[^\n]+})\r?\n(.*)$");
            }
        }
    }

    @Test
    void a3ProxmoxGuestFileReadFlowOnNewConnections() {
        String content = "proxmox reads this\n";
        java.nio.file.Path file = agent.dir().resolve("a3-read.txt");
        try {
            java.nio.file.Files.writeString(file, content);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        long handle;
        try (WireClient client = agent.connectRaw()) {
            client.send("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":9001}}\n"
                    + "{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"" + file + "\"}}\n");
            client.skipToSentinel();
            var captures = Transcript.of("""
                    < {"return": 9001}
                    < {"return": $int:handle}
                    """).run(client);
            handle = Long.parseLong(captures.get("handle"));
        }
        try (WireClient client = agent.connectRaw()) {
            client.send("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":9002}}\n"
                    + "{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle + ",\"count\":1048576}}\n");
            client.skipToSentinel();
            Transcript.of("""
                    < {"return": 9002}
                    < {"return": {"count": 19, "buf-b64": "cHJveG1veCByZWFkcyB0aGlzCg==", "eof": true}}
                    """).run(client);
        }
        try (WireClient client = agent.connectRaw()) {
            client.send("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":9003}}\n"
                    + "{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + handle + "}}\n");
            client.skipToSentinel();
            Transcript.of("""
                    < {"return": 9003}
                    < {"return": {}}
                    """).run(client);
        }
    }

    @Test
    @JgaOnly("qemu-ga first answers the 0xFF with a stray-character error line (a5QemuGaSendsAnErrorLineFirst)")
    void a5SchemaStyleSentinelThenSyncDelimitedGetsOnlyTheDelimitedReply() {
        try (WireClient client = agent.connectRaw()) {
            Transcript.of("""
                    > \\xff{"execute":"guest-sync-delimited","arguments":{"id":7}}
                    <= \\xff{"return": 7}
                    < (no reply)
                    """).run(client);
        }
    }

    @Test
    @QemuGaOnly("jga is silent on 0xFF (a5SchemaStyleSentinelThenSyncDelimitedGetsOnlyTheDelimitedReply)")
    void a5QemuGaSendsAnErrorLineFirst() {
        try (WireClient client = agent.connectRaw()) {
            Transcript.of("""
                    > \\xff{"execute":"guest-sync-delimited","arguments":{"id":7}}
                    <= {"error": {"class": "GenericError", "desc": "JSON parse error, stray '\\uFFFD'"}}
                    <= \\xff{"return": 7}
                    < (no reply)
                    """).run(client);
        }
    }

    @Test
    void a5ClientsThatSkipToTheSentinelFindTheReplyEitherWay() {
        try (WireClient client = agent.connectRaw()) {
            client.send(new byte[] {(byte) 0xFF});
            client.sendLine("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":7}}");
            client.skipToSentinel();
            Transcript.of("""
                    <= {"return": 7}
                    """).run(client);
        }
    }

    @Test
    void a18QmpIdIsEchoed() {
        try (WireClient client = agent.connectRaw()) {
            Transcript.of("""
                    > {"execute":"guest-ping","id":"x1"}
                    < {"return": {}, "id": "x1"}
                    """).run(client);
        }
    }
}
