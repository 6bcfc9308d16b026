// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import java.io.IOException;

/**
 * Opening files the way qemu-ga does on this OS (POSIX: O_NONBLOCK|O_CLOEXEC|O_NOCTTY, new files
 * created 0666 whatever the umask). A platform capability because FIFOs and devices need flags
 * the JDK's file API cannot set.
 */
public interface FileAccess {

    /** Opens {@code path} (relative paths resolve against the agent's cwd); failures are {@link SystemError}s. */
    OpenFile open(String path, OpenMode mode) throws IOException;
}
