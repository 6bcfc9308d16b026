// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.daemon;

import java.nio.file.Path;

/** A second process for {@link PidfileTest}: holds the pidfile until its stdin closes. */
public final class PidfileHolder {

    private PidfileHolder() {}

    public static void main(String[] args) throws Exception {
        try (Pidfile pidfile = Pidfile.acquire(Path.of(args[0]), ProcessHandle.current().pid())) {
            System.out.println("locked");
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
