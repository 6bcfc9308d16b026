// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** guest-file-open (qga/commands-posix.c qmp_guest_file_open, find_open_flag): modes, their stdio meaning, creation mode, errors. */
class FileOpenIT extends FileAgent {

    @ParameterizedTest(name = "mode {0}")
    @ValueSource(strings = {"r", "rb", "w", "wb", "a", "ab", "r+", "rb+", "r+b", "w+", "wb+", "w+b", "a+", "ab+", "a+b"})
    void everyFopenModeOpens(String mode) {
        Path path = file("mode-" + mode.replace('+', 'p'), "x");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${path}","mode":"${mode}"}}
                < {"return": $int:h}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "path", path, "mode", mode);
    }

    @ParameterizedTest(name = "mode ''{0}''")
    @ValueSource(strings = {"rw", "x", "", "R", "r+w", "rb+x", "wx", "rt", " r"})
    void otherModesAreInvalid(String mode) {
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${dir}/never-created","mode":"${mode}"}}
                < {"error": {"class": "GenericError", "desc": "invalid file open mode '${mode}'"}}
                """, "mode", mode);
        assertThat(agent.dir().resolve("never-created")).doesNotExist();
    }

    @Test
    void theDefaultModeIsReadAndAMissingFileIsNamedInTheError() {
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${dir}/missing"}}
                < {"error": {"class": "GenericError", "desc": "failed to open file '${dir}/missing' (mode: 'r'): No such file or directory"}}
                > {"execute":"guest-file-open","arguments":{"path":"${dir}/no/such/dir","mode":"w"}}
                < {"error": {"class": "GenericError", "desc": "failed to open file '${dir}/no/such/dir' (mode: 'w'): No such file or directory"}}
                """);
    }

    @Test
    void newFilesAreCreated0666WhateverTheUmask() throws IOException {
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${dir}/created","mode":"w"}}
                < {"return": $int:h}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.dir().resolve("created"))))
                .isEqualTo("rw-rw-rw-");
    }

    @Test
    void anExistingFileKeepsItsMode() throws IOException {
        Path path = file("private", "secret");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${path}","mode":"w"}}
                < {"return": $int:h}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """, "path", path);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        assertThat(path).isEmptyFile();
    }

    @Test
    void writeModeTruncatesAndReadPlusDoesNot() {
        Path truncated = file("truncated", "hello");
        Path kept = file("kept", "hello");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${t}","mode":"w"}}
                < {"return": $int:h}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                > {"execute":"guest-file-open","arguments":{"path":"${k}","mode":"r+"}}
                < {"return": $int:k2}
                > {"execute":"guest-file-write","arguments":{"handle":${k2},"buf-b64":"Sg=="}}
                < {"return": {"count": 1, "eof": false}}
                > {"execute":"guest-file-close","arguments":{"handle":${k2}}}
                < {"return": {}}
                """, "t", truncated, "k", kept);
        assertThat(truncated).isEmptyFile();
        assertThat(kept).hasContent("Jello");
    }

    @Test
    void appendModesWriteAtTheEndEvenAfterASeek() {
        Path path = file("appended", "hello");
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${p}","mode":"a+"}}
                < {"return": $int:h}
                > {"execute":"guest-file-read","arguments":{"handle":${h}}}
                < {"return": {"count": 5, "buf-b64": "aGVsbG8=", "eof": true}}
                > {"execute":"guest-file-seek","arguments":{"handle":${h},"offset":0,"whence":"set"}}
                < {"return": {"position": 0, "eof": false}}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"IQ=="}}
                < {"return": {"count": 1, "eof": false}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                > {"execute":"guest-file-open","arguments":{"path":"${p}","mode":"a"}}
                < {"return": $int:h2}
                > {"execute":"guest-file-write","arguments":{"handle":${h2},"buf-b64":"Pw=="}}
                < {"return": {"count": 1, "eof": false}}
                > {"execute":"guest-file-close","arguments":{"handle":${h2}}}
                < {"return": {}}
                """, "p", path);
        assertThat(path).hasContent("hello!?");
    }

    @Test
    void aRelativePathResolvesAgainstTheAgentsWorkingDirectory() {
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"relative.txt","mode":"w"}}
                < {"return": $int:h}
                > {"execute":"guest-file-write","arguments":{"handle":${h},"buf-b64":"cmVs"}}
                < {"return": {"count": 3, "eof": false}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                """);
        assertThat(read(agent.dir().resolve("relative.txt"))).isEqualTo("rel".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aDirectoryOpensForReadingButCannotBeRead() {
        run("""
                > {"execute":"guest-file-open","arguments":{"path":"${dir}"}}
                < {"return": $int:h}
                > {"execute":"guest-file-read","arguments":{"handle":${h}}}
                < {"error": {"class": "GenericError", "desc": "failed to read file: Is a directory"}}
                > {"execute":"guest-file-close","arguments":{"handle":${h}}}
                < {"return": {}}
                > {"execute":"guest-file-open","arguments":{"path":"${dir}","mode":"w"}}
                < {"error": {"class": "GenericError", "desc": "failed to open file '${dir}' (mode: 'w'): Is a directory"}}
                """);
    }
}
