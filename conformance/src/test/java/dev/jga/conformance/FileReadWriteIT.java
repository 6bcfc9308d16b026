// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * guest-file-read/-write/-flush (qga/commands.c qmp_guest_file_read, qga/commands-posix.c
 * qmp_guest_file_write, qmp_guest_file_flush): stdio's eof rules,
 * count default, maximum and range texts, write count rules and glib's lenient base64.
 */
class FileReadWriteIT extends FileAgent {

    @Test
    void readDefaultsTo4096AndReportsEofOnlyOnAShortRead() {
        Path path = file("five-thousand", "x".repeat(5000));
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}"}}
                < {"return": $int:h}
                > {"execute":"guest-file-read","arguments":{"handle":${h}}}
                < {"return": {"count": 4096, "buf-b64": $base64, "eof": false}}
                > {"execute":"guest-file-read","arguments":{"handle":${h}}}
                < {"return": {"count": 904, "buf-b64": $base64, "eof": true}}
                > {"execute":"guest-file-read","arguments":{"handle":${h}}}
                < {"return": {"count": 0, "buf-b64": "", "eof": true}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
    }

    @Test
    void readingExactlyTheRemainingBytesIsNotYetEof() {
        Path path = file("ten", "0123456789");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}"}}
                < {"return": $int:h}
                > {"execute":"guest-file-read","arguments":{"handle":${h},"count":10}}
                < {"return": {"count": 10, "buf-b64": "MDEyMzQ1Njc4OQ==", "eof": false}}
                > {"execute":"guest-file-read","arguments":{"handle":${h},"count":10}}
                < {"return": {"count": 0, "buf-b64": "", "eof": true}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
    }

    @Test
    void countZeroReadsNothingAndIsNotEof() {
        Path path = file("zero", "abc");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}"}}
                < {"return": $int:h}
                > {"execute":"guest-file-read","arguments":{"handle":${h},"count":0}}
                < {"return": {"count": 0, "buf-b64": "", "eof": false}}
                > {"execute":"guest-file-read","arguments":{"handle":${h},"count":3}}
                < {"return": {"count": 3, "buf-b64": "YWJj", "eof": false}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
    }

    @Test
    void anEmptyFileIsEofAtOnce() {
        Path path = file("empty", "");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}"}}
                < {"return": $int:h}
                > {"execute":"guest-file-read","arguments":{"handle":${h}}}
                < {"return": {"count": 0, "buf-b64": "", "eof": true}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
    }

    @Test
    void countMustBeBetweenZeroAnd48MiB() {
        Path path = file("small", "abc");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}"}}
                < {"return": $int:h}
                > {"execute":"guest-file-read","arguments":{"handle":${h},"count":-1}}
                < {"error": {"class": "GenericError", "desc": "value '-1' is invalid for argument count"}}
                > {"execute":"guest-file-read","arguments":{"handle":${h},"count":50331649}}
                < {"error": {"class": "GenericError", "desc": "value '50331649' is invalid for argument count"}}
                > {"execute":"guest-file-read","arguments":{"handle":${h},"count":9223372036854775807}}
                < {"error": {"class": "GenericError", "desc": "value '9223372036854775807' is invalid for argument count"}}
                > {"execute":"guest-file-read","arguments":{"handle":${h},"count":50331648}}
                < {"return": {"count": 3, "buf-b64": "YWJj", "eof": true}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
    }

    @Test
    void readingBinaryDataRoundTripsThroughBase64() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        Path path = file("binary", all);
        var values = run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}","mode":"rb"}}
                < {"return": $int:h}
                > {"execute":"guest-file-read","arguments":{"handle":${h},"count":1000}}
                < {"return": {"count": 256, "buf-b64": $base64:data, "eof": true}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
        String data = values.get("data");
        assertThat(java.util.Base64.getDecoder().decode(data.substring(1, data.length() - 1))).isEqualTo(all);
    }

    @Test
    void writeCountDefaultsToTheDecodedLengthAndMayBeLess() {
        Path path = agent.dir().resolve("written");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}","mode":"w"}}
                < {"return": $int:h}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"aGVsbG8="}}
                < {"return": {"count": 5, "eof": false}}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"d29ybGQ=","count":2}}
                < {"return": {"count": 2, "eof": false}}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":""}}
                < {"return": {"count": 0, "eof": false}}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"","count":0}}
                < {"return": {"count": 0, "eof": false}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
        assertThat(path).hasContent("hellowo");
    }

    @Test
    void writeCountOutsideTheDecodedLengthIsInvalid() {
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${dir}/write-count","mode":"w"}}
                < {"return": $int:h}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"YWJj","count":5}}
                < {"error": {"class": "GenericError", "desc": "value '5' is invalid for argument count"}}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"YWJj","count":4}}
                < {"error": {"class": "GenericError", "desc": "value '4' is invalid for argument count"}}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"YWJj","count":-1}}
                < {"error": {"class": "GenericError", "desc": "value '-1' is invalid for argument count"}}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"","count":1}}
                < {"error": {"class": "GenericError", "desc": "value '1' is invalid for argument count"}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """);
        assertThat(agent.dir().resolve("write-count")).isEmptyFile();
    }

    @Test
    void base64IsDecodedTheLenientGlibWay() {
        Path path = agent.dir().resolve("base64");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}","mode":"w"}}
                < {"return": $int:h}
                # Missing padding: glib silently drops the incomplete quantum.
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"aGVsbG8"}}
                < {"return": {"count": 3, "eof": false}}
                # A newline is allowed anywhere.
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"LC\\nBi\\neWU="}}
                < {"return": {"count": 5, "eof": false}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
        assertThat(path).hasContent("hel, bye");
    }

    @Test
    void base64WithOtherCharactersIsRejected() {
        Path path = agent.dir().resolve("base64-bad");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}","mode":"w"}}
                < {"return": $int:h}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"aGVs bG8="}}
                < {"error": {"class": "GenericError", "desc": "Base64 data contains invalid characters"}}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"aGVs\\tbG8="}}
                < {"error": {"class": "GenericError", "desc": "Base64 data contains invalid characters"}}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"aGVs-bG8="}}
                < {"error": {"class": "GenericError", "desc": "Base64 data contains invalid characters"}}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"!!!!"}}
                < {"error": {"class": "GenericError", "desc": "Base64 data contains invalid characters"}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
        assertThat(path).isEmptyFile();
    }

    @Test
    void writingToAReadOnlyHandleFailsWithEbadf() {
        Path path = file("read-only", "abc");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}","mode":"r"}}
                < {"return": $int:h}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"eA=="}}
                < {"error": {"class": "GenericError", "desc": "failed to write to file: Bad file descriptor"}}
                > {"execute":"guest-file-read","arguments":{"handle":${h}}}
                < {"return": {"count": 3, "buf-b64": "YWJj", "eof": true}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
        assertThat(read(path)).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aWriteAfterAReadGoesWhereTheReadStopped() {
        // stdio: fread buffers ahead, so qemu-ga seeks to the logical position before writing.
        Path path = file("read-then-write", "abcdef");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}","mode":"r+"}}
                < {"return": $int:h}
                > {"execute":"guest-file-read","arguments":{"handle":${h},"count":2}}
                < {"return": {"count": 2, "buf-b64": "YWI=", "eof": false}}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"WFk="}}
                < {"return": {"count": 2, "eof": false}}
                > {"execute":"guest-file-read","arguments":{"handle":${h}}}
                < {"return": {"count": 2, "buf-b64": "ZWY=", "eof": true}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
        assertThat(path).hasContent("abXYef");
    }

    @Test
    void readingAWriteOnlyHandleFailsWithEbadf() {
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${dir}/write-only","mode":"w"}}
                < {"return": $int:h}
                > {"execute":"guest-file-read","arguments":{"handle":${h}}}
                < {"error": {"class": "GenericError", "desc": "failed to read file: Bad file descriptor"}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """);
    }

    @Test
    void aBigReadReturnsEveryByte() throws java.io.IOException {
        byte[] data = new byte[5 * 1024 * 1024 + 7];
        new java.util.Random(7).nextBytes(data);
        Path path = file("big-random", data);
        var values = run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}"}}
                < {"return": $int:h}
                > {"execute":"guest-file-read","arguments":{"handle":${h},"count":50331648}}
                < {"return": {"count": 5242887, "buf-b64": $base64:data, "eof": true}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
        String b64 = values.get("data");
        assertThat(java.util.Base64.getDecoder().decode(b64.substring(1, b64.length() - 1))).isEqualTo(data);
    }

    @Test
    void aBigWriteStoresEveryByte() {
        byte[] data = new byte[3 * 1024 * 1024 + 1];
        new java.util.Random(11).nextBytes(data);
        Path path = agent.dir().resolve("big-written");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}","mode":"wb"}}
                < {"return": $int:h}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"${b64}"}}
                < {"return": {"count": 3145729, "eof": false}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path, "b64", java.util.Base64.getEncoder().encodeToString(data));
        assertThat(read(path)).isEqualTo(data);
    }

    @Test
    void flushSucceedsOnWriteAndReadOnlyHandles() {
        Path path = file("flushed", "abc");
        var handles = run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}","mode":"r"}}
                < {"return": $int:r}
                > {"execute":"guest-file-flush","arguments":{"handle":${r}}}
                < {"return": {}}
                > {"execute":"guest-file-open","arguments":{"path":"${p}","mode":"a"}}
                < {"return": $int:w}
                > {"execute":"guest-file-write","arguments":{"handle":${w},"buf-b64":"ZGVm"}}
                < {"return": {"count": 3, "eof": false}}
                > {"execute":"guest-file-flush","arguments":{"handle":${w}}}
                < {"return": {}}
                """, "p", path);
        // After flush the bytes are in the file even though the handle is still open.
        assertThat(path).hasContent("abcdef");
        run("""
                > {"execute":"guest-file-close","arguments":{"handle":${r}}}
                < {"return": {}}
                > {"execute":"guest-file-close","arguments":{"handle":${w}}}
                < {"return": {}}
                """, "r", handles.get("r"), "w", handles.get("w"));
    }
}
