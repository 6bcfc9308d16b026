// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * guest-file-seek (qga/commands-posix.c qmp_guest_file_seek, qga/commands.c ga_parse_whence): whence as the protocol's 0/1/2 or set/cur/end,
 * bad codes, seeking past the end and before the start.
 */
class FileSeekIT extends FileAgent {

    @Test
    void whenceTakesProtocolIntegersAndNames() {
        Path path = file("hundred", "0123456789".repeat(10));
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}"}}
                < {"return": $int:h}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":10,"whence":0}}
                < {"return": {"position": 10, "eof": false}}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":5,"whence":1}}
                < {"return": {"position": 15, "eof": false}}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":-1,"whence":2}}
                < {"return": {"position": 99, "eof": false}}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":20,"whence":"set"}}
                < {"return": {"position": 20, "eof": false}}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":-3,"whence":"cur"}}
                < {"return": {"position": 17, "eof": false}}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":-10,"whence":"end"}}
                < {"return": {"position": 90, "eof": false}}
                > {"execute":"guest-file-read","arguments":{"handle":${h},"count":3}}
                < {"return": {"count": 3, "buf-b64": "MDEy", "eof": false}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
    }

    @Test
    void otherWhenceIntegersAreInvalidCodes() {
        Path path = file("whence", "abc");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}"}}
                < {"return": $int:h}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":0,"whence":3}}
                < {"error": {"class": "GenericError", "desc": "invalid whence code 3"}}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":0,"whence":-1}}
                < {"error": {"class": "GenericError", "desc": "invalid whence code -1"}}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":0,"whence":4294967296}}
                < {"error": {"class": "GenericError", "desc": "invalid whence code 4294967296"}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
    }

    @Test
    void seekingPastTheEndIsAllowedAndReadsThereAreEof() {
        Path path = file("past-end", "x".repeat(100));
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}"}}
                < {"return": $int:h}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":1000,"whence":"set"}}
                < {"return": {"position": 1000, "eof": false}}
                > {"execute":"guest-file-read","arguments":{"handle":${h}}}
                < {"return": {"count": 0, "buf-b64": "", "eof": true}}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":0,"whence":"cur"}}
                < {"return": {"position": 1000, "eof": false}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
    }

    @Test
    void writingAfterSeekingPastTheEndLeavesAHole() {
        Path path = agent.dir().resolve("holey");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}","mode":"w+"}}
                < {"return": $int:h}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":3,"whence":"set"}}
                < {"return": {"position": 3, "eof": false}}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"eA=="}}
                < {"return": {"count": 1, "eof": false}}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":0,"whence":"set"}}
                < {"return": {"position": 0, "eof": false}}
                > {"execute":"guest-file-read","arguments":{"handle":${h}}}
                < {"return": {"count": 4, "buf-b64": "AAAAeA==", "eof": true}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
    }

    @Test
    void aNegativeResultingPositionIsEinval() {
        Path path = file("negative", "abc");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}"}}
                < {"return": $int:h}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":-1,"whence":"set"}}
                < {"error": {"class": "GenericError", "desc": "failed to seek file: Invalid argument"}}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":-4,"whence":"end"}}
                < {"error": {"class": "GenericError", "desc": "failed to seek file: Invalid argument"}}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":0,"whence":"cur"}}
                < {"return": {"position": 0, "eof": false}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
    }

    @Test
    void aSeekClearsEof() {
        Path path = file("clears-eof", "ab");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}"}}
                < {"return": $int:h}
                > {"execute":"guest-file-read","arguments":{"handle":${h}}}
                < {"return": {"count": 2, "buf-b64": "YWI=", "eof": true}}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":1,"whence":"set"}}
                < {"return": {"position": 1, "eof": false}}
                > {"execute":"guest-file-read","arguments":{"handle":${h},"count":1}}
                < {"return": {"count": 1, "buf-b64": "Yg==", "eof": false}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "p", path);
    }
}
