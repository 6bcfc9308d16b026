// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.account;

import static dev.jga.protocol.wire.Messages.SSH_KEY_INVALID;
import static dev.jga.protocol.wire.Messages.USER_LOOKUP_FAILED;

import dev.jga.agent.dispatch.CommandGroup;
import dev.jga.agent.dispatch.Registry;
import dev.jga.agent.platform.SystemError;
import dev.jga.agent.platform.UserDatabase;
import dev.jga.agent.platform.Account;
import dev.jga.protocol.schema.AccountCommand.GuestAuthorizedKeys;
import dev.jga.protocol.schema.AccountCommand.SshAddAuthorizedKeys;
import dev.jga.protocol.schema.AccountCommand.SshGetAuthorizedKeys;
import dev.jga.protocol.schema.AccountCommand.SshRemoveAuthorizedKeys;
import dev.jga.protocol.schema.Empty;
import dev.jga.protocol.wire.QgaError;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * guest-ssh-get|add|remove-authorized-keys (qga/commands-posix-ssh.c, qga/commands-common-ssh.c),
 * with qemu's order of checks (keys first, then the user) and its file handling.
 */
public final class SshKeyHandlers implements CommandGroup {

    private final UserDatabase users;

    public SshKeyHandlers(UserDatabase users) {
        this.users = users;
    }

    @Override
    public void bind(Registry registry) {
        registry.bind(SshGetAuthorizedKeys.class, this::get);
        registry.bind(SshAddAuthorizedKeys.class, this::add);
        registry.bind(SshRemoveAuthorizedKeys.class, this::remove);
    }

    /** Keys without blank and '#' lines, trimmed, in reverse file order (qemu prepends each to its list). */
    GuestAuthorizedKeys get(SshGetAuthorizedKeys command) {
        AuthorizedKeysFile file = new AuthorizedKeysFile(lookup(command.username()));
        List<String> keys = new ArrayList<>();
        for (String line : file.read()) {
            String key = line.strip();
            if (!key.isEmpty() && key.charAt(0) != '#') {
                keys.addFirst(key);
            }
        }
        return new GuestAuthorizedKeys(keys);
    }

    synchronized Empty add(SshAddAuthorizedKeys command) {
        checkKeys(command.keys());
        AuthorizedKeysFile file = new AuthorizedKeysFile(lookup(command.username()));
        List<String> lines = new ArrayList<>();
        boolean read = false;
        if (!command.reset().orElse(false)) {
            try {
                lines.addAll(file.read());
                read = true;
            } catch (QgaError unreadable) {
                // qemu reads without an error pointer: an unreadable file counts as none
            }
        }
        if (!read && !Files.isDirectory(file.directory())) {
            file.createDirectory();
        }
        for (String key : command.keys()) {
            if (!lines.contains(key)) {
                lines.add(key);
            }
        }
        file.write(lines);
        return Empty.VALUE;
    }

    synchronized Empty remove(SshRemoveAuthorizedKeys command) {
        checkKeys(command.keys());
        AuthorizedKeysFile file = new AuthorizedKeysFile(lookup(command.username()));
        if (!file.exists()) {
            return Empty.VALUE;
        }
        List<String> kept = new ArrayList<>(file.read());
        kept.removeIf(command.keys()::contains);
        file.write(kept);
        return Empty.VALUE;
    }

    /** check_openssh_pub_key: "simple sanity-check" only, as qemu. */
    private static void checkKeys(List<String> keys) {
        for (String key : keys) {
            if (key.startsWith("#") || key.indexOf('\n') >= 0) {
                throw QgaError.generic(SSH_KEY_INVALID, key);
            }
        }
    }

    private Account lookup(String username) {
        try {
            return users.lookup(username);
        } catch (SystemError e) {
            throw QgaError.generic(USER_LOOKUP_FAILED, username, e.strerror());
        }
    }
}
