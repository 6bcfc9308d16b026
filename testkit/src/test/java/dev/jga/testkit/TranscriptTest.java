// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TranscriptTest {

    @Test
    void byteEscapesBecomeRawBytesAndTheRestUtf8() {
        assertThat(Transcript.bytes("\\xff{\"a\":\"é\"}")).isEqualTo(concat(new byte[] {(byte) 0xFF},
                "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(Transcript.bytes("\\x0d\\x0A")).containsExactly('\r', '\n');
    }

    @Test
    void jsonEscapesAreLeftAlone() {
        assertThat(new String(Transcript.bytes("\\u00E9\\n\\\\x"), StandardCharsets.US_ASCII)).isEqualTo("\\u00E9\\n\\\\x");
    }

    @Test
    void anUnboundVariableIsAnErrorInTheTranscriptNotTheAgent() {
        assertThatThrownBy(() -> Transcript.of("> {\"id\":${nope}}").run(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("${nope}");
    }

    @Test
    void aLineWithoutDirectionIsRejected() {
        assertThatThrownBy(() -> Transcript.of("{\"execute\":\"guest-ping\"}").run(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
