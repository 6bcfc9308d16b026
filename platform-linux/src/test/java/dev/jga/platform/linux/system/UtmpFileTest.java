// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.schema.InfoCommand.GuestUser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** utmp with several sessions, written in glibc's struct utmpx layout (bits/utmpx.h). */
class UtmpFileTest {

    private static final short LOGIN_PROCESS = 6;
    private static final short DEAD_PROCESS = 8;

    @TempDir
    Path dir;

    @Test
    void eachUserIsListedOnceWithTheEarliestOfTheirSessions() throws IOException {
        Path utmp = dir.resolve("utmp");
        Files.write(utmp, records(
                record(UtmpFile.USER_PROCESS, "alice", 1_700_000_100, 250_000),
                record(LOGIN_PROCESS, "LOGIN", 1_600_000_000, 0),
                record(UtmpFile.USER_PROCESS, "bob", 1_700_000_200, 0),
                record(UtmpFile.USER_PROCESS, "alice", 1_700_000_050, 500_000),
                record(DEAD_PROCESS, "carol", 1_500_000_000, 0)));
        assertThat(UtmpFile.users(utmp)).containsExactly(
                new GuestUser("alice", 1_700_000_050.5, Optional.empty()),
                new GuestUser("bob", 1_700_000_200.0, Optional.empty()));
    }

    @Test
    void aNameFillingAllThirtyTwoBytesIsKeptWhole() throws IOException {
        Path utmp = dir.resolve("utmp");
        String name = "u".repeat(32);
        Files.write(utmp, records(record(UtmpFile.USER_PROCESS, name, 1, 0)));
        assertThat(UtmpFile.users(utmp)).extracting(GuestUser::user).containsExactly(name);
    }

    @Test
    void aMissingFileHasNoUsersAndATruncatedRecordIsIgnored() throws IOException {
        assertThat(UtmpFile.users(dir.resolve("absent"))).isEmpty();
        Path utmp = dir.resolve("utmp");
        byte[] whole = record(UtmpFile.USER_PROCESS, "alice", 1, 0);
        Files.write(utmp, records(whole, java.util.Arrays.copyOf(whole, 100)));
        assertThat(UtmpFile.users(utmp)).hasSize(1);
    }

    private static byte[] record(short type, String user, int seconds, int micros) {
        ByteBuffer record = ByteBuffer.allocate(UtmpFile.RECORD_SIZE).order(ByteOrder.nativeOrder());
        record.putShort(0, type);
        record.put(44, user.getBytes(StandardCharsets.UTF_8));
        record.putInt(340, seconds);
        record.putInt(344, micros);
        return record.array();
    }

    private static byte[] records(byte[]... records) {
        ByteBuffer all = ByteBuffer.allocate(java.util.Arrays.stream(records).mapToInt(r -> r.length).sum());
        for (byte[] record : records) {
            all.put(record);
        }
        return all.array();
    }
}
