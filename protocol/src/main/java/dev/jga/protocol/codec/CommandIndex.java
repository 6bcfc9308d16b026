// SPDX-License-Identifier: GPL-2.0-or-later
// Generated from the @Qapi records by CommandIndexTest; do not edit. After changing a
// command record: mvn -pl protocol test -Djga.updateGolden=true
package dev.jga.protocol.codec;

import dev.jga.protocol.schema.AccountCommand;
import dev.jga.protocol.schema.CoreCommand;
import dev.jga.protocol.schema.ExecCommand;
import dev.jga.protocol.schema.FileCommand;
import dev.jga.protocol.schema.FreezeCommand;
import dev.jga.protocol.schema.HardwareCommand;
import dev.jga.protocol.schema.InfoCommand;
import dev.jga.protocol.schema.NetworkCommand;
import dev.jga.protocol.schema.PowerCommand;
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
                new CommandInfo(ExecCommand.ExecKill.class, "__dev.jga_guest-exec-kill", "jga",
                        "Sends a signal (default TERM) to a started program's process group (or the program alone with tree=false), then KILL after grace seconds if it still runs.",
                        true, false),
                new CommandInfo(ExecCommand.ExecList.class, "__dev.jga_guest-exec-list", "jga",
                        "Lists the programs the agent started and still tracks, running or exited, oldest first.",
                        true, false),
                new CommandInfo(InfoCommand.GetOsInfo.class, "guest-get-osinfo", "2.10",
                        "Reports the kernel (uname) and the distribution (os-release: id, name, version...).",
                        true, false),
                new CommandInfo(InfoCommand.GetTimezone.class, "guest-get-timezone", "2.10",
                        "Reports the local time zone's abbreviation now in force and its offset from UTC in seconds.",
                        true, false),
                new CommandInfo(InfoCommand.GetTime.class, "guest-get-time", "1.5",
                        "Reports the guest's clock in nanoseconds since the epoch.",
                        true, false),
                new CommandInfo(InfoCommand.SetTime.class, "guest-set-time", "1.5",
                        "Sets the clock to time (ns since the epoch) and the hardware clock from it; without time, the clock from the hardware clock.",
                        true, false),
                new CommandInfo(InfoCommand.GetUsers.class, "guest-get-users", "2.10",
                        "Lists the users logged in (utmp), each once, with the earliest login time of their sessions.",
                        true, false),
                new CommandInfo(InfoCommand.GetLoad.class, "guest-get-load", "10.0",
                        "Reports the 1, 5 and 15 minute load averages.",
                        true, false),
                new CommandInfo(HardwareCommand.GetVcpus.class, "guest-get-vcpus", "1.5",
                        "Lists the logical processors, whether each is online and whether it can be taken offline.",
                        true, false),
                new CommandInfo(HardwareCommand.SetVcpus.class, "guest-set-vcpus", "1.5",
                        "Brings logical processors online or offline, in order, and says how many it processed before any failure.",
                        true, false),
                new CommandInfo(HardwareCommand.GetMemoryBlocks.class, "guest-get-memory-blocks", "2.3",
                        "Lists the memory blocks, whether each is online and whether it can be taken offline.",
                        true, false),
                new CommandInfo(HardwareCommand.SetMemoryBlocks.class, "guest-set-memory-blocks", "2.3",
                        "Brings memory blocks online or offline and reports the outcome for each.",
                        true, false),
                new CommandInfo(HardwareCommand.GetMemoryBlockInfo.class, "guest-get-memory-block-info", "2.3",
                        "Reports the size of a memory block in bytes.",
                        true, false),
                new CommandInfo(HardwareCommand.GetCpuStats.class, "guest-get-cpustats", "7.1",
                        "Reports each processor's time in user, nice, system, idle and the other /proc/stat states, in milliseconds.",
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
                        true, false),
                new CommandInfo(PowerCommand.Shutdown.class, "guest-shutdown", "0.15.0",
                        "Halts, powers down (the default) or reboots the guest; no reply on success.",
                        false, false),
                new CommandInfo(PowerCommand.SuspendDisk.class, "guest-suspend-disk", "1.1",
                        "Suspends the guest to disk (hibernation) through systemd, pm-utils or /sys/power/state; no reply on success.",
                        false, false),
                new CommandInfo(PowerCommand.SuspendRam.class, "guest-suspend-ram", "1.1",
                        "Suspends the guest to RAM through systemd, pm-utils or /sys/power/state; no reply on success.",
                        false, false),
                new CommandInfo(PowerCommand.SuspendHybrid.class, "guest-suspend-hybrid", "1.1",
                        "Saves the guest to disk and suspends it to RAM, through systemd or pm-utils; no reply on success.",
                        false, false),
                new CommandInfo(FreezeCommand.FsfreezeStatus.class, "guest-fsfreeze-status", "0.15.0",
                        "Says whether the agent has frozen the guest's filesystems (\"frozen\") or not (\"thawed\").",
                        true, false),
                new CommandInfo(FreezeCommand.FsfreezeFreeze.class, "guest-fsfreeze-freeze", "0.15.0",
                        "Runs the fsfreeze hook with \"freeze\", then freezes every mounted local filesystem; returns how many were frozen.",
                        true, false),
                new CommandInfo(FreezeCommand.FsfreezeFreezeList.class, "guest-fsfreeze-freeze-list", "2.2",
                        "As guest-fsfreeze-freeze, but only the listed mount points (all of them when the list is absent).",
                        true, false),
                new CommandInfo(FreezeCommand.FsfreezeThaw.class, "guest-fsfreeze-thaw", "0.15.0",
                        "Thaws every frozen filesystem, then runs the fsfreeze hook with \"thaw\"; returns how many were thawed.",
                        true, false),
                new CommandInfo(AccountCommand.SetUserPassword.class, "guest-set-user-password", "2.3",
                        "Sets a user's password (base64-encoded; crypted means already hashed) through chpasswd.",
                        true, false),
                new CommandInfo(AccountCommand.SshGetAuthorizedKeys.class, "guest-ssh-get-authorized-keys", "5.2",
                        "Lists the keys in a user's ~/.ssh/authorized_keys, without blank and comment lines.",
                        true, false),
                new CommandInfo(AccountCommand.SshAddAuthorizedKeys.class, "guest-ssh-add-authorized-keys", "5.2",
                        "Adds keys to a user's ~/.ssh/authorized_keys (replacing its contents with reset), creating it if needed.",
                        true, false),
                new CommandInfo(AccountCommand.SshRemoveAuthorizedKeys.class, "guest-ssh-remove-authorized-keys", "5.2",
                        "Removes keys from a user's ~/.ssh/authorized_keys; a missing file is no error.",
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
                        (Optional<Long>) values[8],
                        (Optional<String>) values[9],
                        (Optional<Boolean>) values[10],
                        (Optional<String>) values[11],
                        (Optional<Double>) values[12],
                        (Optional<Double>) values[13])),
                entry(ExecCommand.ExecStatus.class, values -> new ExecCommand.ExecStatus(
                        (long) values[0],
                        (Optional<Boolean>) values[1],
                        (Optional<Long>) values[2],
                        (Optional<Long>) values[3])),
                entry(ExecCommand.ExecKill.class, values -> new ExecCommand.ExecKill(
                        (long) values[0],
                        (Optional<ExecCommand.Signal>) values[1],
                        (Optional<Double>) values[2],
                        (Optional<Boolean>) values[3])),
                entry(ExecCommand.ExecList.class, values -> new ExecCommand.ExecList()),
                entry(InfoCommand.GetOsInfo.class, values -> new InfoCommand.GetOsInfo()),
                entry(InfoCommand.GetTimezone.class, values -> new InfoCommand.GetTimezone()),
                entry(InfoCommand.GetTime.class, values -> new InfoCommand.GetTime()),
                entry(InfoCommand.SetTime.class, values -> new InfoCommand.SetTime((Optional<Long>) values[0])),
                entry(InfoCommand.GetUsers.class, values -> new InfoCommand.GetUsers()),
                entry(InfoCommand.GetLoad.class, values -> new InfoCommand.GetLoad()),
                entry(HardwareCommand.GetVcpus.class, values -> new HardwareCommand.GetVcpus()),
                entry(HardwareCommand.SetVcpus.class, values -> new HardwareCommand.SetVcpus((List<HardwareCommand.GuestLogicalProcessor>) values[0])),
                entry(HardwareCommand.GetMemoryBlocks.class, values -> new HardwareCommand.GetMemoryBlocks()),
                entry(HardwareCommand.SetMemoryBlocks.class, values -> new HardwareCommand.SetMemoryBlocks((List<HardwareCommand.GuestMemoryBlock>) values[0])),
                entry(HardwareCommand.GetMemoryBlockInfo.class, values -> new HardwareCommand.GetMemoryBlockInfo()),
                entry(HardwareCommand.GetCpuStats.class, values -> new HardwareCommand.GetCpuStats()),
                entry(NetworkCommand.NetworkGetInterfaces.class, values -> new NetworkCommand.NetworkGetInterfaces()),
                entry(NetworkCommand.NetworkGetRoute.class, values -> new NetworkCommand.NetworkGetRoute()),
                entry(StorageCommand.GetFsinfo.class, values -> new StorageCommand.GetFsinfo()),
                entry(StorageCommand.GetDisks.class, values -> new StorageCommand.GetDisks()),
                entry(StorageCommand.GetDiskstats.class, values -> new StorageCommand.GetDiskstats()),
                entry(StorageCommand.Fstrim.class, values -> new StorageCommand.Fstrim((Optional<Long>) values[0])),
                entry(PowerCommand.Shutdown.class, values -> new PowerCommand.Shutdown((Optional<String>) values[0])),
                entry(PowerCommand.SuspendDisk.class, values -> new PowerCommand.SuspendDisk()),
                entry(PowerCommand.SuspendRam.class, values -> new PowerCommand.SuspendRam()),
                entry(PowerCommand.SuspendHybrid.class, values -> new PowerCommand.SuspendHybrid()),
                entry(FreezeCommand.FsfreezeStatus.class, values -> new FreezeCommand.FsfreezeStatus()),
                entry(FreezeCommand.FsfreezeFreeze.class, values -> new FreezeCommand.FsfreezeFreeze()),
                entry(FreezeCommand.FsfreezeFreezeList.class, values -> new FreezeCommand.FsfreezeFreezeList((Optional<List<String>>) values[0])),
                entry(FreezeCommand.FsfreezeThaw.class, values -> new FreezeCommand.FsfreezeThaw()),
                entry(AccountCommand.SetUserPassword.class, values -> new AccountCommand.SetUserPassword(
                        (String) values[0],
                        (String) values[1],
                        (boolean) values[2])),
                entry(AccountCommand.SshGetAuthorizedKeys.class, values -> new AccountCommand.SshGetAuthorizedKeys((String) values[0])),
                entry(AccountCommand.SshAddAuthorizedKeys.class, values -> new AccountCommand.SshAddAuthorizedKeys(
                        (String) values[0],
                        (List<String>) values[1],
                        (Optional<Boolean>) values[2])),
                entry(AccountCommand.SshRemoveAuthorizedKeys.class, values -> new AccountCommand.SshRemoveAuthorizedKeys(
                        (String) values[0],
                        (List<String>) values[1])));
    }

    private static Map.Entry<Class<?>, Function<Object[], Object>> entry(Class<?> type,
            Function<Object[], Object> constructor) {
        return Map.entry(type, constructor);
    }
}
