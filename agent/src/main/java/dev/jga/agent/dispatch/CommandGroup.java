// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.dispatch;

/**
 * A set of related handlers that binds itself into the registry (qemu: a schema module's
 * qmp_* functions). A group binds only what its platform capabilities can serve.
 */
public interface CommandGroup {
    void bind(Registry registry);
}
