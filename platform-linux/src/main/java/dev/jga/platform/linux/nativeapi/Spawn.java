// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static dev.jga.platform.linux.nativeapi.ProcessConstants.FILE_ACTIONS_SIZE;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.POSIX_SPAWN_SETPGROUP;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.POSIX_SPAWN_SETSIGDEF;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.POSIX_SPAWN_SETSIGMASK;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.SIGSET_SIZE;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.SPAWN_ATTR_SIZE;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/**
 * posix_spawn(3) with the attributes every guest-exec child gets: its own process group (so a
 * later terminate can signal the whole tree), an empty signal mask and every signal at its default
 * disposition (qemu-ga resets SIGPIPE, which it ignores; the JVM blocks and handles others), and
 * no descriptor but 0–2 ({@code addclosefrom_np(3)}: the JVM opens files without O_CLOEXEC, which
 * would otherwise leak into children).
 *
 * <p>The path is used as given, never searched: the caller resolves PATH as qemu-ga does.
 */
public final class Spawn {

    /** SIGCANCEL and SIGSETXID, glibc's internal real-time signals 32 and 33, as sigset_t bits. */
    private static final long GLIBC_INTERNAL_SIGNALS = (1L << 31) | (1L << 32);

    /**
     * The handles, bound on first use: binding spins a downcall stub per signature (~10 ms each,
     * interpreted, and not kept by JDK 25's AOT cache), which an agent that never runs
     * guest-exec should not pay at start (docs/performance.md). The errno option and the
     * {@code environ} lookup live here too: touching {@link Downcalls} at start would build its
     * errno VarHandle, whose layout-path machinery spins method-handle classes as well.
     */
    private static final class Bound {
        private static final Linker.Option ERRNO = Downcalls.CAPTURE_ERRNO;
        private static final FunctionDescriptor ONE_POINTER = FunctionDescriptor.of(JAVA_INT, ADDRESS);

        private static final MemorySegment ENVIRON = Linker.nativeLinker().defaultLookup().find("environ")
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol environ"))
                .reinterpret(ADDRESS.byteSize());

        /** posix_spawn returns its error code; it does not set errno. */
        private static final MethodHandle POSIX_SPAWN = Downcalls.bind("posix_spawn",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        private static final MethodHandle ACTIONS_INIT = Downcalls.bind("posix_spawn_file_actions_init", ONE_POINTER);
        private static final MethodHandle ACTIONS_DESTROY = Downcalls.bind("posix_spawn_file_actions_destroy", ONE_POINTER);
        private static final MethodHandle ADD_DUP2 = Downcalls.bind("posix_spawn_file_actions_adddup2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        private static final MethodHandle ADD_OPEN = Downcalls.bind("posix_spawn_file_actions_addopen",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        /** glibc ≥ 2.29 (so present wherever {@link #ADD_CLOSEFROM} is): the child's working directory. */
        private static final MethodHandle ADD_CHDIR = Downcalls.bind("posix_spawn_file_actions_addchdir_np",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        /** glibc ≥ 2.34; without it children would inherit the JVM's descriptors, so no spawning at all. */
        private static final Optional<MethodHandle> ADD_CLOSEFROM = Downcalls.find(
                "posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        private static final MethodHandle ATTR_INIT = Downcalls.bind("posix_spawnattr_init", ONE_POINTER);
        private static final MethodHandle ATTR_DESTROY = Downcalls.bind("posix_spawnattr_destroy", ONE_POINTER);
        private static final MethodHandle ATTR_SETFLAGS = Downcalls.bind("posix_spawnattr_setflags",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
        private static final MethodHandle ATTR_SETPGROUP = Downcalls.bind("posix_spawnattr_setpgroup",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        private static final MethodHandle ATTR_SETSIGMASK = Downcalls.bind("posix_spawnattr_setsigmask",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        private static final MethodHandle ATTR_SETSIGDEFAULT = Downcalls.bind("posix_spawnattr_setsigdefault",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        private static final MethodHandle SIGEMPTYSET = Downcalls.bind("sigemptyset", ONE_POINTER, ERRNO);
        private static final MethodHandle SIGFILLSET = Downcalls.bind("sigfillset", ONE_POINTER, ERRNO);
    }

    private Spawn() {}

    /** What the child's descriptor table gets before exec, in order (then everything from 3 up is closed). */
    public sealed interface FileAction {
        /** dup2({@code fd}, {@code target}); the duplicate loses FD_CLOEXEC. */
        record Dup2(int fd, int target) implements FileAction {}

        /** open({@code path}, {@code flags}) onto {@code target}. */
        record Open(int target, String path, int flags) implements FileAction {}

        /**
         * chdir({@code directory}) in the child; a failure fails the spawn with chdir's errno, and
         * a relative program path is then resolved from there, as after a chdir in a forked child.
         */
        record Chdir(String directory) implements FileAction {}
    }

    /** Whether this C library can close inherited descriptors in the child (glibc ≥ 2.34). */
    public static boolean available() {
        return Linker.nativeLinker().defaultLookup().find("posix_spawn_file_actions_addclosefrom_np").isPresent();
    }

    /**
     * Starts {@code path} with {@code argv} and {@code environment} (empty: the agent's own) and
     * returns its pid; an exec failure (ENOENT, EACCES, ENOEXEC…) is a {@link SystemError} with that
     * errno, reported synchronously by glibc's posix_spawn.
     */
    public static int spawn(String path, List<String> argv, Optional<List<String>> environment,
            List<FileAction> actions) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fileActions = arena.allocate(FILE_ACTIONS_SIZE, 8);
            MemorySegment attributes = arena.allocate(SPAWN_ATTR_SIZE, 8);
            check((int) Bound.ACTIONS_INIT.invokeExact(fileActions), "posix_spawn_file_actions_init");
            try {
                check((int) Bound.ATTR_INIT.invokeExact(attributes), "posix_spawnattr_init");
                try {
                    addActions(arena, fileActions, actions);
                    setAttributes(arena, attributes);
                    MemorySegment pid = arena.allocate(JAVA_INT);
                    MemorySegment envp = environment.map(env -> strings(arena, env))
                            .orElseGet(() -> Bound.ENVIRON.get(ADDRESS, 0));
                    int error = (int) Bound.POSIX_SPAWN.invokeExact(pid, Downcalls.cString(arena, path), fileActions,
                            attributes, strings(arena, argv), envp);
                    check(error, "posix_spawn");
                    return pid.get(JAVA_INT, 0);
                } finally {
                    int ignored = (int) Bound.ATTR_DESTROY.invokeExact(attributes);
                }
            } finally {
                int ignored = (int) Bound.ACTIONS_DESTROY.invokeExact(fileActions);
            }
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    private static void addActions(Arena arena, MemorySegment fileActions, List<FileAction> actions) throws Throwable {
        for (FileAction action : actions) {
            switch (action) {
                case FileAction.Dup2(int fd, int target) ->
                        check((int) Bound.ADD_DUP2.invokeExact(fileActions, fd, target), "posix_spawn_file_actions_adddup2");
                case FileAction.Open(int target, String file, int flags) -> check(
                        (int) Bound.ADD_OPEN.invokeExact(fileActions, target, Downcalls.cString(arena, file), flags, 0),
                        "posix_spawn_file_actions_addopen");
                case FileAction.Chdir(String directory) -> check(
                        (int) Bound.ADD_CHDIR.invokeExact(fileActions, Downcalls.cString(arena, directory)),
                        "posix_spawn_file_actions_addchdir_np");
            }
        }
        MethodHandle closefrom = Bound.ADD_CLOSEFROM.orElseThrow(
                () -> new SystemError(ProcessConstants.ENOSYS, Strerror.text(ProcessConstants.ENOSYS),
                        "posix_spawn_file_actions_addclosefrom_np"));
        check((int) closefrom.invokeExact(fileActions, 3), "posix_spawn_file_actions_addclosefrom_np");
    }

    private static void setAttributes(Arena arena, MemorySegment attributes) throws Throwable {
        short flags = (short) (POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
        check((int) Bound.ATTR_SETFLAGS.invokeExact(attributes, flags), "posix_spawnattr_setflags");
        check((int) Bound.ATTR_SETPGROUP.invokeExact(attributes, 0), "posix_spawnattr_setpgroup");
        MemorySegment state = Downcalls.callState(arena);
        MemorySegment empty = arena.allocate(SIGSET_SIZE, 8);
        MemorySegment all = arena.allocate(SIGSET_SIZE, 8);
        int emptied = (int) Bound.SIGEMPTYSET.invokeExact(state, empty);
        int filled = (int) Bound.SIGFILLSET.invokeExact(state, all);
        if (emptied < 0 || filled < 0) {
            throw Downcalls.error(state, "sigemptyset/sigfillset");
        }
        // glibc's sigfillset leaves out its own SIGCANCEL (32) and SIGSETXID (33), and its spawn then
        // sets them to SIG_IGN in the child, which exec keeps: children would start with them
        // ignored (qemu-ga's fork+exec children do not). Bits of the first word: signal n is bit n-1.
        all.set(JAVA_LONG, 0, all.get(JAVA_LONG, 0) | GLIBC_INTERNAL_SIGNALS);
        check((int) Bound.ATTR_SETSIGMASK.invokeExact(attributes, empty), "posix_spawnattr_setsigmask");
        check((int) Bound.ATTR_SETSIGDEFAULT.invokeExact(attributes, all), "posix_spawnattr_setsigdefault");
    }

    /** A NULL-terminated array of C strings (argv, envp). */
    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L); // zero-filled: the NULL is there
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDRESS, i, Downcalls.cString(arena, values.get(i)));
        }
        return array;
    }

    /** The posix_spawn* functions return an error number instead of setting errno. */
    private static void check(int error, String call) throws SystemError {
        if (error != 0) {
            throw new SystemError(error, Strerror.text(error), call);
        }
    }
}
