// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.system;

import dev.jga.platform.linux.nativeapi.WholeFile;
import dev.jga.protocol.schema.InfoCommand.GuestUser;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The utmp file ({@code /var/run/utmp}, glibc's _PATH_UTMPX) read as qemu-ga reads it with
 * getutxent (qga/commands-posix.c qmp_guest_get_users): each USER_PROCESS record's user, once
 * per name, with the earliest login time. The record layout is glibc's struct utmpx on 64-bit
 * Linux (bits/utmpx.h), where ut_tv is two int32s so the file is the same for 32-bit programs.
 */
public final class UtmpFile {

    /** sizeof(struct utmpx). */
    static final int RECORD_SIZE = 384;
    /** ut_type: a user's login session. */
    static final short USER_PROCESS = 7;
    private static final int TYPE_OFFSET = 0;
    private static final int USER_OFFSET = 44;
    private static final int USER_SIZE = 32;
    private static final int TV_SEC_OFFSET = 340;
    private static final int TV_USEC_OFFSET = 344;
    /** A utmp file this large is not one; reading stops there (a record per session, 384 bytes each). */
    static final int MAX_BYTES = 16 * 1024 * 1024;

    private UtmpFile() {}

    /** The users of {@code file}; none when it is missing or unreadable, as getutxent gives none. */
    public static List<GuestUser> users(Path file) {
        byte[] bytes = WholeFile.readIfPresent(file.toString(), MAX_BYTES + 1);
        if (bytes == null || bytes.length > MAX_BYTES) {
            return List.of();
        }
        ByteBuffer records = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        Map<String, Double> earliest = new LinkedHashMap<>();
        for (int at = 0; at + RECORD_SIZE <= bytes.length; at += RECORD_SIZE) {
            if (records.getShort(at + TYPE_OFFSET) != USER_PROCESS) {
                continue;
            }
            String user = cString(bytes, at + USER_OFFSET, USER_SIZE);
            double login = records.getInt(at + TV_SEC_OFFSET) + records.getInt(at + TV_USEC_OFFSET) / 1e6;
            earliest.merge(user, login, Math::min);
        }
        List<GuestUser> users = new ArrayList<>(earliest.size());
        earliest.forEach((user, login) -> users.add(new GuestUser(user, login, Optional.empty())));
        return users;
    }

    private static String cString(byte[] bytes, int offset, int size) {
        int length = 0;
        while (length < size && bytes[offset + length] != 0) {
            length++;
        }
        return new String(bytes, offset, length, StandardCharsets.UTF_8);
    }
}
