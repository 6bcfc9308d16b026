// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

/**
 * Looking a user up by name (POSIX getpwnam_r, so NSS sources such as LDAP count, as they do for
 * qemu-ga), for the commands that act on a user's home directory.
 */
public interface UserDatabase {

    /**
     * The account named {@code name}. An unknown user is a {@link SystemError} with errno 0, whose
     * text ("Success") is what qemu-ga prints in that case.
     */
    Account lookup(String name) throws SystemError;
}
