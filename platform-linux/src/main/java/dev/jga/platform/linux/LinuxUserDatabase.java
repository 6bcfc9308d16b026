// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux;

import dev.jga.agent.platform.Account;
import dev.jga.agent.platform.SystemError;
import dev.jga.agent.platform.UserDatabase;
import dev.jga.platform.linux.nativeapi.Passwd;
import dev.jga.platform.linux.nativeapi.LibC;

/** Users through getpwnam_r, as qemu-ga finds them (glib g_unix_get_passwd_entry). */
final class LinuxUserDatabase implements UserDatabase {

    @Override
    public Account lookup(String name) throws SystemError {
        // glib reports a user it cannot find with errno 0, whose text qemu-ga prints ("Success")
        return Passwd.byName(name).orElseThrow(() -> new SystemError(0, LibC.strerror(0), "getpwnam_r"));
    }
}
