// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

/**
 * The Linux x86_64/glibc values of the C constants the bindings pass or compare, in one place so a
 * port to another architecture (aarch64 shares all of these; alpha, mips, sparc and parisc do not)
 * has one file to check.
 *
 * <p>How they were checked: a C program printing each macro (and {@code sizeof}/{@code offsetof}
 * for the structs in {@link Termios} and {@link Sockets}) compiled with gcc 12 against Debian 12's
 * glibc 2.36 headers and Linux 6.1 uapi headers on x86_64; every value below matched its output.
 */
public final class LinuxConstants {

    private LinuxConstants() {}

    // <fcntl.h> open(2) flags.
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0x40;
    public static final int O_EXCL = 0x80;
    public static final int O_NOCTTY = 0x100;
    public static final int O_TRUNC = 0x200;
    public static final int O_APPEND = 0x400;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;

    // <unistd.h> lseek(2) origins.
    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;

    // <errno.h>
    public static final int EINTR = 4;
    public static final int ENXIO = 6;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int ENOTSOCK = 88;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ESPIPE = 29;
    public static final int EAFNOSUPPORT = 97;
    public static final int ERANGE = 34;
    public static final int EOPNOTSUPP = 95;

    // <linux/fs.h> filesystem freeze: _IOWR('X', 119, int) and _IOWR('X', 120, int).
    public static final long FIFREEZE = 0xC0045877L;
    public static final long FITHAW = 0xC0045878L;

    // <poll.h>
    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    public static final short POLLNVAL = 0x20;

    // <sys/epoll.h>
    public static final int EPOLL_CLOEXEC = 0x80000;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLLIN = 0x1;
    public static final int EPOLLOUT = 0x4;
    public static final int EPOLLET = 1 << 31;

    // <sys/socket.h>
    public static final int AF_UNIX = 1;
    public static final int AF_VSOCK = 40;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_TYPE = 3;
    public static final int SO_ACCEPTCONN = 30;
    public static final int SO_DOMAIN = 39;
    public static final int SHUT_RDWR = 2;
    public static final int SOCK_NONBLOCK = 0x800;

    // <fcntl.h> fcntl(2) commands.
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int FD_CLOEXEC = 1;

    // <linux/vm_sockets.h>
    /** VMADDR_CID_ANY: bind to whatever CID this machine has (-1 as an unsigned 32-bit value). */
    public static final int VMADDR_CID_ANY = -1;

    // <termios.h> (struct layout in Termios)
    public static final int IGNBRK = 0x1;
    public static final int BRKINT = 0x2;
    public static final int IGNPAR = 0x4;
    public static final int PARMRK = 0x8;
    public static final int INPCK = 0x10;
    public static final int ISTRIP = 0x20;
    public static final int INLCR = 0x40;
    public static final int IGNCR = 0x80;
    public static final int ICRNL = 0x100;
    public static final int IXON = 0x400;
    public static final int IXANY = 0x800;
    public static final int IXOFF = 0x1000;
    public static final int IMAXBEL = 0x2000;
    public static final int OPOST = 0x1;
    public static final int ISIG = 0x1;
    public static final int ICANON = 0x2;
    public static final int ECHO = 0x8;
    public static final int ECHONL = 0x40;
    public static final int IEXTEN = 0x8000;
    public static final int CSIZE = 0x30;
    public static final int CS8 = 0x30;
    public static final int PARENB = 0x100;
    public static final int CREAD = 0x80;
    public static final int CLOCAL = 0x800;
    public static final int B38400 = 0xf;
    public static final int VTIME = 5;
    public static final int VMIN = 6;
    public static final int TCSANOW = 0;
    public static final int TCIFLUSH = 0;
}
