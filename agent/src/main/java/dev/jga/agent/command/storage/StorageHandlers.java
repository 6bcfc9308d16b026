// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.storage;

import dev.jga.agent.dispatch.CommandGroup;
import dev.jga.agent.dispatch.Registry;
import dev.jga.agent.platform.StorageInfo;
import dev.jga.protocol.schema.StorageCommand.Fstrim;
import dev.jga.protocol.schema.StorageCommand.GetDisks;
import dev.jga.protocol.schema.StorageCommand.GetDiskstats;
import dev.jga.protocol.schema.StorageCommand.GetFsinfo;

/** guest-get-fsinfo, guest-get-disks, guest-get-diskstats and guest-fstrim (qga/commands-linux.c). */
public final class StorageHandlers implements CommandGroup {

    private final StorageInfo storage;

    public StorageHandlers(StorageInfo storage) {
        this.storage = storage;
    }

    @Override
    public void bind(Registry registry) {
        registry.bind(GetFsinfo.class, command -> storage.filesystems());
        registry.bind(GetDisks.class, command -> storage.disks());
        registry.bind(GetDiskstats.class, command -> storage.diskStats());
        registry.bind(Fstrim.class, command -> storage.trim(command.minimum()));
    }
}
