// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.platform;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds the platform at run time through {@link ServiceLoader}, so the agent never names a
 * platform class (a string-wired factory rots silently; a missing provider fails loudly here).
 */
public interface PlatformProvider {

    /** Whether this provider can serve the running OS. */
    boolean supportsCurrentOs();

    Platform create();

    /** The first provider that supports this OS. */
    static Optional<Platform> load() {
        for (PlatformProvider provider : ServiceLoader.load(PlatformProvider.class)) {
            if (provider.supportsCurrentOs()) {
                return Optional.of(provider.create());
            }
        }
        return Optional.empty();
    }
}
