// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.protocol.wire.QgaError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GlibBase64Test {

    private static String decode(String text) {
        return new String(GlibBase64.decode(text), StandardCharsets.ISO_8859_1);
    }

    @Test
    void paddedInputDecodesLikeStandardBase64() {
        assertThat(decode("aGVsbG8=")).isEqualTo("hello");
        assertThat(decode("aGk=")).isEqualTo("hi");
        assertThat(decode("")).isEmpty();
    }

    @Test
    void missingPaddingSilentlyDropsTheIncompleteLastGroup() {
        assertThat(decode("aGVsbG8")).isEqualTo("hel");
    }

    @Test
    void newlinesAreIgnoredAnywhere() {
        assertThat(decode("aGVs\nbG8=\n")).isEqualTo("hello");
    }

    @Test
    void spacesAndOtherCharactersAreRejectedWithQemusText() {
        for (String bad : new String[] {"aGVs bG8=", "aGVsbG8=\r", "a-b_", "é"}) {
            assertThatThrownBy(() -> GlibBase64.decode(bad))
                    .isInstanceOf(QgaError.class)
                    .hasMessage("Base64 data contains invalid characters");
        }
    }

    @Test
    void longTextsDecodeToTheSameBytesAsTheJdksDecoderWhateverTheirLength() {
        Random random = new Random(7);
        for (int size = 0; size < 64; size++) {
            byte[] data = new byte[size * 37];
            random.nextBytes(data);
            assertThat(GlibBase64.decode(Base64.getEncoder().encodeToString(data))).isEqualTo(data);
        }
    }

    @Test
    void newlinesAndPaddingInsideALongTextDecodeAsGlibDoes() {
        assertThat(decode("aGk=aGk=" + "aGVsbG8g".repeat(4) + "a\nGk=")).isEqualTo("hihi" + "hello ".repeat(4) + "hi");
        assertThat(decode("aGVs\nbG8gd29y\nbGQh\n\naGVsbG8=")).isEqualTo("hello world!hello");
    }

    @Test
    void decodingToABufferLeavesThePaddingsUnusedBytesOutOfItsLength() {
        GlibBase64.Decoded decoded = GlibBase64.decodeToBuffer("aGVsbG8=");
        assertThat(decoded.length()).isEqualTo(5);
        assertThat(new String(decoded.buffer(), 0, decoded.length(), StandardCharsets.ISO_8859_1)).isEqualTo("hello");
    }
}
