// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import static dev.jga.protocol.json.RecordingSink.bytes;
import static dev.jga.protocol.json.RecordingSink.eventsOf;
import static dev.jga.protocol.json.RecordingSink.eventsOfBytewise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.protocol.json.JsonStreamer.Limits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The streamer against qemu-ga 7.2's observed behaviour. Every expected error text here was checked
 * by hand against the real qemu-ga 7.2.22 (python client on its unix socket); where current
 * upstream's source differs from 7.2 it is noted. Inputs are Latin-1 strings so a Java escape U+00XX
 * stands for one raw byte.
 */
class JsonStreamerTest {

    private static final String PING = """
            {"execute":"guest-ping"}""";
    private static final String EXPECTING_VALUE = "error: JSON parse error, expecting value";

    private static List<String> events(String latin1) {
        return eventsOf(bytes(latin1));
    }

    private static String stray(String token) {
        return "error: JSON parse error, stray '" + token + "'";
    }

    private static String parseError(String message) {
        return "error: JSON parse error, " + message;
    }

    @Nested
    class Framing {

        @Test
        void requestIsEmittedWhenItsBracesBalanceWithoutNewline() {
            assertThat(events(PING)).containsExactly("{\"execute\": \"guest-ping\"}");
        }

        @Test
        void severalValuesInOneFeedAreEmittedInOrder() {
            assertThat(events(PING + "[1]" + PING)).containsExactly(
                    "{\"execute\": \"guest-ping\"}", "[1]", "{\"execute\": \"guest-ping\"}");
        }

        @Test
        void whitespaceCrlfAndBlankLinesAroundValuesAreIgnored() {
            assertThat(events(" \r\n\t{ \"execute\" :\r\n \"guest-ping\" }\r\n\r\n"))
                    .containsExactly("{\"execute\": \"guest-ping\"}");
        }

        @Test
        void requestSplitAtEveryByteOffsetGivesTheSameEvents() {
            byte[] request = """
                    {"execute":"guest-file-write","arguments":{"handle":1000,"buf-b64":"aGk=",\
                    "x":'caf\\u00e9 \u00e9\u20ac\ud83d\ude00',"n":[-1.5e3,18446744073709551615,true,null]}}
                    """.getBytes(StandardCharsets.UTF_8);
            List<String> whole = eventsOf(request);
            assertThat(whole).hasSize(1).first().asString().startsWith("{\"execute\"");
            for (int split = 0; split <= request.length; split++) {
                RecordingSink sink = new RecordingSink();
                JsonStreamer streamer = new JsonStreamer(sink);
                streamer.feed(request, 0, split);
                streamer.feed(request, split, request.length - split);
                assertThat(sink.events).as("split at %d", split).isEqualTo(whole);
            }
            assertThat(eventsOfBytewise(request)).isEqualTo(whole);
        }

        @Test
        void topLevelScalarsAreEmittedAsSoonAsTheyEnd() {
            RecordingSink sink = new RecordingSink();
            JsonStreamer streamer = new JsonStreamer(sink);
            feed(streamer, "\"x\"");
            assertThat(sink.events).containsExactly("\"x\"");
            feed(streamer, "5");
            feed(streamer, "null");
            assertThat(sink.events).as("a number or keyword ends only at the next byte").hasSize(2);
            feed(streamer, " ");
            assertThat(sink.events).containsExactly("\"x\"", "5", "null");
        }

        @Test
        void emptyContainersAreValues() {
            assertThat(events("{}[]")).containsExactly("{}", "[]");
        }

        @Test
        void feedHonoursOffsetAndLength() {
            RecordingSink sink = new RecordingSink();
            byte[] buffer = bytes("xx[1]yy");
            new JsonStreamer(sink).feed(buffer, 2, 3);
            assertThat(sink.events).containsExactly("[1]");
        }

        @Test
        void feedRejectsAnOutOfBoundsRange() {
            JsonStreamer streamer = new JsonStreamer(new RecordingSink());
            assertThatThrownBy(() -> streamer.feed(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Nested
    class Dialect {

        @Test
        void singleQuotedStringsAreAccepted() {
            assertThat(events("{'execute':'guest-ping'}")).containsExactly("{\"execute\": \"guest-ping\"}");
        }

        @Test
        void singleQuotedStringsMayHoldDoubleQuotesAndEitherEscapedQuote() {
            assertThat(events("'a\"b\\'c\\\"d'")).containsExactly("\"a\\\"b'c\\\"d\"");
        }

        @Test
        void apostropheEscapeWorksInDoubleQuotedStrings() {
            assertThat(events("\"it\\'s\"")).containsExactly("\"it's\"");
        }

        @Test
        void everyJsonEscapeIsDecoded() {
            RecordingSink sink = new RecordingSink();
            byte[] input = bytes("\"\\/\\b\\f\\n\\r\\t\\\\\\\"\"");
            new JsonStreamer(sink).feed(input, 0, input.length);
            assertThat(sink.values).containsExactly(new JsonString("/\b\f\n\r\t\\\""));
        }

        @Test
        void keywordsAreTrueFalseAndNull() {
            assertThat(events("[true,false,null]")).containsExactly("[true, false, null]");
        }

        @Test
        void keywordsAreLexedAsLowercaseWordsThenChecked() {
            assertThat(events("tru ")).containsExactly(parseError("invalid keyword 'tru'"));
            assertThat(events("truefalse ")).containsExactly(parseError("invalid keyword 'truefalse'"));
            assertThat(events("true1 ")).containsExactly("true", "1");
        }

        @Test
        void uppercaseLetterIsAStrayByteNotAKeyword() {
            assertThat(events("True ")).containsExactly(stray("T"));
        }

        @Test
        void longInvalidKeywordIsCutToQemusMessageBuffer() {
            String word = "a".repeat(2000);
            // parse_error() formats into char message[1024]: 1023 bytes survive, closing quote lost
            assertThat(events(word + " ")).containsExactly(
                    parseError(("invalid keyword '" + word).substring(0, 1023)));
        }

        @Test
        void unicodeEscapesIncludingSurrogatePairsAreDecoded() {
            RecordingSink sink = new RecordingSink();
            byte[] input = bytes("\"\\u00e9\\u20AC\\uD83D\\uDE00\"");
            new JsonStreamer(sink).feed(input, 0, input.length);
            assertThat(sink.values).containsExactly(new JsonString("\u00e9\u20ac\ud83d\ude00"));
        }

        @Test
        void loneSurrogateEscapeIsNotAValidUnicodeCharacter() {
            assertThat(events("\"\\ud83d\"")).containsExactly(
                    parseError("\\ud83d is not a valid Unicode character"));
        }

        @Test
        void leadingSurrogateFollowedByANonTrailingEscapeReportsOnlyTheLeadingOne() {
            assertThat(events("\"\\ud83d\\u0041\"")).containsExactly(
                    parseError("\\ud83d is not a valid Unicode character"));
        }

        @Test
        void noncharacterEscapesAreRejected() {
            assertThat(events("\"\\uFFFF\"")).containsExactly(
                    parseError("\\uFFFF is not a valid Unicode character"));
            assertThat(events("\"\\ufdd0\"")).containsExactly(
                    parseError("\\ufdd0 is not a valid Unicode character"));
            assertThat(events("\"\\ud83f\\udffe\"")).containsExactly(
                    parseError("\\ud83f\\udffe is not a valid Unicode character"));
        }

        @Test
        void shortUnicodeEscapeQuotesTheSixBytesAfterTheBackslash() {
            // cvt4hex() fails at the quote, yet the message shows \ + u + 4 bytes, cut at the NUL
            assertThat(events("\"\\u12\"")).containsExactly(
                    parseError("\\u12\" is not a valid Unicode character"));
            assertThat(events("\"\\u1\u00f0\u009f\u0098\u0080\"")).containsExactly(
                    parseError("\\u1\uFFFD is not a valid Unicode character"));
        }

        @Test
        void escapedNulIsAcceptedAsIsModifiedUtf8Nul() {
            RecordingSink sink = new RecordingSink();
            byte[] input = bytes("[\"a\\u0000b\",\"a\u00c0\u0080b\"]");
            new JsonStreamer(sink).feed(input, 0, input.length);
            assertThat(sink.values).containsExactly(
                    new JsonArray(List.of(new JsonString("a\0b"), new JsonString("a\0b"))));
            assertThat(sink.events).containsExactly("[\"a\\u0000b\", \"a\\u0000b\"]");
        }

        @Test
        void unknownEscapeIsAnInvalidEscapeSequence() {
            assertThat(events("\"\\x\"")).containsExactly(parseError("invalid escape sequence in string"));
            assertThat(events("\"\\\u00c3\u00a9\"")).containsExactly(parseError("invalid escape sequence in string"));
        }

        @Test
        void rawControlCharactersInStringsAreLexicalErrors() {
            assertThat(events("\"a\tb\"")).containsExactly(stray("\"a\t"));
            assertThat(events("\"a\nb\"")).first().isEqualTo(stray("\"a\n"));
            assertThat(events("\"\\\u0001\"")).first().isEqualTo(stray("\"\\\u0001"));
        }

        @Test
        void deleteIsAnOrdinaryStringCharacterButStrayOutsideStrings() {
            assertThat(events("\"a\u007fb\"")).containsExactly("\"a\\u007Fb\"");
            assertThat(events("\u007f")).containsExactly(stray("\u007f"));
        }

        @Test
        void nulByteEndsTheQuotedTokenTextLikeACString() {
            assertThat(events("\u0000")).containsExactly(stray(""));
            assertThat(events("\"ab\u0000cd\"")).containsExactly(stray("\"ab"));
        }

        @Test
        void percentInterpolationIsNotEnabled() {
            assertThat(events("%d")).containsExactly(stray("%"));
        }
    }

    @Nested
    class Numbers {

        private Json single(String text) {
            RecordingSink sink = new RecordingSink();
            byte[] input = bytes(text + " ");
            new JsonStreamer(sink).feed(input, 0, input.length);
            assertThat(sink.events).hasSize(1);
            return sink.values.getFirst();
        }

        @Test
        void integersThatFitInt64AreIntegers() {
            assertThat(single("0")).isEqualTo(new JsonInteger(0));
            assertThat(single("9223372036854775807")).isEqualTo(new JsonInteger(Long.MAX_VALUE));
            assertThat(single("-9223372036854775808")).isEqualTo(new JsonInteger(Long.MIN_VALUE));
        }

        @Test
        void minusZeroIsIntegerZero() {
            assertThat(single("-0")).isEqualTo(new JsonInteger(0));
        }

        @Test
        void integersAboveInt64ThatFitUint64AreUnsigned() {
            assertThat(single("9223372036854775808")).isEqualTo(new JsonUnsigned(Long.MIN_VALUE));
            assertThat(single("18446744073709551615")).isEqualTo(new JsonUnsigned(-1L));
        }

        @Test
        void integersBeyondUint64OrBelowInt64AreDoubles() {
            assertThat(single("18446744073709551616")).isEqualTo(new JsonDouble(18446744073709551616.0));
            assertThat(single("-9223372036854775809")).isEqualTo(new JsonDouble(-9223372036854775809.0));
        }

        @Test
        void fractionOrExponentMakesADouble() {
            assertThat(single("1.0")).isEqualTo(new JsonDouble(1.0));
            assertThat(single("-0.0")).isEqualTo(new JsonDouble(-0.0));
            assertThat(single("1e3")).isEqualTo(new JsonDouble(1000));
            assertThat(single("1E+3")).isEqualTo(new JsonDouble(1000));
            assertThat(single("25e-1")).isEqualTo(new JsonDouble(2.5));
            assertThat(single("1.5E-3")).isEqualTo(new JsonDouble(0.0015));
        }

        @Test
        void overflowingDoubleIsInfinityAndPrintsAsInf() {
            assertThat(single("1e400")).isEqualTo(new JsonDouble(Double.POSITIVE_INFINITY));
            assertThat(events("[1e400]")).containsExactly("[inf]");
        }

        @Test
        void leadingZeroIsALexicalErrorThatSwallowsTheDigit() {
            assertThat(events("01 ")).containsExactly(stray("01"));
            assertThat(events("-01 ")).containsExactly(stray("-01"));
            assertThat(events("00 ")).containsExactly(stray("00"));
        }

        @Test
        void incompleteNumbersAreLexicalErrorsIncludingTheByteThatEndedThem() {
            assertThat(events("- ")).containsExactly(stray("- "));
            assertThat(events("-a")).containsExactly(stray("-a"));
            assertThat(events("1. ")).containsExactly(stray("1. "));
            assertThat(events("1e ")).containsExactly(stray("1e "));
            assertThat(events("1e+ ")).containsExactly(stray("1e+ "));
            assertThat(events("{\"a\":1.}")).containsExactly(stray("1.}"));
        }

        @Test
        void zeroCannotTakeAnExponentSoZeroE5IsThreeTokens() {
            assertThat(events("0e5 ")).containsExactly("0", parseError("invalid keyword 'e'"), "5");
        }

        @Test
        void signsOtherThanLeadingMinusAreStray() {
            assertThat(events("+1 ")).containsExactly(stray("+"));
            assertThat(events(".5 ")).containsExactly(stray("."));
        }
    }

    @Nested
    class Utf8 {

        @Test
        void validMultibyteUtf8IsAccepted() {
            RecordingSink sink = new RecordingSink();
            byte[] input = "\"caf\u00e9 \u20ac \ud83d\ude00\"".getBytes(StandardCharsets.UTF_8);
            new JsonStreamer(sink).feed(input, 0, input.length);
            assertThat(sink.values).containsExactly(new JsonString("caf\u00e9 \u20ac \ud83d\ude00"));
            assertThat(sink.events).containsExactly("\"caf\\u00E9 \\u20AC \\uD83D\\uDE00\"");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                overlong slash                   | C0 AF
                overlong three-byte              | E0 80 AF
                UTF-16 surrogate                 | ED A0 BD
                above U+10FFFF                   | F4 90 80 80
                five-byte sequence               | F8 88 80 80 80
                six-byte sequence                | FC 84 80 80 80 80
                lone continuation byte           | 80
                sequence cut by the quote        | E2 82
                noncharacter U+FFFF              | EF BF BF
                noncharacter U+FDD0              | EF B7 90
                """)
        void invalidUtf8InAStringIsRejectedByTheParser(String what, String hex) {
            assertThat(events("\"" + latin1(hex) + "\"")).as(what)
                    .containsExactly(parseError("invalid UTF-8 sequence in string"));
        }

        @Test
        void impossibleBytesInAStringAreLexicalErrorsShownAsReplacementCharacters() {
            assertThat(events("\"gue\u00fe")).containsExactly(stray("\"gue\uFFFD"));
        }

        @Test
        void eachInvalidSequenceInAStrayTokenShowsAsOneReplacementCharacter() {
            assertThat(events("\"\u00e2\u0082\n")).containsExactly(stray("\"\uFFFD\n"));
            assertThat(events("\"\u00c1\u0081\u00e9\u0001")).containsExactly(stray("\"\uFFFD\uFFFD\u0001"));
            assertThat(events("\"\u00c3\u00a9\u00f0\u009f\u0098\u0080\u0001"))
                    .containsExactly(stray("\"\u00e9\ud83d\ude00\u0001"));
        }

        @Test
        void rawNonAsciiBytesOutsideStringsAreStray() {
            assertThat(events("\u00c3\u00a9")).containsExactly(stray("\uFFFD"));
        }

        private static String latin1(String hex) {
            StringBuilder text = new StringBuilder();
            for (String b : hex.trim().split(" ")) {
                text.append((char) Integer.parseInt(b, 16));
            }
            return text.toString();
        }
    }

    @Nested
    class SyntaxErrors {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
                ]                          | expecting value
                :                          | expecting value
                [,1]                       | expecting value
                [1,]                       | expecting value
                {"a":}                     | expecting value
                {,}                        | expecting value
                {]                         | expecting value
                [}                         | expecting value
                {"a" 1}                    | missing : in object pair
                {"a"}                      | missing : in object pair
                {"a":1 "b":2}              | expected separator in dict
                {"a":1]                    | expected separator in dict
                [1 2]                      | expected separator in list
                [1}                        | expected separator in list
                {1:2}                      | key is not a string in object
                {{"x":1}:2}                | key is not a string in object
                {{"x" 1}:2}                | missing : in object pair
                {"a":1,"a":2}              | duplicate key
                {"a":1,"a":[1 2]}          | expected separator in list
                {"a":nul}                  | invalid keyword 'nul'
                """)
        void eachSyntaxErrorHasQemusText(String input, String message) {
            assertThat(events(input)).first().isEqualTo(parseError(message));
        }

        @Test
        void keyOrderIsKeptAndDistinctKeysDifferingOnlyAfterNulAreNotDuplicates() {
            assertThat(events("{\"b\":1,\"a\":2,\"a\\u0000\":3}"))
                    .containsExactly("{\"b\": 1, \"a\": 2, \"a\\u0000\": 3}");
        }
    }

    /** The reference's table of one bad request producing several replies, verified on 7.2. */
    @Nested
    class Recovery {

        @Test
        void leadingZeroIdYieldsStrayThenExpectingValue() {
            assertThat(events("{\"execute\":\"guest-ping\",\"id\":01}"))
                    .containsExactly(stray("01"), EXPECTING_VALUE);
        }

        @Test
        void extraClosingBraceYieldsTheRequestThenExpectingValue() {
            assertThat(events(PING + "}")).containsExactly("{\"execute\": \"guest-ping\"}", EXPECTING_VALUE);
        }

        @Test
        void depthOverLimitYieldsOneLimitErrorThenOneErrorPerStrayBracket() {
            String input = "{\"a\":" + "[".repeat(1024) + "]".repeat(1024) + "}";
            List<String> expected = new ArrayList<>();
            expected.add("error: JSON nesting depth limit exceeded");
            expected.addAll(Collections.nCopies(1025, EXPECTING_VALUE));
            assertThat(events(input)).isEqualTo(expected);
        }

        @Test
        void maximumDepthParsesOnASmallThreadStack() throws InterruptedException {
            String input = "{\"a\":" + "[".repeat(1023) + "]".repeat(1023) + "}";
            List<String> events = Collections.synchronizedList(new ArrayList<>());
            Thread small = new Thread(null, () -> events.addAll(events(input)), "small-stack", 64 * 1024);
            small.start();
            small.join();
            assertThat(events).hasSize(1).first().asString().startsWith("{\"a\": [[[");
        }

        @Test
        void depthAtLimitIsAccepted() {
            String input = "{\"a\":" + "[".repeat(1023) + "]".repeat(1023) + "}";
            assertThat(events(input)).hasSize(1).first().asString().startsWith("{\"a\": [[[");
        }

        @Test
        void recoveryEndsAtCommaAndColonAsWellAsBrackets() {
            // 7.2 already recovers at ',' and ':' (checked), like current upstream
            assertThat(events("[01,2]")).containsExactly(stray("01"), EXPECTING_VALUE, "2", EXPECTING_VALUE);
            assertThat(events("A:")).containsExactly(stray("A"), EXPECTING_VALUE);
        }

        @Test
        void recoverySkipsEverythingElseIncludingQuotesAndTabs() {
            assertThat(events("A \"\t1 true x\"] ")).containsExactly(stray("A"), EXPECTING_VALUE);
        }

        @Test
        void recoveryEndsAtAControlCharacterWhichIsThenItselfStray() {
            assertThat(events("[01\u0001]")).containsExactly(stray("01"), stray("\u0001"), EXPECTING_VALUE);
        }

        @Test
        void recoveryEndsAtNewlineWhichIsThenWhitespace() {
            assertThat(events("A 1\n2 ")).containsExactly(stray("A"), "2");
        }

        @Test
        void recoveryEndsAtByteFeWhichIsThenItselfStray() {
            assertThat(events("A\u00fe")).containsExactly(stray("A"), stray("\uFFFD"));
        }

        @Test
        void errorInsideANestedValueDropsTheWholeMessage() {
            assertThat(events("{\"a\":[1,\"b\u0001\"]}" + PING))
                    .containsExactly(stray("\"b\u0001"), EXPECTING_VALUE, EXPECTING_VALUE, "{\"execute\": \"guest-ping\"}");
        }
    }

    @Nested
    class LimitsWithSmallValues {

        @Test
        void messageWhoseTokensReachTheByteLimitFailsOneByteShortPasses() {
            // tokens: [ "abc" , 1 ] -> 1 + 5 + 1 + 1 + 1 = 9 bytes; whitespace does not count
            String message = "[ \"abc\" , 1 ]";
            assertThat(eventsOf(bytes(message), new Limits(10, 100, 10))).containsExactly("[\"abc\", 1]");
            assertThat(eventsOf(bytes(message), new Limits(9, 100, 10)))
                    .as("the failing token is the closing bracket itself")
                    .containsExactly("error: JSON token size limit exceeded");
        }

        @Test
        void singleTokenLongerThanTheLimitIsCutAndTheRestLexedAfresh() {
            // the lexer cuts the string after 9 bytes, then 'A' is stray and recovery eats up to ']'
            assertThat(eventsOf(bytes("[\"" + "A".repeat(20) + "\"]"), new Limits(8, 100, 10)))
                    .containsExactly("error: JSON token size limit exceeded", stray("A"), EXPECTING_VALUE);
        }

        @Test
        void digitsLongerThanTheLimitAreCutRepeatedly() {
            assertThat(eventsOf(bytes("1".repeat(20) + " "), new Limits(8, 100, 10))).containsExactly(
                    "error: JSON token size limit exceeded", "error: JSON token size limit exceeded", "11");
        }

        @Test
        void tokenCountLimitAllowsExactlyMaxTokens() {
            Limits limits = new Limits(1000, 5, 10);
            assertThat(eventsOf(bytes("[1,2]"), limits)).containsExactly("[1, 2]");
            assertThat(eventsOf(bytes("[1,2,3]"), limits))
                    .containsExactly("error: JSON token count limit exceeded", EXPECTING_VALUE);
        }

        @Test
        void nestingLimitCountsBracesPlusBrackets() {
            Limits limits = new Limits(1000, 100, 3);
            assertThat(eventsOf(bytes("{\"a\":[[1]]}"), limits)).containsExactly("{\"a\": [[1]]}");
            assertThat(eventsOf(bytes("{\"a\":[[[1]]]}"), limits)).containsExactly(
                    "error: JSON nesting depth limit exceeded", "1",
                    EXPECTING_VALUE, EXPECTING_VALUE, EXPECTING_VALUE, EXPECTING_VALUE);
        }

        @Test
        void sizeLimitIsCheckedBeforeCountAndCountBeforeNesting() {
            assertThat(eventsOf(bytes("[\"ab\""), new Limits(4, 1, 10)))
                    .containsExactly("error: JSON token size limit exceeded");
            assertThat(eventsOf(bytes("[["), new Limits(100, 1, 1)))
                    .containsExactly("error: JSON token count limit exceeded");
        }

        @Test
        void limitsAreValidated() {
            assertThatThrownBy(() -> new Limits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Limits(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Limits(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new Limits(2L << 30, 1, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(Limits.QEMU).isEqualTo(new Limits(64L << 20, 2 << 20, 1024));
        }
    }

    /** JGA: 0xFF resets silently, where qemu-ga replies with a "stray" error showing U+FFFD. */
    @Nested
    class ResetByte {

        @Test
        void resetByteSilentlyDropsAPartialValue() {
            assertThat(events("{\"execute\":\"gu\u00ff" + PING)).containsExactly("{\"execute\": \"guest-ping\"}");
        }

        @Test
        void resetByteMidUtf8SequenceOrEscapeDropsThePartialToken() {
            assertThat(events("[\"\u00e2\u0082\u00ff\"ok\"")).containsExactly("\"ok\"");
            assertThat(events("[\"\\u00\u00ff\"ok\"")).containsExactly("\"ok\"");
        }

        @Test
        void resetByteEndsRecoverySoTheNextValueIsParsed() {
            assertThat(events("A 1 \u00ff1 ")).containsExactly(stray("A"), "1");
        }

        @Test
        void resetByteDropsAPendingTopLevelNumber() {
            assertThat(events("5\u00ff ")).isEmpty();
        }

        @Test
        void resetByteAloneProducesNothing() {
            assertThat(events("\u00ff\u00ff\n\u00ff")).isEmpty();
        }

        @Test
        void byteFeStillBehavesAsInQemu() {
            assertThat(events("{\"a\":\"\u00fe" + PING))
                    .containsExactly(stray("\"\uFFFD"), "{\"execute\": \"guest-ping\"}");
        }

        @Test
        void resetMethodDropsEverythingPending() {
            RecordingSink sink = new RecordingSink();
            JsonStreamer streamer = new JsonStreamer(sink);
            feed(streamer, "{\"a\":[1,\"abc");
            streamer.reset();
            feed(streamer, PING);
            assertThat(sink.events).containsExactly("{\"execute\": \"guest-ping\"}");
        }
    }

    @Nested
    class BoundedMemory {

        @Test
        void neverEndingStringCostsAtMostTheLimitAndRecovers() {
            Limits limits = new Limits(1024, 100, 10);
            RecordingSink sink = new RecordingSink();
            JsonStreamer streamer = new JsonStreamer(sink, limits);
            feed(streamer, "{\"execute\":\"guest-file-write\",\"arguments\":{\"buf-b64\":\"");
            byte[] chunk = bytes("QUFB".repeat(1024));
            for (int i = 0; i < 2048; i++) { // 8 MiB
                streamer.feed(chunk, 0, chunk.length);
                assertThat(streamer.retainedBytes()).isLessThanOrEqualTo(1025);
            }
            assertThat(sink.events).containsExactly("error: JSON token size limit exceeded", stray("Q"));
            feed(streamer, "\"}}" + PING);
            assertThat(sink.events).endsWith(EXPECTING_VALUE, EXPECTING_VALUE, "{\"execute\": \"guest-ping\"}");
        }

        @Test
        void queuedTokensAreDroppedOnceTheMessageCanNoLongerFitTheLimit() {
            // 604 bytes queued plus a 901-byte token would need 1505 bytes; the message is doomed
            // at 1000, so only the current token is kept (a lexical error still quotes all of it)
            Limits limits = new Limits(1000, 100, 10);
            RecordingSink sink = new RecordingSink();
            JsonStreamer streamer = new JsonStreamer(sink, limits);
            feed(streamer, "[\"" + "a".repeat(600) + "\",\"" + "b".repeat(900));
            assertThat(streamer.retainedBytes()).isLessThanOrEqualTo(1001);
            feed(streamer, "\u0001");
            assertThat(sink.events).containsExactly(stray("\"" + "b".repeat(900) + "\u0001"));
        }

        @Test
        void largeMessageBufferIsReleasedAfterTheMessage() {
            RecordingSink sink = new RecordingSink();
            JsonStreamer streamer = new JsonStreamer(sink);
            feed(streamer, "[\"" + "a".repeat(1 << 20) + "\"]");
            assertThat(sink.events).hasSize(1);
            assertThat(streamer.retainedBytes()).isLessThan(1 << 16);
        }
    }

    @Test
    void valueModelKeepsMemberValuesExactly() {
        RecordingSink sink = new RecordingSink();
        feed(new JsonStreamer(sink), "{\"n\":-1,\"s\":'x',\"o\":{},\"a\":[]}");
        assertThat(sink.values).containsExactly(new JsonObject(orderedMap(
                "n", new JsonInteger(-1), "s", new JsonString("x"),
                "o", new JsonObject(Map.of()), "a", new JsonArray(List.of()))));
    }

    private static Map<String, Json> orderedMap(Object... keysAndValues) {
        Map<String, Json> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (Json) keysAndValues[i + 1]);
        }
        return map;
    }

    private static void feed(JsonStreamer streamer, String latin1) {
        byte[] input = bytes(latin1);
        streamer.feed(input, 0, input.length);
    }
}
