// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.command.helper;

import dev.jga.agent.platform.ExitStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link HelperRunner} that runs nothing: it records each command line and its input, and
 * answers with the next scripted ending (exit 0 with no output once the script is used up).
 */
public final class RecordingRunner implements HelperRunner {

    /** One call: the command line and what the helper would have read. */
    public record Call(List<String> argv, Optional<String> input) {}

    private final List<Call> calls = new ArrayList<>();
    private final List<HelperRun> script = new ArrayList<>();

    /** The next call ends like this. */
    public RecordingRunner then(ExitStatus status, String output) {
        script.add(new HelperRun(status, output));
        return this;
    }

    public List<Call> calls() {
        return calls;
    }

    @Override
    public synchronized HelperRun run(List<String> argv, Optional<byte[]> input) {
        calls.add(new Call(List.copyOf(argv), input.map(bytes -> new String(bytes, StandardCharsets.UTF_8))));
        return script.isEmpty() ? new HelperRun(new ExitStatus.Exited(0), "") : script.removeFirst();
    }
}
