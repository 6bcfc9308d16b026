// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jga.agent.platform.OpenFile;
import dev.jga.agent.platform.OpenFile.Whence;
import dev.jga.agent.platform.OpenMode;
import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.LibC;
import dev.jga.platform.linux.nativeapi.LinuxConstants;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * guest-file-open/read/write/seek against real files and FIFOs. The expected errno texts are the
 * ones the real qemu-ga 7.2 returned for the same operations on this machine.
 */
class LinuxFileAccessTest {

    private static final int F_GETFD = 1;
    private static final int F_GETFL = 3;
    private static final int FD_CLOEXEC = 1;

    @TempDir
    Path dir;

    private final LinuxFileAccess files = new LinuxFileAccess();

    private OpenFile open(Path path, String mode) throws IOException {
        return files.open(path.toString(), OpenMode.parse(mode).orElseThrow());
    }

    @Test
    void newFileIsCreated0666WhateverTheUmask() throws IOException {
        Path path = dir.resolve("new.txt");
        try (OpenFile file = open(path, "w")) {
            assertThat(file.write("hi".getBytes(StandardCharsets.US_ASCII), 0, 2)).isEqualTo(2);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-rw-rw-");
        assertThat(Files.readString(path)).isEqualTo("hi");
    }

    @Test
    void existingFileKeepsItsModeAndIsTruncatedByW() throws IOException {
        Path path = Files.writeString(dir.resolve("old.txt"), "old content");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        try (OpenFile file = open(path, "w")) {
            file.write(new byte[] {'x'}, 0, 1);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
        assertThat(Files.readString(path)).isEqualTo("x");
    }

    @Test
    void appendModeWritesAtTheEnd() throws IOException {
        Path path = Files.writeString(dir.resolve("log.txt"), "one ");
        try (OpenFile file = open(path, "a+")) {
            file.seek(0, Whence.SET);
            file.write("two".getBytes(StandardCharsets.US_ASCII), 0, 3);
        }
        assertThat(Files.readString(path)).isEqualTo("one two");
    }

    @Test
    void readReturnsTheBytesThenEndOfFile() throws IOException {
        Path path = Files.writeString(dir.resolve("data.txt"), "hello");
        try (OpenFile file = open(path, "r")) {
            byte[] buffer = new byte[16];
            assertThat(file.read(buffer, 2, 10)).isEqualTo(5);
            assertThat(new String(buffer, 2, 5, StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(file.read(buffer, 0, 16)).isEqualTo(-1);
            assertThat(file.read(buffer, 0, 0)).isZero();
        }
    }

    @Test
    void missingFileFailsWithENOENT() {
        assertThatThrownBy(() -> open(dir.resolve("missing/x"), "r"))
                .isInstanceOfSatisfying(SystemError.class, e -> {
                    assertThat(e.errno()).isEqualTo(2);
                    assertThat(e.strerror()).isEqualTo("No such file or directory");
                });
    }

    @Test
    void aRegularFileTellsTheBytesLeftFromItsOffsetAndAFifoDoesNot() throws Exception {
        Path path = Files.write(dir.resolve("data.bin"), new byte[100_000]);
        try (OpenFile file = open(path, "r")) {
            assertThat(file.bytesLeft()).isEqualTo(100_000);
            file.seek(99_000, Whence.SET);
            assertThat(file.bytesLeft()).isEqualTo(1_000);
            assertThat(file.seek(0, Whence.CUR)).isEqualTo(99_000);
            file.seek(200_000, Whence.SET);
            assertThat(file.bytesLeft()).isZero();
        }
        Path fifo = OpenDescriptors.mkfifo(dir.resolve("sized-fifo"));
        try (OpenFile file = open(fifo, "r")) {
            assertThat(file.bytesLeft()).isEqualTo(-1);
        }
    }

    @Test
    void fifoForWritingWithNoReaderFailsWithENXIO() throws Exception {
        Path fifo = OpenDescriptors.mkfifo(dir.resolve("fifo"));
        assertThatThrownBy(() -> open(fifo, "w"))
                .isInstanceOfSatisfying(SystemError.class, e -> {
                    assertThat(e.errno()).isEqualTo(LinuxConstants.ENXIO);
                    assertThat(e.strerror()).isEqualTo("No such device or address");
                });
    }

    @Test
    void fifoWithNoWriterReadsEndOfFile() throws Exception {
        Path fifo = OpenDescriptors.mkfifo(dir.resolve("fifo"));
        try (OpenFile file = open(fifo, "r")) {
            assertThat(file.read(new byte[8], 0, 8)).isEqualTo(-1);
        }
    }

    @Test
    void fifoWithAnIdleWriterReadsNothingNowWithoutBlocking() throws Exception {
        Path fifo = OpenDescriptors.mkfifo(dir.resolve("fifo"));
        try (OpenFile reader = open(fifo, "r"); FileOutputStream writer = new FileOutputStream(fifo.toFile())) {
            byte[] buffer = new byte[8];
            assertThat(reader.read(buffer, 0, 8)).isZero();
            writer.write('z');
            assertThat(reader.read(buffer, 0, 8)).isEqualTo(1);
            assertThat(buffer[0]).isEqualTo((byte) 'z');
        }
    }

    @Test
    void seekOnFifoFailsWithESPIPE() throws Exception {
        Path fifo = OpenDescriptors.mkfifo(dir.resolve("fifo"));
        try (OpenFile file = open(fifo, "r")) {
            assertThatThrownBy(() -> file.seek(0, Whence.SET))
                    .isInstanceOfSatisfying(SystemError.class, e -> {
                        assertThat(e.errno()).isEqualTo(LinuxConstants.ESPIPE);
                        assertThat(e.strerror()).isEqualTo("Illegal seek");
                    });
        }
    }

    @Test
    void directoryOpensForReadingButReadFailsWithEISDIR() throws IOException {
        try (OpenFile file = open(dir, "r")) {
            assertThatThrownBy(() -> file.read(new byte[8], 0, 8))
                    .isInstanceOfSatisfying(SystemError.class, e -> {
                        assertThat(e.errno()).isEqualTo(LinuxConstants.EISDIR);
                        assertThat(e.strerror()).isEqualTo("Is a directory");
                    });
        }
    }

    @Test
    void writeOnReadOnlyHandleFailsWithEBADF() throws IOException {
        Path path = Files.writeString(dir.resolve("ro.txt"), "hello");
        try (OpenFile file = open(path, "r")) {
            assertThatThrownBy(() -> file.write(new byte[] {'x'}, 0, 1))
                    .isInstanceOfSatisfying(SystemError.class, e -> {
                        assertThat(e.errno()).isEqualTo(LinuxConstants.EBADF);
                        assertThat(e.strerror()).isEqualTo("Bad file descriptor");
                    });
        }
    }

    @Test
    void negativeSeekFailsWithEINVALAndSeekingPastTheEndIsAllowed() throws IOException {
        Path path = Files.writeString(dir.resolve("ro.txt"), "hello");
        try (OpenFile file = open(path, "r")) {
            assertThatThrownBy(() -> file.seek(-5, Whence.SET))
                    .isInstanceOfSatisfying(SystemError.class, e -> {
                        assertThat(e.errno()).isEqualTo(LinuxConstants.EINVAL);
                        assertThat(e.strerror()).isEqualTo("Invalid argument");
                    });
            assertThat(file.seek(1000, Whence.SET)).isEqualTo(1000);
            assertThat(file.seek(-2, Whence.END)).isEqualTo(3);
            assertThat(file.seek(1, Whence.CUR)).isEqualTo(4);
        }
    }

    @Test
    void descriptorsAreCloseOnExecAndNonBlocking() throws IOException {
        Path path = Files.writeString(dir.resolve("flags.txt"), "");
        int fd = LibC.open(path.toString(), LinuxFileAccess.openFlags(OpenMode.parse("r+").orElseThrow()), 0);
        try {
            assertThat(LibC.fcntl(fd, F_GETFD, 0) & FD_CLOEXEC).isEqualTo(FD_CLOEXEC);
            int status = LibC.fcntl(fd, F_GETFL, 0);
            assertThat(status & LinuxConstants.O_NONBLOCK).isEqualTo(LinuxConstants.O_NONBLOCK);
            assertThat(status & 3).isEqualTo(LinuxConstants.O_RDWR);
        } finally {
            LibC.close(fd);
        }
    }

    @Test
    void closedHandleClosesOnceAndThenFailsWithEBADF() throws IOException {
        Path path = Files.writeString(dir.resolve("data.txt"), "hello");
        OpenFile file = open(path, "r");
        file.close();
        file.close();
        assertThatThrownBy(() -> file.read(new byte[8], 0, 8))
                .isInstanceOfSatisfying(SystemError.class, e -> assertThat(e.errno()).isEqualTo(LinuxConstants.EBADF));
    }

    @Test
    void embeddedNulIsPassedAsModifiedUtf8LikeQemu() throws Exception {
        try (OpenFile file = files.open(dir + "/a\0b", OpenMode.parse("w").orElseThrow())) {
            assertThat(file).isNotNull();
        }
        // qemu-ga 7.2 created the name a, C0 80, b for the JSON path "a\u0000b".
        // The JDK decodes that name lossily, so ask ls(1) to print its bytes as octal escapes.
        Process ls = new ProcessBuilder("ls", "-b", dir.toString()).start();
        assertThat(new String(ls.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("a\\300\\200b\n");
        assertThat(ls.waitFor()).isZero();
    }

    @Test
    void noDescriptorLeaksAcrossOpensFailuresAndCloses() throws Exception {
        Path fifo = OpenDescriptors.mkfifo(dir.resolve("fifo"));
        Path data = Files.writeString(dir.resolve("data.txt"), "hello");
        open(data, "r").close(); // warm up: the first downcalls may open descriptors of their own
        long before = OpenDescriptors.count();
        for (int i = 0; i < 50; i++) {
            open(data, "r+").close();
            open(dir.resolve("created-" + i), "w+").close();
            open(fifo, "r").close();
            assertThatThrownBy(() -> open(fifo, "w")).isInstanceOf(SystemError.class);
            assertThatThrownBy(() -> open(dir.resolve("missing/x"), "a")).isInstanceOf(SystemError.class);
            try (OpenFile directory = open(dir, "r")) {
                assertThatThrownBy(() -> directory.read(new byte[1], 0, 1)).isInstanceOf(SystemError.class);
            }
        }
        assertThat(OpenDescriptors.count()).as("descriptors open now, against before (other threads may close theirs meanwhile)").isLessThanOrEqualTo(before);
    }
}
