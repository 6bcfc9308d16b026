// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code virsh -c qemu:///system} against one domain, as an administrator types it: the
 * libvirt client is the judge of the agent here, not our own wire client.
 */
final class Virsh {

    /** What one virsh invocation gave: its exit status and its output, stdout then stderr. */
    record Outcome(int status, String stdout, String stderr) {
        boolean ok() {
            return status == 0;
        }

        /** stdout and stderr, trimmed, as a person reads them. */
        String text() {
            return (stdout.strip() + "\n" + stderr.strip()).strip();
        }
    }

    private final String domain;

    Virsh(String domain) {
        this.domain = domain;
    }

    String domain() {
        return domain;
    }

    /** {@code virsh VERB DOMAIN ARGS...}. */
    Outcome run(String verb, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("virsh", "-c", "qemu:///system", verb, domain));
        command.addAll(List.of(args));
        return exec(command, Duration.ofMinutes(3));
    }

    /** The domain's state as {@code virsh domstate} prints it ("running", "shut off", ...). */
    String state() throws IOException, InterruptedException {
        return run("domstate").stdout().strip();
    }

    /** Sends {@code json} through {@code virsh qemu-agent-command}, libvirt's raw path to the agent. */
    Outcome agentCommand(String json) throws IOException, InterruptedException {
        return run("qemu-agent-command", "--timeout", "30", json);
    }

    private static Outcome exec(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        var stderr = process.getErrorStream();
        var errText = new StringBuilder();
        Thread errReader = Thread.ofVirtual().start(() -> {
            try {
                errText.append(new String(stderr.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                errText.append("(stderr unreadable: ").append(e).append(')');
            }
        });
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command + " took longer than " + timeout);
        }
        errReader.join();
        return new Outcome(process.exitValue(), out, errText.toString());
    }
}
