// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static dev.jga.platform.linux.nativeapi.ProcessConstants.FILE_ACTIONS_SIZE;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.POSIX_SPAWN_SETPGROUP;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.POSIX_SPAWN_SETSIGDEF;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.POSIX_SPAWN_SETSIGMASK;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.SIGSET_SIZE;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.SPAWN_ATTR_SIZE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
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
     * The functions' addresses, looked up on first use. All thirteen are called through the
     * syscall handle ({@link Syscall#function}), which the agent links before its first reply: a
     * handle per C signature would cost a downcall stub and its method-handle classes each,
     * generated at run time on the first guest-exec (milliseconds each, interpreted, and not kept
     * by JDK 25's AOT cache; docs/performance.md).
     */
    private static final class Bound {
        private static final MemorySegment ENVIRON = Linker.nativeLinker().defaultLookup().find("environ")
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol environ"))
                .reinterpret(JAVA_LONG.byteSize());

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
     * {@code function(a, b, c, d, e)}: pointers as their address, a short or int as a long holding
     * its value (the callee reads the register's low bits, {@link Syscall#function}; they are also
     * extended to 32 bits, which clang's callees assume of a short).
     */
    private static int call(MemorySegment state, MemorySegment function, long a, long b, long c, long d, long e) {
        return Syscall.function(function, state, a, b, c, d, e, 0);
    }

    /** {@code function(a)} or {@code function(a, b)} (b 0 for the former). */
    private static int call(MemorySegment state, MemorySegment function, long a, long b) {
        return call(state, function, a, b, 0, 0, 0);
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
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment fileActions = prepared != null ? prepared : fileActions(arena, state, actions);
            try {
                MemorySegment pid = arena.allocate(JAVA_INT);
                long envp = environment.map(env -> strings(arena, env).address())
                        .orElseGet(() -> Bound.ENVIRON.get(JAVA_LONG, 0));
                int error = Syscall.function(Bound.POSIX_SPAWN, state, pid.address(),
                        Downcalls.cString(arena, path).address(), fileActions.address(), Prepared.ATTRIBUTES.address(),
                        strings(arena, argv).address(), envp);
                check(error, "posix_spawn");
                return pid.get(JAVA_INT, 0);
            } finally {
                if (prepared == null) {
                    call(state, Bound.ACTIONS_DESTROY, fileActions.address(), 0);
                }
            }
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
            return fileActions(Arena.global(), Downcalls.callState(Arena.global()), actions);
        }

        private static MemorySegment attributes() {
            MemorySegment attributes = Arena.global().allocate(SPAWN_ATTR_SIZE, 8);
            MemorySegment state = Downcalls.callState(Arena.global());
            try {
                check(call(state, Bound.ATTR_INIT, attributes.address(), 0), "posix_spawnattr_init");
                setAttributes(Arena.global(), state, attributes);
                return attributes;
            } catch (SystemError e) {
                throw new IllegalStateException(e); // in a class initializer: an ExceptionInInitializerError
            }
        }
    }

    /**
     * A file actions list in {@code arena} with {@code actions}; destroyed again if an action
     * cannot be added, so a failure leaves nothing the C library allocated for it.
     */
    private static MemorySegment fileActions(Arena arena, MemorySegment state, List<FileAction> actions)
            throws SystemError {
        MemorySegment fileActions = arena.allocate(FILE_ACTIONS_SIZE, 8);
        check(call(state, Bound.ACTIONS_INIT, fileActions.address(), 0), "posix_spawn_file_actions_init");
        try {
            addActions(arena, state, fileActions, actions);
            return fileActions;
        } catch (SystemError e) {
            call(state, Bound.ACTIONS_DESTROY, fileActions.address(), 0);
            throw e;
        }
    }

    /**
     * The actions in order, then closefrom(3). An if chain, not a pattern switch: each pattern
     * switch links to a class spun at run time on its first use, which JDK 25's AOT cache does not
     * keep (docs/performance.md).
     */
    private static void addActions(Arena arena, MemorySegment state, MemorySegment fileActions,
            List<FileAction> actions) throws SystemError {
        long list = fileActions.address();
        for (FileAction action : actions) {
            if (action instanceof FileAction.Dup2 dup2) {
                check(call(state, Bound.ADD_DUP2, list, dup2.fd(), dup2.target(), 0, 0),
                        "posix_spawn_file_actions_adddup2");
            } else if (action instanceof FileAction.Open open) {
                check(call(state, Bound.ADD_OPEN, list, open.target(), Downcalls.cString(arena, open.path()).address(),
                        open.flags(), 0), "posix_spawn_file_actions_addopen");
            } else if (action instanceof FileAction.Chdir chdir) {
                check(call(state, Bound.ADD_CHDIR, list, Downcalls.cString(arena, chdir.directory()).address()),
                        "posix_spawn_file_actions_addchdir_np");
            }
        }
        MemorySegment closefrom = Bound.ADD_CLOSEFROM.orElseThrow(
                () -> new SystemError(ProcessConstants.ENOSYS, Strerror.text(ProcessConstants.ENOSYS),
                        "posix_spawn_file_actions_addclosefrom_np"));
        check(call(state, closefrom, list, 3), "posix_spawn_file_actions_addclosefrom_np");
    }

    private static void setAttributes(Arena arena, MemorySegment state, MemorySegment attributes) throws SystemError {
        long attr = attributes.address();
        long flags = POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF; // a short in C
        check(call(state, Bound.ATTR_SETFLAGS, attr, flags), "posix_spawnattr_setflags");
        check(call(state, Bound.ATTR_SETPGROUP, attr, 0), "posix_spawnattr_setpgroup");
        // sigset_t bits written directly, which is all sigemptyset and sigfillset do (glibc's
        // signal/sigempty.c and sigfillset.c), except that sigfillset leaves out glibc's own SIGCANCEL
        // (32) and SIGSETXID (33), and its spawn then sets those to SIG_IGN in the child, which exec
        // keeps: children would start with them ignored (qemu-ga's fork+exec children do not).
        MemorySegment empty = arena.allocate(SIGSET_SIZE, 8); // arenas zero-fill
        MemorySegment all = arena.allocate(SIGSET_SIZE, 8).fill((byte) 0xff);
        check(call(state, Bound.ATTR_SETSIGMASK, attr, empty.address()), "posix_spawnattr_setsigmask");
        check(call(state, Bound.ATTR_SETSIGDEFAULT, attr, all.address()), "posix_spawnattr_setsigdefault");
    }

    /**
     * A NULL-terminated array of C strings (argv, envp). The pointers are written as longs (64-bit
     * Linux): the ADDRESS layout's accessors adapt a long to a MemorySegment with method-handle
     * classes spun on first use, which JDK 25's AOT cache does not keep.
     */
    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(JAVA_LONG, values.size() + 1L); // zero-filled: the NULL is there
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(JAVA_LONG, i, Downcalls.cString(arena, values.get(i)).address());
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
