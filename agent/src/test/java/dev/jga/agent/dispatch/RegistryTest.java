// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.schema.CoreCommand.Ping;
import dev.jga.protocol.schema.CoreCommand.Sync;
import dev.jga.protocol.schema.Empty;
import dev.jga.protocol.schema.FileCommand.FileFlush;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RegistryTest {

    private final AtomicInteger probes = new AtomicInteger();

    /** A registry with guest-sync bound and a deferred group that binds guest-ping (or nothing). */
    private Registry registry(boolean available) {
        Registry registry = new Registry();
        registry.bind(Sync.class, sync -> sync.id());
        registry.bindWhenNeeded(() -> {
            probes.incrementAndGet();
            return available ? Optional.of(group -> group.bind(Ping.class, ping -> Empty.VALUE)) : Optional.empty();
        });
        return registry;
    }

    @Test
    void aBoundCommandIsFoundWithoutProbingTheDeferredGroup() {
        Registry registry = registry(true);
        assertThat(registry.lookup("guest-sync")).isPresent();
        assertThat(probes).hasValue(0);
    }

    @Test
    void aDeferredGroupIsBoundOnceAtTheFirstLookupItCouldAnswer() {
        Registry registry = registry(true);
        assertThat(registry.lookup("guest-ping")).isPresent();
        assertThat(registry.lookup("guest-no-such-command")).isEmpty();
        assertThat(probes).hasValue(1);
    }

    @Test
    void listingTheBindingsBindsDeferredGroupsLastInOrder() {
        Registry registry = registry(true);
        assertThat(registry.bindings()).extracting(binding -> binding.info().name())
                .containsExactly("guest-sync", "guest-ping");
    }

    @Test
    void anUnavailableDeferredGroupBindsNothing() {
        Registry registry = registry(false);
        assertThat(registry.lookup("guest-ping")).isEmpty();
        assertThat(registry.bindings()).extracting(binding -> binding.info().name()).containsExactly("guest-sync");
        assertThat(probes).hasValue(1);
    }

    @Test
    void aCommandBoundLaterStillBindsDirectly() {
        Registry registry = registry(true);
        registry.bind(FileFlush.class, flush -> Empty.VALUE);
        assertThat(registry.lookup("guest-file-flush")).isPresent();
        assertThat(probes).hasValue(0);
    }
}
