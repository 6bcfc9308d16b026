// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.system;

import dev.jga.protocol.wire.Messages;
import dev.jga.protocol.wire.QgaError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs {@code hwclock} the way qemu-ga's ga_run_command does for guest-set-time
 * (qga/commands-posix.c): stdin from /dev/null, stdout and stderr into one pipe whose text
 * becomes the error when the program fails, and the action "set hardware clock to system time"
 * in every error, whichever way the clock goes.
 */
public final class HardwareClock {

    /** qmp_guest_set_time's program. */
    public static final Path HWCLOCK = Path.of("/sbin/hwclock");
    /** The most output kept for the error text; hwclock writes a line or two. */
    static final int MAX_OUTPUT = 64 * 1024;

    private final Path program;

    public HardwareClock(Path program) {
        this.program = program;
    }

    /** {@code -w} (system time to RTC) when {@code toHardware}, else {@code -s}. */
    public void sync(boolean toHardware) {
        ProcessBuilder builder = new ProcessBuilder(List.of(program.toString(), toHardware ? "-w" : "-s"))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            // What qemu's child writes through perror when execvp fails, before it exits 1.
            String output = Messages.fill(Messages.CHILD_EXEC_FAILED, program) + ": " + Errno.textOf(noSuchFile(e)) + "\n";
            throw QgaError.generic(Messages.CHILD_FAILED_OUTPUT, Messages.HWCLOCK_ACTION, output);
        }
        String output = drain(process.getInputStream());
        int status = awaitExit(process);
        if (status > 128) { // the JDK reports death by signal N as 128 + N
            throw output.isEmpty() ? QgaError.generic(Messages.CHILD_ABNORMAL)
                    : QgaError.generic(Messages.CHILD_ABNORMAL + ": %s", output);
        }
        if (status != 0) {
            throw output.isEmpty() ? QgaError.generic(Messages.CHILD_FAILED_STATUS, Messages.HWCLOCK_ACTION, status)
                    : QgaError.generic(Messages.CHILD_FAILED_OUTPUT, Messages.HWCLOCK_ACTION, output);
        }
    }

    /**
     * The strerror text in the JDK's message for a failed exec: "error: 2 (No such file or
     * directory)" in JDK 25, "error=2, No such file or directory" before.
     */
    private static IOException noSuchFile(IOException e) {
        String message = String.valueOf(e.getMessage()).strip();
        int open = message.lastIndexOf(" (");
        int comma = message.lastIndexOf(", ");
        String reason = message.endsWith(")") && open >= 0 ? message.substring(open + 2, message.length() - 1)
                : comma >= 0 ? message.substring(comma + 2) : Errno.ENOENT.text();
        return new java.nio.file.FileSystemException(null, null, reason);
    }

    private static String drain(InputStream output) {
        try (output) {
            byte[] bytes = output.readNBytes(MAX_OUTPUT);
            output.transferTo(java.io.OutputStream.nullOutputStream());
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static int awaitExit(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw QgaError.generic(Messages.CHILD_ABNORMAL);
        }
    }
}
