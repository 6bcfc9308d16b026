// SPDX-License-Identifier: GPL-2.0-or-later
// Generated from the @Qapi records by CommandIndexTest; do not edit. After changing a
// command record: mvn -pl protocol test -Djga.updateGolden=true
package dev.jga.protocol.codec;

import dev.jga.protocol.schema.CoreCommand;
import dev.jga.protocol.schema.ExecCommand;
import dev.jga.protocol.schema.FileCommand;
import dev.jga.protocol.schema.NetworkCommand;
import dev.jga.protocol.schema.StorageCommand;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the command records and their {@code @Qapi} annotations say, as code: reading the
 * annotations at run time spins annotation proxy classes, and building a record through
 * reflection spins method-handle classes, which JDK 25's AOT cache keeps neither of; both
 * cost the agent's start milliseconds before its first reply (docs/performance.md).
 */
final class CommandIndex {

    private CommandIndex() {}

    /** Every command, in schema-file order. */
    static List<CommandInfo> commands() {
        return List.of(
                new CommandInfo(CoreCommand.SyncDelimited.class, "guest-sync-delimited", "1.1",
                        "Echoes id, preceded by a 0xFF byte, so a client can find its reply in a stream that may hold stale data.",
                        true, true),
                new CommandInfo(CoreCommand.Sync.class, "guest-sync", "0.15.0",
                        "Echoes id, so a client can discard stale replies until it sees its own.",
                        true, false),
                new CommandInfo(CoreCommand.Ping.class, "guest-ping", "0.15.0",
                        "Checks that the agent is alive and answering.",
                        true, false),
                new CommandInfo(CoreCommand.Info.class, "guest-info", "0.15.0",
                        "Reports the agent's version and every command it has, with whether each is enabled.",
                        true, false),
                new CommandInfo(FileCommand.FileOpen.class, "guest-file-open", "0.15.0",
                        "Opens a file in the guest with an fopen-style mode (default \"r\") and returns its handle.",
                        true, false),
                new CommandInfo(FileCommand.FileClose.class, "guest-file-close", "0.15.0",
                        "Closes a handle.",
                        true, false),
                new CommandInfo(FileCommand.FileRead.class, "guest-file-read", "0.15.0",
                        "Reads up to count bytes (default 4096, at most 48 MiB) and returns them base64-encoded.",
                        true, false),
                new CommandInfo(FileCommand.FileWrite.class, "guest-file-write", "0.15.0",
                        "Writes the base64-decoded buf-b64 (or its first count bytes) and says how many bytes were written.",
                        true, false),
                new CommandInfo(FileCommand.FileSeek.class, "guest-file-seek", "0.15.0",
                        "Moves the file position relative to the start, the current position or the end.",
                        true, false),
                new CommandInfo(FileCommand.FileFlush.class, "guest-file-flush", "0.15.0",
                        "Flushes written data to the file.",
                        true, false),
                new CommandInfo(ExecCommand.PipeOpen.class, "guest-pipe-open", "jga (2015 guest-exec series)",
                        "Opens a pipe whose handle can be given to guest-exec as a child's stdin (mode \"w\") or stdout/stderr (mode \"r\").",
                        true, false),
                new CommandInfo(ExecCommand.Exec.class, "guest-exec", "2.5",
                        "Starts a program in the guest and returns its pid; its status and output come from guest-exec-status.",
                        true, false),
                new CommandInfo(ExecCommand.ExecStatus.class, "guest-exec-status", "2.5",
                        "Reports whether a started program has exited, with its exit code or signal and captured output; never blocks.",
                        true, false),
                new CommandInfo(NetworkCommand.NetworkGetInterfaces.class, "guest-network-get-interfaces", "1.1",
                        "Lists the network interfaces with their hardware address, IP addresses and packet counters.",
                        true, false),
                new CommandInfo(NetworkCommand.NetworkGetRoute.class, "guest-network-get-route", "9.1",
                        "Lists the IPv4 and IPv6 routing table entries (/proc/net/route and /proc/net/ipv6_route).",
                        true, false),
                new CommandInfo(StorageCommand.GetFsinfo.class, "guest-get-fsinfo", "2.2",
                        "Lists the mounted local filesystems with their type, size and the disks they lie on.",
                        true, false),
                new CommandInfo(StorageCommand.GetDisks.class, "guest-get-disks", "5.2",
                        "Lists the block devices and their partitions, with their dependencies and disk addresses.",
                        true, false),
                new CommandInfo(StorageCommand.GetDiskstats.class, "guest-get-diskstats", "7.1",
                        "Reports each block device's I/O counters from /proc/diskstats.",
                        true, false),
                new CommandInfo(StorageCommand.Fstrim.class, "guest-fstrim", "1.2",
                        "Discards unused blocks on every mounted filesystem (FITRIM) and reports each one's result.",
                        true, false));
    }

    /** How to build each command's record from its member values, in declaration order. */
    @SuppressWarnings("unchecked")
    static Map<Class<?>, Function<Object[], Object>> constructors() {
        return Map.ofEntries(
                entry(CoreCommand.SyncDelimited.class, values -> new CoreCommand.SyncDelimited((long) values[0])),
                entry(CoreCommand.Sync.class, values -> new CoreCommand.Sync((long) values[0])),
                entry(CoreCommand.Ping.class, values -> new CoreCommand.Ping()),
                entry(CoreCommand.Info.class, values -> new CoreCommand.Info()),
                entry(FileCommand.FileOpen.class, values -> new FileCommand.FileOpen(
                        (String) values[0],
                        (Optional<String>) values[1])),
                entry(FileCommand.FileClose.class, values -> new FileCommand.FileClose((long) values[0])),
                entry(FileCommand.FileRead.class, values -> new FileCommand.FileRead(
                        (long) values[0],
                        (Optional<Long>) values[1])),
                entry(FileCommand.FileWrite.class, values -> new FileCommand.FileWrite(
                        (long) values[0],
                        (String) values[1],
                        (Optional<Long>) values[2])),
                entry(FileCommand.FileSeek.class, values -> new FileCommand.FileSeek(
                        (long) values[0],
                        (long) values[1],
                        (FileCommand.GuestFileWhence) values[2])),
                entry(FileCommand.FileFlush.class, values -> new FileCommand.FileFlush((long) values[0])),
                entry(ExecCommand.PipeOpen.class, values -> new ExecCommand.PipeOpen((String) values[0])),
                entry(ExecCommand.Exec.class, values -> new ExecCommand.Exec(
                        (String) values[0],
                        (Optional<List<String>>) values[1],
                        (Optional<List<String>>) values[2],
                        (Optional<String>) values[3],
                        (Optional<ExecCommand.GuestExecCaptureOutput>) values[4],
                        (Optional<List<String>>) values[5],
                        (Optional<Long>) values[6],
                        (Optional<Long>) values[7],
                        (Optional<Long>) values[8])),
                entry(ExecCommand.ExecStatus.class, values -> new ExecCommand.ExecStatus((long) values[0])),
                entry(NetworkCommand.NetworkGetInterfaces.class, values -> new NetworkCommand.NetworkGetInterfaces()),
                entry(NetworkCommand.NetworkGetRoute.class, values -> new NetworkCommand.NetworkGetRoute()),
                entry(StorageCommand.GetFsinfo.class, values -> new StorageCommand.GetFsinfo()),
                entry(StorageCommand.GetDisks.class, values -> new StorageCommand.GetDisks()),
                entry(StorageCommand.GetDiskstats.class, values -> new StorageCommand.GetDiskstats()),
                entry(StorageCommand.Fstrim.class, values -> new StorageCommand.Fstrim((Optional<Long>) values[0])));
    }

    private static Map.Entry<Class<?>, Function<Object[], Object>> entry(Class<?> type,
            Function<Object[], Object> constructor) {
        return Map.entry(type, constructor);
    }
}
