// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The writer against qemu-ga 7.2's replies (reference §2.1) and C's {@code printf("%.17g")}. */
class JsonWriterTest {

    private static String write(Json value) {
        return JsonWriter.toString(value);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0.1                      | 0.10000000000000001
            1e3                      | 1000
            -0.0                     | -0
            0.0                      | 0
            1e400                    | inf
            -1e400                   | -inf
            1e-5                     | 1.0000000000000001e-05
            1e17                     | 1e+17
            1e16                     | 10000000000000000
            123456789012345678       | 1.2345678901234568e+17
            0.0001                   | 0.0001
            123.456                  | 123.456
            1e300                    | 1.0000000000000001e+300
            4.9e-324                 | 4.9406564584124654e-324
            1.5                      | 1.5
            -2.5e-7                  | -2.4999999999999999e-07
            """)
    void doublesArePrintedLikePrintfPercentPoint17g(double value, String expected) {
        assertThat(write(new JsonDouble(value))).isEqualTo(expected);
    }

    @Test
    void notANumberIsPrintedAsNan() {
        assertThat(write(new JsonDouble(Double.NaN))).isEqualTo("nan");
    }

    @Test
    void integersPrintExactlyIncludingUnsigned() {
        assertThat(write(new JsonInteger(Long.MIN_VALUE))).isEqualTo("-9223372036854775808");
        assertThat(write(new JsonUnsigned(-1L))).isEqualTo("18446744073709551615");
    }

    @Test
    void nonAsciiIsEscapedWithUppercaseHexAndAstralAsSurrogatePairs() {
        assertThat(write(new JsonString("\u00e9"))).isEqualTo("\"\\u00E9\"");
        assertThat(write(new JsonString("\ud83d\ude00"))).isEqualTo("\"\\uD83D\\uDE00\"");
        assertThat(write(new JsonString("\uFFFD"))).isEqualTo("\"\\uFFFD\"");
    }

    @Test
    void deleteAndControlCharactersAreEscaped() {
        assertThat(write(new JsonString("\u007f"))).isEqualTo("\"\\u007F\"");
        assertThat(write(new JsonString("\u0000\u0001\u001f"))).isEqualTo("\"\\u0000\\u0001\\u001F\"");
    }

    @Test
    void shortEscapesAreUsedForTheirCharactersAndSlashIsLeftAlone() {
        assertThat(write(new JsonString("\t\n\r\b\f\"\\/")))
                .isEqualTo("\"\\t\\n\\r\\b\\f\\\"\\\\/\"");
    }

    @Test
    void separatorsAreColonSpaceAndCommaSpace() {
        Map<String, Json> members = new LinkedHashMap<>();
        members.put("a", new JsonInteger(1));
        members.put("b", new JsonArray(List.of(new JsonInteger(1), new JsonInteger(2))));
        assertThat(write(new JsonObject(members))).isEqualTo("""
                {"a": 1, "b": [1, 2]}""");
    }

    @Test
    void emptyContainersHaveNoInnerSpace() {
        assertThat(write(JsonObject.EMPTY)).isEqualTo("{}");
        assertThat(write(new JsonArray(List.of()))).isEqualTo("[]");
        assertThat(write(new JsonArray(List.of(JsonObject.EMPTY, new JsonArray(List.of()))))).isEqualTo("[{}, []]");
    }

    @Test
    void keywordsAreLowercase() {
        assertThat(write(new JsonArray(List.of(JsonBool.TRUE, JsonBool.FALSE, JsonNull.INSTANCE))))
                .isEqualTo("[true, false, null]");
    }

    @Test
    void bytesAreWrittenAsBase64Strings() {
        assertThat(write(new JsonBytes("hello".getBytes(), 1, 3))).isEqualTo("\"ZWxs\"");
        byte[] large = new byte[200_000];
        assertThat(write(new JsonBytes(large))).hasSize(2 + 4 * ((large.length + 2) / 3));
    }

    @Test
    void base64IsTheStandardEncodingAtEveryLengthAndAcrossPieces() {
        byte[] random = new byte[3 * 16 * 1024 * 2 + 100];
        new java.util.Random(7).nextBytes(random);
        for (int length : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 255, 49_151, 49_152, 49_153, 49_154, random.length}) {
            for (int offset : new int[] {0, 1, 2}) {
                int n = Math.min(length, random.length - offset);
                String expected = java.util.Base64.getEncoder().encodeToString(
                        java.util.Arrays.copyOfRange(random, offset, offset + n));
                assertThat(write(new JsonBytes(random, offset, n))).as("length %d offset %d", n, offset)
                        .isEqualTo('"' + expected + '"');
            }
        }
    }

    @Test
    void base64UsesEveryCharacterOfTheAlphabet() {
        byte[] all = new byte[256 * 3];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) (i * 7 + i / 256);
        }
        assertThat(write(new JsonBytes(all))).isEqualTo('"' + java.util.Base64.getEncoder().encodeToString(all) + '"');
    }

    @Test
    void parsedRequestsWriteBackInQemusFormat() {
        String wire = """
                {'execute' : "guest-file-write",
                 "arguments": {"handle": 1000, "buf-b64": "aGk=", "x": [1.0, -0, 1e2, "caf\\u00e9"]}}
                """;
        assertThat(write(JsonParser.parse(wire))).isEqualTo("""
                {"execute": "guest-file-write", "arguments": {"handle": 1000, "buf-b64": "aGk=", \
                "x": [1, 0, 100, "caf\\u00E9"]}}""");
    }

    @Test
    void writtenTextParsesBackToTheSameValue() {
        Map<String, Json> members = new LinkedHashMap<>();
        members.put("s", new JsonString("tab\t quote\" \u00e9 \ud83d\ude00 nul\u0000 del\u007f"));
        members.put("n", new JsonArray(List.of(new JsonInteger(-5), new JsonUnsigned(-1L),
                new JsonDouble(0.1), new JsonDouble(-2.5), new JsonDouble(1e-300))));
        members.put("k", new JsonArray(List.of(JsonBool.TRUE, JsonNull.INSTANCE, JsonObject.EMPTY)));
        JsonObject value = new JsonObject(members);
        assertThat(JsonParser.parse(write(value))).isEqualTo(value);
    }

    @Test
    void integralDoublesComeBackAsIntegersAsInQemu() {
        assertThat(JsonParser.parse(write(new JsonDouble(-0.0)))).isEqualTo(new JsonInteger(0));
        assertThat(JsonParser.parse(write(new JsonDouble(1e3)))).isEqualTo(new JsonInteger(1000));
    }

    @Test
    void deeplyNestedValueIsWrittenOnASmallThreadStack() throws InterruptedException {
        Json value = new JsonArray(List.of());
        for (int i = 0; i < 5000; i++) {
            value = new JsonArray(List.of(value));
        }
        Json deep = value;
        List<String> written = new ArrayList<>();
        Thread small = new Thread(null, () -> written.add(write(deep)), "small-stack", 64 * 1024);
        small.start();
        small.join();
        assertThat(written).containsExactly("[".repeat(5001) + "]".repeat(5001));
    }

    @Test
    void aWriterKeptForAConnectionWritesEachReplyWholeAndInOrder() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        JsonWriter writer = JsonWriter.to(out);
        String big = "x".repeat(20_000);
        for (Json value : List.of(JsonObject.builder().put("return", big).build(),
                JsonObject.builder().put("return", 1).build())) {
            writer.append(value);
            writer.appendByte('\n');
            writer.drain();
        }
        assertThat(out.toString(java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("""
                {"return": "%s"}
                {"return": 1}
                """.formatted(big));
    }
}
