// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.transport;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.B38400;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.BRKINT;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.ICRNL;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.IGNBRK;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.IGNCR;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.IGNPAR;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.IMAXBEL;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.INLCR;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.INPCK;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.ISTRIP;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.IXANY;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.IXOFF;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.IXON;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.PARMRK;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.TCIFLUSH;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.TCSANOW;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.VMIN;
import static dev.jga.platform.linux.nativeapi.LinuxConstants.VTIME;

import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.Termios;

/**
 * The terminal settings qemu-ga gives an isa-serial channel (channel-posix.c, GA_CHANNEL_ISA_SERIAL):
 * "non-canonical, dumb byte streaming". Reproduced exactly, quirks included: the baud rate is
 * OR-ed into c_cflag (GA_CHANNEL_BAUDRATE_DEFAULT = B38400), c_cflag is otherwise kept, and a
 * descriptor that is no terminal is used as it is (qemu ignores tcgetattr/tcsetattr results).
 */
final class SerialLine {

    /** The input flags qemu clears: no break, parity, stripping, CR/NL mapping or flow control. */
    static final int CLEARED_INPUT_FLAGS = IGNBRK | BRKINT | IGNPAR | PARMRK | INPCK | ISTRIP
            | INLCR | IGNCR | ICRNL | IXON | IXOFF | IXANY | IMAXBEL;

    private SerialLine() {}

    static void makeRaw(int fd) {
        Termios.Attributes current;
        try {
            current = Termios.get(fd);
        } catch (SystemError notATerminal) {
            return; // qemu goes on with the descriptor as it is
        }
        byte[] cc = current.cc();
        cc[VMIN] = 1; // a read returns as soon as one byte is there
        cc[VTIME] = 0;
        Termios.Attributes raw = new Termios.Attributes(current.iflag() & ~CLEARED_INPUT_FLAGS, 0,
                current.cflag() | B38400, 0, current.line(), cc, current.ispeed(), current.ospeed());
        try {
            Termios.flush(fd, TCIFLUSH); // whatever waited for reading is garbage at this point
            Termios.set(fd, TCSANOW, raw);
        } catch (SystemError ignored) {
            // qemu ignores both results too.
        }
    }
}
