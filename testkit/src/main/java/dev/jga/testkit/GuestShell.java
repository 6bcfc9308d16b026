// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import dev.jga.client.AgentClientException;
import dev.jga.client.Target;
import dev.jga.client.link.RawLink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The VM tests' root shell in a guest, on the virtio-serial port {@code org.jga.e2e.shell}
 * (e2e's {@code boot-guest.sh --shell}, packaging's {@code e2e-shell}): one command line in, its
 * output and {@code @@RC=n@@} out. It looks into the guest without the agent under test, so a
 * test can check what the agent did, install the package before there is an agent, and still
 * ask while a frozen filesystem has the agent refuse guest-exec.
 */
public final class GuestShell implements AutoCloseable {

    /** How long {@link #run(String)} waits; the guest's shell itself gives up after 600 s. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern RC = Pattern.compile("@@RC=(\\d+)@@");

    private final RawLink raw;
    private long sequence;

    private GuestShell(RawLink raw) {
        this.raw = raw;
    }

    /** Connects to the host side of the shell's port (a QEMU chardev socket). */
    public static GuestShell open(Path socket) throws IOException {
        try {
            return new GuestShell(RawLink.open(new Target.Unix(socket), COMMAND_TIMEOUT));
        } catch (AgentClientException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** A command's exit status and its output (stdout and stderr together). */
    public record Result(int status, String output) {
        public boolean ok() {
            return status == 0;
        }
    }

    /** Runs {@code command} (one line) as root in the guest, waiting at most {@link #COMMAND_TIMEOUT}. */
    public Result run(String command) throws IOException {
        return run(command, COMMAND_TIMEOUT);
    }

    /** Runs {@code command} (one line) as root in the guest; fails if it takes longer than {@code timeout}. */
    public Result run(String command, Duration timeout) throws IOException {
        if (command.contains("\n")) {
            throw new IllegalArgumentException("one line only: " + command);
        }
        // The marker separates this command's output from a late answer to an earlier one (a
        // command whose wait timed out, or one sent while the guest rebooted).
        String begin = "@@BEGIN-" + (++sequence) + "@@";
        long deadline = RawLink.deadline(timeout);
        try {
            raw.send(("echo " + begin + "; " + command + "\n").getBytes(StandardCharsets.UTF_8), deadline);
            while (!line(deadline).equals(begin)) {
                // output of an earlier command
            }
            StringBuilder output = new StringBuilder();
            for (String line = line(deadline); ; line = line(deadline)) {
                Matcher rc = RC.matcher(line);
                if (rc.matches()) {
                    return new Result(Integer.parseInt(rc.group(1)), output.toString());
                }
                output.append(line).append('\n');
            }
        } catch (TimeoutException e) {
            throw new IOException("the guest's shell did not finish within " + timeout + ": " + command, e);
        }
    }

    /** The output of {@code command}, stripped, which must succeed. */
    public String output(String command) throws IOException {
        Result result = run(command);
        if (!result.ok()) {
            throw new AssertionError("exit " + result.status() + " from the guest's `" + command + "`:\n"
                    + result.output());
        }
        return result.output().strip();
    }

    /** Waits until the shell answers (the guest has booted far enough to start it). */
    public void awaitReady(Duration timeout) throws IOException {
        long deadline = RawLink.deadline(timeout);
        while (System.nanoTime() < deadline) {
            try {
                if (run("true", Duration.ofSeconds(5)).ok()) {
                    return;
                }
            } catch (IOException notYet) {
                // not started yet: its answer, if late, is skipped by the next command's marker
            }
        }
        throw new IOException("the guest's test shell did not answer within " + timeout);
    }

    /**
     * Runs {@code condition} (one line) every half second until it exits 0; a guest that reboots
     * meanwhile only costs the attempt it got. After {@code timeout} the test fails with
     * {@code console}, the guest's last console lines.
     */
    public void awaitTrue(String condition, Duration timeout, Supplier<String> console)
            throws IOException, InterruptedException {
        long deadline = RawLink.deadline(timeout);
        while (System.nanoTime() < deadline) {
            try {
                if (run(condition, COMMAND_TIMEOUT).ok()) {
                    return;
                }
            } catch (IOException noAnswer) {
                // the guest is rebooting: the shell that got the command is gone; ask the next one
            }
            Thread.sleep(500);
        }
        fail("not true within " + timeout + ": " + condition + "\n--- guest console ---\n" + console.get());
    }

    private String line(long deadline) throws IOException, TimeoutException {
        return new String(raw.readUntil((byte) '\n', deadline), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        raw.close();
    }
}
