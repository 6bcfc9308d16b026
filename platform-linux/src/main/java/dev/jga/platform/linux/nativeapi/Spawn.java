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

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
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

    /**
     * The handles, made on first use: each distinct C signature costs a downcall stub and its
     * method-handle classes, generated at run time (milliseconds each, interpreted, and not kept by
     * JDK 25's AOT cache), which an agent that never runs guest-exec should not pay at start
     * (docs/performance.md). The thirteen functions share five shapes, one handle each, called with
     * the function's address ({@link Downcalls#shape}); two of them are made only when first used.
     */
    private static final class Bound {
        private static final MemorySegment ENVIRON = Linker.nativeLinker().defaultLookup().find("environ")
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol environ"))
                .reinterpret(ADDRESS.byteSize());

        /** int f(void *): the init and destroy functions. */
        private static final MethodHandle POINTER = Downcalls.shape(FunctionDescriptor.of(JAVA_INT, ADDRESS));
        /**
         * int f(void *, T) for a pointer, int or short T, passed as a long. Pointers, ints, shorts and
         * longs are all of class INTEGER in the System V AMD64 psABI (§3.2.3, parameter passing) and
         * take the next general-purpose register; in AAPCS64 (§6.8.2, rule C.16) each is copied to
         * the least significant bits of the next x register. A callee taking an int or short reads
         * only those low bits, and a long holding the same small value has them (extended to 32
         * bits too, which clang's callees assume of a short).
         */
        private static final MethodHandle POINTER_AND_VALUE = Downcalls.shape(
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
        private static final MethodHandle POSIX_SPAWN_SHAPE = Downcalls.shape(
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));

        /** posix_spawn returns its error code; it does not set errno. */
        private static final MemorySegment POSIX_SPAWN = Downcalls.symbol("posix_spawn");
        private static final MemorySegment ACTIONS_INIT = Downcalls.symbol("posix_spawn_file_actions_init");
        private static final MemorySegment ACTIONS_DESTROY = Downcalls.symbol("posix_spawn_file_actions_destroy");
        private static final MemorySegment ADD_DUP2 = Downcalls.symbol("posix_spawn_file_actions_adddup2");
        private static final MemorySegment ADD_OPEN = Downcalls.symbol("posix_spawn_file_actions_addopen");
        /** glibc ≥ 2.29 (so present wherever {@link #ADD_CLOSEFROM} is): the child's working directory. */
        private static final MemorySegment ADD_CHDIR = Downcalls.symbol("posix_spawn_file_actions_addchdir_np");
        /** glibc ≥ 2.34; without it children would inherit the JVM's descriptors, so no spawning at all. */
        private static final Optional<MemorySegment> ADD_CLOSEFROM = Downcalls.optionalSymbol(
                "posix_spawn_file_actions_addclosefrom_np");
        private static final MemorySegment ATTR_INIT = Downcalls.symbol("posix_spawnattr_init");
        private static final MemorySegment ATTR_SETFLAGS = Downcalls.symbol("posix_spawnattr_setflags");
        private static final MemorySegment ATTR_SETPGROUP = Downcalls.symbol("posix_spawnattr_setpgroup");
        private static final MemorySegment ATTR_SETSIGMASK = Downcalls.symbol("posix_spawnattr_setsigmask");
        private static final MemorySegment ATTR_SETSIGDEFAULT = Downcalls.symbol("posix_spawnattr_setsigdefault");
    }

    /**
     * adddup2's shape, made only when a spawn first needs it: a guest-exec whose child reads and
     * writes nothing of ours (stdin and discarded output on /dev/null) uses only addopen.
     */
    private static final class Dup2Shape {
        static final MethodHandle HANDLE = Downcalls.shape(FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    }

    /** addopen's shape, made only when a spawn first needs it: a child with all three streams on pipes does not. */
    private static final class OpenShape {
        static final MethodHandle HANDLE = Downcalls.shape(
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
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
        MemorySegment prepared = Prepared.actions(actions);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fileActions = prepared != null ? prepared : arena.allocate(FILE_ACTIONS_SIZE, 8);
            if (prepared == null) {
                check((int) Bound.POINTER.invokeExact(Bound.ACTIONS_INIT, fileActions), "posix_spawn_file_actions_init");
            }
            try {
                if (prepared == null) {
                    addActions(arena, fileActions, actions);
                }
                MemorySegment pid = arena.allocate(JAVA_INT);
                MemorySegment envp = environment.map(env -> strings(arena, env))
                        .orElseGet(() -> Bound.ENVIRON.get(ADDRESS, 0));
                int error = (int) Bound.POSIX_SPAWN_SHAPE.invokeExact(Bound.POSIX_SPAWN, pid,
                        Downcalls.cString(arena, path), fileActions, Prepared.ATTRIBUTES, strings(arena, argv), envp);
                check(error, "posix_spawn");
                return pid.get(JAVA_INT, 0);
            } finally {
                if (prepared == null) {
                    int ignored = (int) Bound.POINTER.invokeExact(Bound.ACTIONS_DESTROY, fileActions);
                }
            }
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    /**
     * What is the same for many spawns, built once and then only read: posix_spawn takes both its
     * attributes and its file actions as {@code const} (posix_spawn(3)), so concurrent spawns may
     * share them. Every child gets the same attributes; file actions made of opens only (stdin and
     * discarded output on /dev/null: no descriptor of ours, no directory) are the same for every
     * such request. Without this, a plain guest-exec made eleven C calls besides posix_spawn,
     * three of them checking the descriptor with getrlimit (glibc's __spawn_valid_fd).
     */
    private static final class Prepared {
        /** At most this many distinct lists of opens are kept; requests can make only a few. */
        static final int MAX_ACTION_LISTS = 8;
        static final MemorySegment ATTRIBUTES = attributes();

        /** A list of opens and its file actions (compared field by field: a record's equals is bootstrapped at run time). */
        private record Opens(List<FileAction> actions, MemorySegment fileActions) {
            boolean matches(List<FileAction> other) {
                if (other.size() != actions.size()) {
                    return false;
                }
                for (int i = 0; i < other.size(); i++) {
                    FileAction.Open mine = (FileAction.Open) actions.get(i);
                    FileAction.Open theirs = (FileAction.Open) other.get(i);
                    if (mine.target() != theirs.target() || mine.flags() != theirs.flags()
                            || !mine.path().equals(theirs.path())) {
                        return false;
                    }
                }
                return true;
            }
        }

        private static volatile List<Opens> opens = List.of();

        /** The prepared file actions for {@code actions}, or null when they must be built for this spawn. */
        static MemorySegment actions(List<FileAction> actions) throws SystemError {
            for (FileAction action : actions) {
                if (!(action instanceof FileAction.Open)) {
                    return null;
                }
            }
            for (Opens known : opens) {
                if (known.matches(actions)) {
                    return known.fileActions();
                }
            }
            synchronized (Prepared.class) {
                for (Opens known : opens) {
                    if (known.matches(actions)) {
                        return known.fileActions();
                    }
                }
                if (opens.size() >= MAX_ACTION_LISTS) {
                    return null;
                }
                Opens built = new Opens(List.copyOf(actions), build(actions));
                List<Opens> more = new ArrayList<>(opens);
                more.add(built);
                opens = List.copyOf(more);
                return built.fileActions();
            }
        }

        private static MemorySegment build(List<FileAction> actions) throws SystemError {
            MemorySegment fileActions = Arena.global().allocate(FILE_ACTIONS_SIZE, 8);
            try {
                check((int) Bound.POINTER.invokeExact(Bound.ACTIONS_INIT, fileActions), "posix_spawn_file_actions_init");
                addActions(Arena.global(), fileActions, actions);
                return fileActions;
            } catch (SystemError e) {
                throw e;
            } catch (Throwable t) {
                throw Downcalls.unexpected(t);
            }
        }

        private static MemorySegment attributes() {
            MemorySegment attributes = Arena.global().allocate(SPAWN_ATTR_SIZE, 8);
            try {
                check((int) Bound.POINTER.invokeExact(Bound.ATTR_INIT, attributes), "posix_spawnattr_init");
                setAttributes(Arena.global(), attributes);
                return attributes;
            } catch (Throwable t) {
                throw Downcalls.unexpected(t); // in a class initializer: an ExceptionInInitializerError
            }
        }
    }

    private static void addActions(Arena arena, MemorySegment fileActions, List<FileAction> actions) throws Throwable {
        for (FileAction action : actions) {
            switch (action) {
                case FileAction.Dup2(int fd, int target) -> check(
                        (int) Dup2Shape.HANDLE.invokeExact(Bound.ADD_DUP2, fileActions, fd, target),
                        "posix_spawn_file_actions_adddup2");
                case FileAction.Open(int target, String file, int flags) -> check(
                        (int) OpenShape.HANDLE.invokeExact(Bound.ADD_OPEN, fileActions, target,
                                Downcalls.cString(arena, file), flags, 0),
                        "posix_spawn_file_actions_addopen");
                case FileAction.Chdir(String directory) -> check(
                        (int) Bound.POINTER_AND_VALUE.invokeExact(Bound.ADD_CHDIR, fileActions,
                                Downcalls.cString(arena, directory).address()),
                        "posix_spawn_file_actions_addchdir_np");
            }
        }
        MemorySegment closefrom = Bound.ADD_CLOSEFROM.orElseThrow(
                () -> new SystemError(ProcessConstants.ENOSYS, Strerror.text(ProcessConstants.ENOSYS),
                        "posix_spawn_file_actions_addclosefrom_np"));
        check((int) Bound.POINTER_AND_VALUE.invokeExact(closefrom, fileActions, 3L),
                "posix_spawn_file_actions_addclosefrom_np");
    }

    private static void setAttributes(Arena arena, MemorySegment attributes) throws Throwable {
        long flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF; // a short in C
        check((int) Bound.POINTER_AND_VALUE.invokeExact(Bound.ATTR_SETFLAGS, attributes, flags),
                "posix_spawnattr_setflags");
        check((int) Bound.POINTER_AND_VALUE.invokeExact(Bound.ATTR_SETPGROUP, attributes, 0L),
                "posix_spawnattr_setpgroup");
        // sigset_t bits written directly, which is all sigemptyset and sigfillset do (glibc's
        // signal/sigempty.c and sigfillset.c), except that sigfillset leaves out glibc's own SIGCANCEL
        // (32) and SIGSETXID (33), and its spawn then sets those to SIG_IGN in the child, which exec
        // keeps: children would start with them ignored (qemu-ga's fork+exec children do not).
        MemorySegment empty = arena.allocate(SIGSET_SIZE, 8); // arenas zero-fill
        MemorySegment all = arena.allocate(SIGSET_SIZE, 8).fill((byte) 0xff);
        check((int) Bound.POINTER_AND_VALUE.invokeExact(Bound.ATTR_SETSIGMASK, attributes, empty.address()),
                "posix_spawnattr_setsigmask");
        check((int) Bound.POINTER_AND_VALUE.invokeExact(Bound.ATTR_SETSIGDEFAULT, attributes, all.address()),
                "posix_spawnattr_setsigdefault");
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
