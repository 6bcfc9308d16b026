// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * qemu's own tests/unit/test-qga.c file tests, /qga/file-ops and /qga/file-write-read, as
 * transcripts (tests/unit/test-qga.c test_qga_file_ops). "Hello World!\n" plus its NUL is 14 bytes; "foo" is relative to
 * the agent's working directory, which is the test directory as in test-qga.c.
 */
class UpstreamFileIT extends FileAgent {

    /** base64 of "Hello World!\n\0". */
    static final String HELLO_B64 = "SGVsbG8gV29ybGQhCgA=";

    @Test
    void fileOps() {
        run("""
                > {'execute': 'guest-file-open', 'arguments': { 'path': 'foo', 'mode': 'w+' } }
                < {"return": $int:h}
                > {'execute': 'guest-file-write', 'arguments': { 'handle': ${h}, 'buf-b64': '${b64}' } }
                < {"return": {"count": 14, "eof": false}}
                > {'execute': 'guest-file-flush', 'arguments': {'handle': ${h}} }
                < {"return": {}}
                > {'execute': 'guest-file-close', 'arguments': {'handle': ${h}} }
                < {"return": {}}
                """, "b64", HELLO_B64);
        assertThat(read(agent.dir().resolve("foo"))).isEqualTo("Hello World!\n\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        run("""
                > {'execute': 'guest-file-open', 'arguments': { 'path': 'foo', 'mode': 'r' } }
                < {"return": $int:h}
                > {'execute': 'guest-file-read', 'arguments': { 'handle': ${h}} }
                < {"return": {"count": 14, "buf-b64": "${b64}", "eof": true}}
                > {'execute': 'guest-file-read', 'arguments': { 'handle': ${h}} }
                < {"return": {"count": 0, "buf-b64": "", "eof": true}}
                > {'execute': 'guest-file-seek', 'arguments': { 'handle': ${h}, 'offset': 6, 'whence': 'set' } }
                < {"return": {"position": 6, "eof": false}}
                > {'execute': 'guest-file-read', 'arguments': { 'handle': ${h}} }
                < {"return": {"count": 8, "buf-b64": "V29ybGQhCgA=", "eof": true}}
                > {'execute': 'guest-file-close', 'arguments': {'handle': ${h}} }
                < {"return": {}}
                """, "b64", HELLO_B64);
    }

    @Test
    void fileWriteRead() {
        run("""
                > {'execute': 'guest-file-open', 'arguments': { 'path': 'foo', 'mode': 'w+' } }
                < {"return": $int:h}
                > {'execute': 'guest-file-write', 'arguments': { 'handle': ${h}, 'buf-b64': '${b64}' } }
                < {"return": {"count": 14, "eof": false}}
                # Read right after the write: the implicit flush, then nothing left at the position.
                > {'execute': 'guest-file-read', 'arguments': { 'handle': ${h}} }
                < {"return": {"count": 0, "buf-b64": "", "eof": true}}
                > {'execute': 'guest-file-seek', 'arguments': { 'handle': ${h}, 'offset': 0, 'whence': 'set' } }
                < {"return": {"position": 0, "eof": false}}
                > {'execute': 'guest-file-read', 'arguments': { 'handle': ${h}} }
                < {"return": {"count": 14, "buf-b64": "${b64}", "eof": true}}
                > {'execute': 'guest-file-close', 'arguments': {'handle': ${h}} }
                < {"return": {}}
                """, "b64", HELLO_B64);
    }
}
