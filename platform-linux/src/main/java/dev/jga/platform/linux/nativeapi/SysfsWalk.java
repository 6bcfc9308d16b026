// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A walk over sysfs device directories with the calls qemu-ga makes (qga/commands-linux.c,
 * qmp_guest_get_vcpus and qmp_guest_get_memory_blocks): readdir(3) with each entry's
 * {@code d_type}, the device directory opened with {@code O_DIRECTORY}, and each attribute file
 * opened with openat(2) and read with one pread(2) at offset 0. Hosts poll these commands and a
 * guest has hundreds of memory blocks, so one arena serves the whole walk and a failed call comes
 * back as its errno, not as an exception.
 */
public final class SysfsWalk implements AutoCloseable {

    /** {@code <dirent.h>} DT_DIR, which qemu-ga tests as a bit of {@code d_type}. */
    public static final int DT_DIR = 4;
    /** {@code <dirent.h>} DT_LNK. */
    public static final int DT_LNK = 10;

    private static final int O_DIRECTORY = 0x10000;
    /** glibc's {@code struct dirent64} on x86_64 and aarch64: d_reclen at 16, d_type at 18, d_name at 19. */
    private static final long D_RECLEN = 16;
    private static final long D_TYPE = 18;
    private static final long D_NAME = 19;

    private static final Linker.Option ERRNO = Downcalls.CAPTURE_ERRNO;

    private static final class Calls {
        static final MethodHandle OPENDIR = Downcalls.bind("opendir", FunctionDescriptor.of(ADDRESS, ADDRESS), ERRNO);
        static final MethodHandle READDIR = Downcalls.bind("readdir64", FunctionDescriptor.of(ADDRESS, ADDRESS), ERRNO);
        static final MethodHandle CLOSEDIR = Downcalls.bind("closedir", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    }

    /** A directory entry: its name and readdir's {@code d_type}. */
    public record Entry(String name, int type) {}

    /**
     * What reading one attribute file gave: its bytes as text (empty at end of file), or the call
     * that failed ("open" or "pread") with its errno.
     */
    public record Read(String text, String failedCall, int errno) {

        public boolean failed() {
            return failedCall != null;
        }

        /** The failure as the platform's error, with the C library's text for the errno. */
        public SystemError error() {
            return new SystemError(errno, Strerror.text(errno), failedCall);
        }
    }

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment state = Downcalls.callState(arena);
    private final MemorySegment buffer;
    private final Map<String, MemorySegment> fileNames = new HashMap<>();

    /** {@code maxRead}: the most bytes one {@link #read} takes (qemu-ga's buffer for the file). */
    public SysfsWalk(int maxRead) {
        buffer = arena.allocate(maxRead);
    }

    /** The entries of {@code path} in readdir order, "." and ".." included, as readdir gives them. */
    public List<Entry> list(String path) throws SystemError {
        return list(path, "");
    }

    /**
     * The entries of {@code path} whose names start with {@code prefix} (ASCII), in readdir order;
     * the others are passed over before their names are decoded.
     */
    public List<Entry> list(String path, String prefix) throws SystemError {
        byte[] wanted = prefix.getBytes(StandardCharsets.US_ASCII);
        try {
            MemorySegment dir = (MemorySegment) Calls.OPENDIR.invokeExact(state, Downcalls.cString(arena, path));
            if (dir.address() == 0) {
                throw Downcalls.error(state, "opendir");
            }
            List<Entry> entries = new ArrayList<>();
            try {
                while (true) {
                    MemorySegment entry = (MemorySegment) Calls.READDIR.invokeExact(state, dir);
                    if (entry.address() == 0) {
                        return entries;
                    }
                    entry = Downcalls.at(entry, Downcalls.at(entry, D_NAME).get(JAVA_SHORT, D_RECLEN) & 0xffff);
                    if (startsWith(entry, wanted)) {
                        entries.add(new Entry(name(entry), entry.get(JAVA_BYTE, D_TYPE) & 0xff));
                    }
                }
            } finally {
                int ignored = (int) Calls.CLOSEDIR.invokeExact(dir);
            }
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    private static boolean startsWith(MemorySegment entry, byte[] prefix) {
        if (D_NAME + prefix.length > entry.byteSize()) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (entry.get(JAVA_BYTE, D_NAME + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** d_name, up to its NUL within the record's d_reclen bytes, copied in one go. */
    private static String name(MemorySegment entry) {
        byte[] bytes = entry.asSlice(D_NAME).toArray(JAVA_BYTE);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** open(path, O_RDONLY | O_DIRECTORY): the directory's descriptor, or minus the errno. */
    public int openDirectory(String path) {
        int fd = (int) Syscall.call(state, Syscall.OPENAT, Syscall.AT_FDCWD, Downcalls.cString(arena, path).address(),
                LinuxConstants.O_RDONLY | O_DIRECTORY | LinuxConstants.O_CLOEXEC);
        return fd >= 0 ? fd : -Downcalls.errno(state);
    }

    /** openat, then one pread of up to {@code max} bytes (no more than the walk's buffer) at offset 0. */
    public Read read(int directory, String name, int max) {
        int fd = (int) Syscall.call(state, Syscall.OPENAT, directory, fileName(name).address(),
                LinuxConstants.O_RDONLY | LinuxConstants.O_CLOEXEC);
        if (fd < 0) {
            return new Read("", "open", Downcalls.errno(state));
        }
        try {
            long n = Syscall.call(state, Syscall.PREAD64, fd, buffer.address(), Math.min(max, buffer.byteSize()), 0);
            if (n < 0) {
                return new Read("", "pread", Downcalls.errno(state));
            }
            byte[] bytes = buffer.asSlice(0, n).toArray(JAVA_BYTE);
            return new Read(new String(bytes, StandardCharsets.ISO_8859_1), null, 0);
        } finally {
            closeDescriptor(fd);
        }
    }

    /** The C string of an attribute's name, made once per walk: every device has the same few. */
    private MemorySegment fileName(String name) {
        return fileNames.computeIfAbsent(name, key -> Downcalls.cString(arena, key));
    }

    /** close(2) of a descriptor from {@link #openDirectory}. */
    public void closeDescriptor(int fd) {
        Syscall.call(state, Syscall.CLOSE, fd);
    }

    /** The C library's text for an errno that {@link #openDirectory} returned. */
    public static String strerror(int errno) {
        return Strerror.text(errno);
    }

    /** Frees the walk's memory; descriptors must have been closed. */
    @Override
    public void close() {
        arena.close();
    }
}
