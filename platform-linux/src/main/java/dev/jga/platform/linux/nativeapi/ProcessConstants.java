// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

/**
 * The Linux x86_64/glibc values the process bindings ({@link Spawn}, {@link Wait}, {@link Poll},
 * {@link Pipes}) need, kept apart from {@link LinuxConstants} only so the two can grow in parallel;
 * checked the same way (a C program printing each macro and sizeof, gcc 12, glibc 2.36). aarch64
 * shares every value here (syscall numbers are in {@link Syscall}).
 */
public final class ProcessConstants {

    private ProcessConstants() {}

    // <spawn.h>
    public static final short POSIX_SPAWN_SETPGROUP = 0x2;
    public static final short POSIX_SPAWN_SETSIGDEF = 0x4;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x8;
    /** sizeof(posix_spawn_file_actions_t). */
    public static final long FILE_ACTIONS_SIZE = 80;
    /** sizeof(posix_spawnattr_t). */
    public static final long SPAWN_ATTR_SIZE = 336;
    /** sizeof(sigset_t). */
    public static final long SIGSET_SIZE = 128;

    // <sys/wait.h>
    public static final int WNOHANG = 1;

    // <fcntl.h>
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_SETPIPE_SZ = 1031;

    // <sys/eventfd.h>
    public static final int EFD_NONBLOCK = 0x800;
    public static final int EFD_CLOEXEC = 0x80000;

    // <errno.h>, beyond LinuxConstants
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int ENOEXEC = 8;
    public static final int ECHILD = 10;
    public static final int EACCES = 13;
    public static final int ENOTDIR = 20;
    public static final int EPIPE = 32;
    public static final int ENOSYS = 38;
    public static final int ETIMEDOUT = 110;
    public static final int ESTALE = 116;

    // <signal.h>
    public static final int SIGKILL = 9;
    public static final int SIGPIPE = 13;
    public static final int SIGTERM = 15;
}
