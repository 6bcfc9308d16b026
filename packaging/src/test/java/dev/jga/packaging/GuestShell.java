// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.packaging;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test's root shell in the guest ({@code packaging/e2e/e2e-shell} on the virtio-serial port
 * {@code org.jga.e2e.shell}): one command line in, its output and {@code @@RC=n@@} out. It stands
 * in for guest-exec until the agent has it, and it is what installs the package in the guest.
 */
final class GuestShell implements AutoCloseable {

    private static final Pattern RC = Pattern.compile("@@RC=(\\d+)@@");
    /** How long one attempt of {@link #awaitTrue} waits for its answer. */
    private static final Duration ATTEMPT = Duration.ofSeconds(60);

    private final SocketLines socket;
    private long sequence;

    private GuestShell(SocketLines socket) {
        this.socket = socket;
    }

    static GuestShell connect(Path socket) throws IOException {
        return new GuestShell(SocketLines.connect(socket));
    }

    record Result(int status, String output) {
        boolean ok() {
            return status == 0;
        }
    }

    /** Runs {@code command} (one line) as root in the guest; fails if it takes longer than {@code timeout}. */
    Result run(String command, Duration timeout) throws IOException {
        if (command.contains("\n")) {
            throw new IllegalArgumentException("one line only: " + command);
        }
        // The marker separates this command's output from a late answer to an earlier one (a
        // command whose wait timed out, or one sent while the guest rebooted).
        String begin = "@@BEGIN-" + (++sequence) + "@@";
        socket.send("echo " + begin + "; " + command + "\n");
        long deadline = SocketLines.deadline(timeout);
        Optional<String> first;
        do {
            first = socket.line(deadline);
            if (first.isEmpty()) {
                throw new IOException("no answer within " + timeout + " to: " + command);
            }
        } while (!first.get().equals(begin));
        StringBuilder output = new StringBuilder();
        while (true) {
            Optional<String> line = socket.line(deadline);
            if (line.isEmpty()) {
                throw new IOException("no answer within " + timeout + " to: " + command + "\n" + output);
            }
            Matcher rc = RC.matcher(line.get());
            if (rc.matches()) {
                return new Result(Integer.parseInt(rc.group(1)), output.toString());
            }
            output.append(line.get()).append('\n');
        }
    }

    /** Waits until the shell answers (the guest has booted far enough to start it). */
    void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = SocketLines.deadline(timeout);
        int attempt = 0;
        while (System.nanoTime() < deadline) {
            String token = "ready-" + (++attempt);
            socket.send("echo " + token + "\n");
            long attemptDeadline = Math.min(deadline, SocketLines.deadline(Duration.ofSeconds(5)));
            Optional<String> line;
            while ((line = socket.line(attemptDeadline)).isPresent()) {
                if (line.get().equals(token)) {
                    socket.line(SocketLines.deadline(Duration.ofSeconds(30))); // its @@RC=0@@
                    return;
                }
            }
        }
        throw new IOException("the guest's test shell did not answer within " + timeout);
    }

    /**
     * Runs {@code condition} (one line) every half second until it exits 0; a guest that reboots
     * meanwhile only costs the attempt it got. After {@code timeout} the test fails with
     * {@code console}, the guest's last console lines.
     */
    void awaitTrue(String condition, Duration timeout, Supplier<String> console)
            throws IOException, InterruptedException {
        long deadline = SocketLines.deadline(timeout);
        while (System.nanoTime() < deadline) {
            try {
                if (run(condition, ATTEMPT).ok()) {
                    return;
                }
            } catch (IOException noAnswer) {
                // the guest is rebooting: the shell that got the command is gone; ask the next one
            }
            Thread.sleep(500);
        }
        fail("not true within " + timeout + ": " + condition + "\n--- guest console ---\n" + console.get());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
