// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.testplatform;

import dev.jga.agent.platform.FileAccess;
import dev.jga.agent.platform.Platform;
import dev.jga.agent.platform.PlatformProvider;
import dev.jga.agent.platform.SystemError;
import dev.jga.agent.transport.Transport;
import java.util.Optional;

/**
 * A platform for process-level tests of the agent module, which has no OS platform of its own:
 * enough to serve unix-listen (portable, in the agent) with no file access and no OS channels.
 * Active only in a JVM started with {@code -Djga.test.platform=true}, so the same class path
 * also shows what a JVM without any platform does.
 */
public final class TestPlatformProvider implements PlatformProvider {

    /** The system property that switches this provider on. */
    public static final String PROPERTY = "jga.test.platform";

    @Override
    public boolean supportsCurrentOs() {
        return Boolean.getBoolean(PROPERTY);
    }

    @Override
    public Platform create() {
        return new Platform() {
            @Override
            public String name() {
                return "test";
            }

            @Override
            public FileAccess files() {
                return (path, mode) -> {
                    throw new SystemError(38, "Function not implemented", "open");
                };
            }

            @Override
            public Optional<Transport> openChannel(String method, String path) {
                return Optional.empty();
            }
        };
    }
}
