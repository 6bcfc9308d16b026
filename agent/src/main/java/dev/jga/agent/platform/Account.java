// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

/**
 * A user a child may run as, from the system's user database (getpwnam(3)/getpwuid(3), so NSS
 * sources such as LDAP count): what {@code __dev.jga_user} names, and what the child's HOME, USER,
 * LOGNAME and SHELL are set from.
 */
public record Account(String name, long uid, long gid, String home, String shell) {}
