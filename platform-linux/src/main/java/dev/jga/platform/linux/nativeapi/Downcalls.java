// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import dev.jga.agent.platform.SystemError;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The FFM plumbing shared by the bindings: symbol lookup, errno capture, strerror text and C
 * strings. Each binding class keeps its own handles; this class only knows how to make them.
 */
final class Downcalls {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();

    /**
     * Where errno sits in the call state, read with the plain int accessor: a layout-path VarHandle
     * would spin method-handle classes (bound-handle species and lambda forms, not kept by JDK 25's
     * AOT cache) on the first failed call, and a non-blocking read fails with EAGAIN early on.
     */
    private static final long ERRNO_OFFSET = CALL_STATE.byteOffset(PathElement.groupElement("errno"));

    /** Captures errno right after the call, before the JVM can overwrite it. */
    static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private Downcalls() {}

    /**
     * One handle for every C function of {@code descriptor}'s shape, taking the function's address
     * as its first argument. Each distinct (descriptor, options) pair costs a downcall stub
     * generated at run time and its method-handle classes, which JDK 25's AOT cache does not keep;
     * the functions that share a shape share one handle, with no bound handle per symbol
     * ({@link Linker#downcallHandle(FunctionDescriptor, Linker.Option...)}).
     */
    static MethodHandle shape(FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(descriptor, options);
    }

    /** The address of a libc symbol that must exist, for a {@link #shape} handle. */
    static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    }

    /** The address of a symbol only some C libraries have. */
    static Optional<MemorySegment> optionalSymbol(String name) {
        return LINKER.defaultLookup().find(name);
    }

    /** Binds a libc symbol that must exist; a missing one is a broken platform, not a runtime condition. */
    static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return find(name, descriptor, options)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
    }

    /** Binds a symbol only some C libraries have (e.g. glibc's {@code __xpg_strerror_r}). */
    static Optional<MethodHandle> find(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.defaultLookup().find(name).map(symbol -> LINKER.downcallHandle(symbol, descriptor, options));
    }

    /**
     * All of memory, to read what a C call returns a pointer to: {@code reinterpret} is a
     * restricted method, and each call of it walks the stack to check its caller's module, which
     * costs more than the read itself when a listing reads every entry of a directory.
     */
    private static final class AllMemory {
        static final MemorySegment SEGMENT = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    }

    /** The {@code size} bytes at the address {@code pointer} holds. */
    static MemorySegment at(MemorySegment pointer, long size) {
        return AllMemory.SEGMENT.asSlice(pointer.address(), size);
    }

    /** The segment a {@link #CAPTURE_ERRNO} handle takes as its first argument. */
    static MemorySegment callState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    static int errno(MemorySegment callState) {
        return callState.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }

    /**
     * The failure of {@code call}, with the errno it left and the C library's text for it, looked up
     * only if the error is shown (an EAGAIN the caller expects never is).
     */
    static SystemError error(MemorySegment callState, String call) {
        return new SystemError(errno(callState), Strerror.TEXTS, call);
    }

    /** {@code result} of {@code call}, unless it is negative: then the failure, with the errno it left. */
    static int check(int result, MemorySegment callState, String call) throws SystemError {
        if (result < 0) {
            throw error(callState, call);
        }
        return result;
    }

    /**
     * A NUL-terminated copy of {@code text} in UTF-8. Like qemu's JSON parser, which decodes
     * {@code \u0000} as the modified-UTF-8 pair C0 80 (util/unicode.c mod_utf8_encode), an embedded
     * NUL becomes C0 80 rather than cutting the string short.
     */
    static MemorySegment cString(Arena arena, String text) {
        byte[] bytes = text.indexOf('\0') < 0 ? text.getBytes(StandardCharsets.UTF_8) : modifiedUtf8(text);
        MemorySegment segment = arena.allocate(bytes.length + 1L); // arenas zero-fill: the NUL is there
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return segment;
    }

    private static byte[] modifiedUtf8(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] parts = text.split("\0", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                out.write(0xC0);
                out.write(0x80);
            }
            out.writeBytes(parts[i].getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** invokeExact declares Throwable; only Errors and RuntimeExceptions can really come out of a downcall. */
    static RuntimeException unexpected(Throwable t) {
        if (t instanceof Error error) {
            throw error;
        }
        if (t instanceof RuntimeException runtime) {
            return runtime;
        }
        return new IllegalStateException("downcall failed", t);
    }
}
