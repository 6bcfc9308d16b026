// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.hardware;

import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.SysfsWalk;
import dev.jga.platform.linux.system.Errno;
import dev.jga.platform.linux.system.SystemRoot;
import dev.jga.protocol.schema.HardwareCommand.GuestLogicalProcessor;
import dev.jga.protocol.wire.Messages;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The logical processors in /sys/devices/system/cpu, read and switched as qemu-ga's transfer_vcpu
 * does (qga/commands-linux.c): a cpuN directory without an {@code online} file is a processor
 * that is online and cannot be taken offline (the boot processor, usually).
 */
final class CpuDirectory {

    static final String CPU_DIR = "/sys/devices/system/cpu";

    private final SystemRoot root;

    CpuDirectory(SystemRoot root) {
        this.root = root;
    }

    /** qmp_guest_get_vcpus, in directory order. */
    List<GuestLogicalProcessor> list() {
        List<GuestLogicalProcessor> vcpus = new ArrayList<>();
        try (SysfsWalk walk = new SysfsWalk(1)) {
            String directory = root.at(CPU_DIR).toString();
            for (SysfsWalk.Entry entry : walk.list(directory, "cpu")) {
                long id = cpuId(entry.name());
                if (id != NOT_A_CPU) {
                    vcpus.add(read(walk, directory, id));
                }
            }
        } catch (SystemError e) {
            throw QgaError.errno(e.strerror(), Messages.VCPUS_LIST_FAILED, CPU_DIR);
        }
        return vcpus;
    }

    private static final long NOT_A_CPU = Long.MIN_VALUE;

    /** sscanf(name, "cpu%" PRId64): the number after "cpu" (cpufreq and cpuidle have none). */
    static long cpuId(String name) {
        if (!name.startsWith("cpu")) {
            return NOT_A_CPU;
        }
        int digits = name.length() > 3 && (name.charAt(3) == '+' || name.charAt(3) == '-') ? 4 : 3;
        int end = digits;
        while (end < name.length() && name.charAt(end) >= '0' && name.charAt(end) <= '9') {
            end++;
        }
        return end == digits ? NOT_A_CPU : Long.parseLong(name, 3, end, 10);
    }

    /**
     * transfer_vcpu, system to vcpu: cpuN under {@code directory} (the cpu directory's file)
     * opened, then one byte of its online file.
     */
    private GuestLogicalProcessor read(SysfsWalk walk, String directory, long id) {
        String dir = directory(id);
        int dirfd = walk.openDirectory(directory + "/cpu" + id);
        if (dirfd < 0) {
            throw QgaError.errno(SysfsWalk.strerror(-dirfd), Messages.OPEN_CALL_FAILED, dir);
        }
        String online = dir + "/online";
        SysfsWalk.Read status;
        try {
            status = walk.read(dirfd, "online", 1);
        } finally {
            walk.closeDescriptor(dirfd);
        }
        if (!status.failed()) {
            if (status.text().isEmpty()) {
                throw QgaError.generic(Messages.PREAD_EOF, online);
            }
            return new GuestLogicalProcessor(id, status.text().charAt(0) != '0', Optional.of(true));
        }
        if (status.failedCall().equals("pread")) {
            throw QgaError.errno(status.error().strerror(), Messages.PREAD_CALL_FAILED, online);
        }
        if (status.errno() == Errno.ENOENT.number()) {
            return new GuestLogicalProcessor(id, true, Optional.of(false));
        }
        throw QgaError.errno(status.error().strerror(), Messages.OPEN_CALL_FAILED, online);
    }

    /** transfer_vcpu, vcpu to system: writes the online file only when the state differs. */
    void set(GuestLogicalProcessor vcpu) {
        String dir = directory(vcpu.logicalId());
        requireDirectory(dir);
        String online = dir + "/online";
        FileChannel file;
        try {
            file = FileChannel.open(root.at(online), StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            if (!Errno.isNotFound(e)) {
                throw QgaError.errno(Errno.textOf(e), Messages.OPEN_CALL_FAILED, online);
            }
            if (!vcpu.online()) {
                throw QgaError.generic(Messages.VCPU_CANNOT_OFFLINE, vcpu.logicalId());
            }
            return; // qemu: "pretend successful re-onlining"
        }
        try (file) {
            boolean isOnline = firstByte(file, online) != '0';
            if (isOnline != vcpu.online()) {
                write(file, online, vcpu.online() ? (byte) '1' : (byte) '0');
            }
        } catch (IOException e) {
            throw QgaError.errno(Errno.textOf(e), Messages.OPEN_CALL_FAILED, online);
        }
    }

    /** qemu's dirpath: "/sys/devices/system/cpu/cpuN/", so its file names have a double slash. */
    private static String directory(long id) {
        return CPU_DIR + "/cpu" + id + "/";
    }

    private void requireDirectory(String dir) {
        Path path = root.at(dir);
        if (!Files.isDirectory(path)) {
            String reason = Files.exists(path) ? Errno.ENOTDIR.text() : Errno.ENOENT.text();
            throw QgaError.errno(reason, Messages.OPEN_CALL_FAILED, dir);
        }
    }

    private static byte firstByte(FileChannel file, String name) {
        ByteBuffer one = ByteBuffer.allocate(1);
        try {
            if (file.read(one, 0) <= 0) {
                throw QgaError.generic(Messages.PREAD_EOF, name);
            }
        } catch (IOException e) {
            throw QgaError.errno(Errno.textOf(e), Messages.PREAD_CALL_FAILED, name);
        }
        return one.get(0);
    }

    private static void write(FileChannel file, String name, byte status) {
        try {
            file.write(ByteBuffer.wrap(new byte[] {status}), 0);
        } catch (IOException e) {
            throw QgaError.errno(Errno.textOf(e), Messages.PWRITE_CALL_FAILED, name);
        }
    }
}
