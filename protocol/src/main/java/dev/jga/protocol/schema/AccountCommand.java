// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

import java.util.List;
import java.util.Optional;

/** Guest user accounts: passwords (through chpasswd) and ssh authorized keys. */
public sealed interface AccountCommand<R> extends Command<R> {

    /** {@code password} is base64; with {@code crypted} it is already hashed as crypt(3) would. */
    @Qapi(name = "guest-set-user-password", since = "2.3",
            doc = "Sets a user's password (base64-encoded; crypted means already hashed) through chpasswd.")
    record SetUserPassword(String username, String password, boolean crypted) implements AccountCommand<Empty> {}

    @Qapi(name = "guest-ssh-get-authorized-keys", since = "5.2",
            doc = "Lists the keys in a user's ~/.ssh/authorized_keys, without blank and comment lines.")
    record SshGetAuthorizedKeys(String username) implements AccountCommand<GuestAuthorizedKeys> {}

    @Qapi(name = "guest-ssh-add-authorized-keys", since = "5.2",
            doc = "Adds keys to a user's ~/.ssh/authorized_keys (replacing its contents with reset), creating it if needed.")
    record SshAddAuthorizedKeys(String username, List<String> keys, Optional<Boolean> reset)
            implements AccountCommand<Empty> {}

    @Qapi(name = "guest-ssh-remove-authorized-keys", since = "5.2",
            doc = "Removes keys from a user's ~/.ssh/authorized_keys; a missing file is no error.")
    record SshRemoveAuthorizedKeys(String username, List<String> keys) implements AccountCommand<Empty> {}

    record GuestAuthorizedKeys(List<String> keys) {}
}
