// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.hardware;

import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.SysfsWalk;
import dev.jga.platform.linux.system.Errno;
import dev.jga.platform.linux.system.SystemRoot;
import dev.jga.protocol.schema.HardwareCommand.GuestMemoryBlock;
import dev.jga.protocol.schema.HardwareCommand.GuestMemoryBlockResponse;
import dev.jga.protocol.schema.HardwareCommand.GuestMemoryBlockResponseType;
import dev.jga.protocol.wire.Messages;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The memory blocks in /sys/devices/system/memory (the kernel's memory-hotplug.rst), read and
 * switched as qemu-ga's transfer_memory_block does (qga/commands-linux.c). Block indexes may have
 * gaps (NUMA, sparse memory), so the directory is listed, not counted.
 */
final class MemoryDirectory {

    static final String MEMORY_DIR = "/sys/devices/system/memory/";
    /** ga_read_sysfs_file's buffer for "state": "online", "offline", "going-offline". */
    private static final int STATE_BYTES = 10;
    /** qmp_guest_get_memory_block_info's buffer for block_size_bytes. */
    private static final int SIZE_BYTES = 20;

    private final SystemRoot root;

    MemoryDirectory(SystemRoot root) {
        this.root = root;
    }

    /** qmp_guest_get_memory_blocks, in directory order: entries named "memory…" whose d_type has DT_DIR's bit. */
    List<GuestMemoryBlock> list() {
        List<GuestMemoryBlock> blocks = new ArrayList<>();
        try (SysfsWalk walk = new SysfsWalk(STATE_BYTES)) {
            String directory = root.at(MEMORY_DIR).toString();
            for (SysfsWalk.Entry entry : walk.list(directory, "memory")) {
                if (entry.name().startsWith("memory") && (entry.type() & SysfsWalk.DT_DIR) != 0) {
                    blocks.add(read(walk, directory, index(entry.name())));
                }
            }
        } catch (SystemError e) {
            if (e.errno() == Errno.ENOENT.number()) {
                return List.of(); // no memory hotplug in this kernel: not an error for qemu
            }
            throw QgaError.errno(e.strerror(), Messages.MEMORY_DIR_FAILED);
        }
        if (blocks.isEmpty()) {
            throw QgaError.generic(Messages.MEMORY_BLOCKS_NONE);
        }
        return blocks;
    }

    /** strtoul(name + 6, NULL, 10): the leading digits, 0 when there are none. */
    private static long index(String name) {
        int end = 6;
        while (end < name.length() && Character.isDigit(name.charAt(end))) {
            end++;
        }
        return end == 6 ? 0 : Long.parseUnsignedLong(name.substring(6, end));
    }

    private String blockDirectory(long index) {
        return MEMORY_DIR + "memory" + Long.toUnsignedString(index) + "/";
    }

    /**
     * transfer_memory_block, system to block: the block's directory (under {@code directory}, the
     * memory directory's file) opened, then its state and removable.
     */
    private GuestMemoryBlock read(SysfsWalk walk, String directory, long index) {
        String dir = blockDirectory(index);
        int dirfd = walk.openDirectory(directory + "/memory" + Long.toUnsignedString(index));
        if (dirfd < 0) {
            throw QgaError.errno(SysfsWalk.strerror(-dirfd), Messages.OPEN_CALL_FAILED, dir);
        }
        try {
            SysfsWalk.Read state = walk.read(dirfd, "state", STATE_BYTES);
            if (state.failed() && state.errno() == Errno.ENOENT.number() && state.failedCall().equals("open")) {
                return new GuestMemoryBlock(index, true, Optional.of(false));
            }
            boolean online = text(state, "state").startsWith("online");
            SysfsWalk.Read removable = walk.read(dirfd, "removable", 1);
            if (removable.failed() && removable.errno() == Errno.ENOENT.number() && removable.failedCall().equals("open")) {
                return new GuestMemoryBlock(index, online, Optional.of(false));
            }
            return new GuestMemoryBlock(index, online, Optional.of(text(removable, "removable").charAt(0) != '0'));
        } finally {
            walk.closeDescriptor(dirfd);
        }
    }

    /** ga_read_sysfs_file's outcome: the text read, or qemu's error for the call that failed. */
    private static String text(SysfsWalk.Read read, String name) {
        if (read.failed()) {
            String format = read.failedCall().equals("open") ? Messages.SYSFS_OPEN_FAILED : Messages.SYSFS_PREAD_FAILED;
            throw QgaError.errno(read.error().strerror(), format, name);
        }
        if (read.text().isEmpty()) {
            throw QgaError.generic(Messages.SYSFS_PREAD_EOF, name);
        }
        return read.text();
    }

    /** transfer_memory_block, block to system: the outcome goes into the response, with errno. */
    GuestMemoryBlockResponse set(GuestMemoryBlock block) {
        long index = block.physIndex();
        if (!Files.isDirectory(root.at(MEMORY_DIR))) {
            boolean missing = !Files.exists(root.at(MEMORY_DIR));
            // qemu leaves the response at its zero value (success) for any error but ENOENT.
            return failed(index, missing ? GuestMemoryBlockResponseType.OPERATION_NOT_SUPPORTED
                    : GuestMemoryBlockResponseType.SUCCESS, missing ? Errno.ENOENT.number() : Errno.ENOTDIR.number());
        }
        String dir = blockDirectory(index);
        Path path = root.at(dir);
        if (!Files.isDirectory(path)) {
            return Files.exists(path)
                    ? failed(index, GuestMemoryBlockResponseType.OPERATION_FAILED, Errno.ENOTDIR.number())
                    : failed(index, GuestMemoryBlockResponseType.NOT_FOUND, Errno.ENOENT.number());
        }
        String state;
        try {
            state = readSysfs(dir, "state", STATE_BYTES);
        } catch (SysfsFailure e) {
            if (e.notFound()) {
                // An old kernel without "state": onlining is pretended, offlining unsupported.
                return failed(index, block.online() ? GuestMemoryBlockResponseType.SUCCESS
                        : GuestMemoryBlockResponseType.OPERATION_NOT_SUPPORTED, e.errno());
            }
            return failed(index, GuestMemoryBlockResponseType.OPERATION_FAILED, e.errno());
        }
        if (block.online() != state.startsWith("online")) {
            try {
                writeSysfs(dir, "state", block.online() ? "online" : "offline");
            } catch (SysfsFailure e) {
                return failed(index, GuestMemoryBlockResponseType.OPERATION_FAILED, e.errno());
            }
        }
        return new GuestMemoryBlockResponse(index, GuestMemoryBlockResponseType.SUCCESS, Optional.empty());
    }

    /** qmp_guest_get_memory_block_info: block_size_bytes, in hexadecimal (strtol base 16). */
    long blockSize() {
        if (!Files.isDirectory(root.at(MEMORY_DIR))) {
            String reason = Files.exists(root.at(MEMORY_DIR)) ? Errno.ENOTDIR.text() : Errno.ENOENT.text();
            throw QgaError.errno(reason, Messages.OPEN_CALL_FAILED, MEMORY_DIR);
        }
        try {
            return hex(readSysfs(MEMORY_DIR, "block_size_bytes", SIZE_BYTES));
        } catch (SysfsFailure e) {
            throw e.error();
        }
    }

    /** strtol(text, NULL, 16): leading whitespace, an optional 0x, then hex digits; 0 when none. */
    static long hex(String text) {
        String digits = text.strip();
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        int end = 0;
        while (end < digits.length() && Character.digit(digits.charAt(end), 16) >= 0 && end < 15) {
            end++;
        }
        return end == 0 ? 0 : Long.parseLong(digits.substring(0, end), 16);
    }

    private static GuestMemoryBlockResponse failed(long index, GuestMemoryBlockResponseType type, int errno) {
        return new GuestMemoryBlockResponse(index, type, Optional.of((long) errno));
    }

    /** ga_read_sysfs_file: up to {@code size} bytes of {@code name} in {@code dir}. */
    private String readSysfs(String dir, String name, int size) throws SysfsFailure {
        FileChannel file;
        try {
            file = FileChannel.open(root.at(dir + name), StandardOpenOption.READ);
        } catch (IOException e) {
            throw new SysfsFailure(e, Messages.SYSFS_OPEN_FAILED, name);
        }
        try (file) {
            ByteBuffer buffer = ByteBuffer.allocate(size);
            if (file.read(buffer, 0) <= 0) {
                throw new SysfsFailure(QgaError.generic(Messages.SYSFS_PREAD_EOF, name), 0);
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new SysfsFailure(e, Messages.SYSFS_PREAD_FAILED, name);
        }
    }

    /** ga_write_sysfs_file. */
    private void writeSysfs(String dir, String name, String text) throws SysfsFailure {
        try (FileChannel file = FileChannel.open(root.at(dir + name), StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException e) {
            throw new SysfsFailure(e, Messages.SYSFS_OPEN_FAILED, name);
        }
    }

    /** A failed sysfs access: qemu's error for it, and the errno it looks at afterwards. */
    private static final class SysfsFailure extends Exception {
        private final QgaError error;
        private final int errno;

        SysfsFailure(IOException cause, String format, String name) {
            this(QgaError.errno(Errno.textOf(cause), format, name), Errno.numberOf(cause));
        }

        SysfsFailure(QgaError error, int errno) {
            super(error.desc(), null, false, false);
            this.error = error;
            this.errno = errno;
        }

        QgaError error() {
            return error;
        }

        int errno() {
            return errno;
        }

        boolean notFound() {
            return errno == Errno.ENOENT.number();
        }
    }
}
