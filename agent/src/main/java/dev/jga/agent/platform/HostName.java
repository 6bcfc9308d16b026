// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import java.io.IOException;

/**
 * The system's host name as it is at the moment of the call: qemu-ga stopped caching it (glib's
 * g_get_host_name) so that a name set after boot, by DHCP or cloud-init, is the one reported.
 */
@FunctionalInterface
public interface HostName {

    /** The current host name; a {@link SystemError} carries the errno when the system cannot say. */
    String read() throws IOException;
}
