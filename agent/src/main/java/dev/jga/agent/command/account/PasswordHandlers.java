// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.account;

import static dev.jga.protocol.wire.Messages.ACTION_SET_PASSWORD;
import static dev.jga.protocol.wire.Messages.PASSWORD_FORBIDDEN;
import static dev.jga.protocol.wire.Messages.USERNAME_FORBIDDEN;

import dev.jga.agent.command.helper.HelperCommand;
import dev.jga.agent.command.helper.HelperRunner;
import dev.jga.agent.dispatch.CommandGroup;
import dev.jga.agent.dispatch.Registry;
import dev.jga.protocol.codec.GlibBase64;
import dev.jga.protocol.schema.AccountCommand.SetUserPassword;
import dev.jga.protocol.schema.Empty;
import dev.jga.protocol.wire.QgaError;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * guest-set-user-password (qga/commands-posix.c qmp_guest_set_user_password, Linux): the checks,
 * then {@code chpasswd} (with {@code -e} for a crypted password) reading "user:password\n".
 */
public final class PasswordHandlers implements CommandGroup {

    private final HelperRunner runner;

    public PasswordHandlers(HelperRunner runner) {
        this.runner = runner;
    }

    @Override
    public void bind(Registry registry) {
        registry.bind(SetUserPassword.class, this::setUserPassword);
    }

    Empty setUserPassword(SetUserPassword command) {
        byte[] password = untilNul(GlibBase64.decode(command.password()));
        if (indexOf(password, (byte) '\n') >= 0) {
            throw QgaError.generic(PASSWORD_FORBIDDEN);
        }
        if (command.username().indexOf('\n') >= 0 || command.username().indexOf(':') >= 0) {
            throw QgaError.generic(USERNAME_FORBIDDEN);
        }
        List<String> argv = command.crypted() ? List.of("chpasswd", "-e") : List.of("chpasswd");
        HelperCommand.run(runner, argv, Optional.of(chpasswdLine(command.username(), password)), ACTION_SET_PASSWORD);
        return Empty.VALUE;
    }

    /** chpasswd's input line; qemu builds it with "%s:%s\n" from C strings. */
    static byte[] chpasswdLine(String username, byte[] password) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.writeBytes(username.getBytes(StandardCharsets.UTF_8));
        line.write(':');
        line.writeBytes(password);
        line.write('\n');
        return line.toByteArray();
    }

    /** qemu treats the decoded password as a C string: a NUL ends it. */
    private static byte[] untilNul(byte[] bytes) {
        int end = indexOf(bytes, (byte) 0);
        return end < 0 ? bytes : java.util.Arrays.copyOf(bytes, end);
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
