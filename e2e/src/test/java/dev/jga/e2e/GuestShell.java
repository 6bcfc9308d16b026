// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import dev.jga.client.AgentClientException;
import dev.jga.client.Target;
import dev.jga.client.link.RawLink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test's root shell in the guest (boot-guest.sh --shell, port {@code org.jga.e2e.shell}): one
 * command line in, its output and {@code @@RC=n@@} out. It looks into the guest without the agent
 * under test, so it can check what the agent did, and it still answers while a frozen filesystem
 * has the agent refuse guest-exec.
 */
final class GuestShell implements AutoCloseable {

    /** Longest a command may take: the guest's shell itself gives up after 600 s. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern RC = Pattern.compile("@@RC=(\\d+)@@");

    private final RawLink raw;
    private long sequence;

    private GuestShell(RawLink raw) {
        this.raw = raw;
    }

    static GuestShell open(Path socket) throws IOException {
        try {
            return new GuestShell(RawLink.open(new Target.Unix(socket), COMMAND_TIMEOUT));
        } catch (AgentClientException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    record Result(int status, String output) {
        boolean ok() {
            return status == 0;
        }
    }

    /** Runs {@code command} (one line, no background job writing to its output) as root in the guest. */
    Result run(String command) throws IOException {
        if (command.contains("\n")) {
            throw new IllegalArgumentException("one line only: " + command);
        }
        // The marker skips a late answer to an earlier command whose wait timed out.
        String begin = "@@BEGIN-" + (++sequence) + "@@";
        long deadline = RawLink.deadline(COMMAND_TIMEOUT);
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
            throw new IOException("the guest's shell did not finish within " + COMMAND_TIMEOUT + ": " + command, e);
        }
    }

    /** The output of {@code command}, stripped, which must succeed. */
    String output(String command) throws IOException {
        Result result = run(command);
        if (!result.ok()) {
            throw new AssertionError("exit " + result.status() + " from the guest's `" + command + "`:\n"
                    + result.output());
        }
        return result.output().strip();
    }

    private String line(long deadline) throws IOException, TimeoutException {
        return new String(raw.readUntil((byte) '\n', deadline), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        raw.close();
    }
}
