// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.schema;

/** What the guest says about itself: qapi-schema.json's host name, OS, time and users commands. */
public sealed interface InfoCommand<R> extends Command<R> {

    /** The kernel's host name now, not one cached at start (qga/commands.c qmp_guest_get_host_name). */
    @Qapi(name = "guest-get-host-name", since = "2.10", doc = "Returns the guest's host name.")
    record GetHostName() implements InfoCommand<GuestHostName> {}

    /** QAPI struct GuestHostName. */
    record GuestHostName(String hostName) {}
}
