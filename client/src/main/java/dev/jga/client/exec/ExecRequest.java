// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.client.exec;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A program to run in the guest and where its standard streams go on this side.
 *
 * @param path the program; without a {@code /} the guest's PATH is searched (the agent's, or the
 *     one in {@code env})
 * @param args the arguments after the program name
 * @param env when present, the program's <em>whole</em> environment (the agent's semantics:
 *     it replaces the inherited one; {@code List.of()} is an empty environment)
 * @param stdin forwarded to the program; empty means the program reads /dev/null
 * @param stdout receives the program's standard output, as it arrives when the agent can stream
 * @param stderr receives the program's standard error
 * @param timeout stop waiting after this long (the result is then {@link ExecResult.Abandoned})
 * @param interrupts polled while waiting: Ctrl-C presses, each escalating how the program is stopped
 * @param mode how to run it; {@link Mode#AUTO} picks pipes when the agent has guest-pipe-open
 */
public record ExecRequest(
        String path,
        List<String> args,
        Optional<List<String>> env,
        Optional<InputStream> stdin,
        OutputStream stdout,
        OutputStream stderr,
        Optional<Duration> timeout,
        Interrupts interrupts,
        Mode mode,
        Supervision supervision) {

    /** How the program's streams reach the host. */
    public enum Mode {
        /** Pipe handles when the agent lists guest-pipe-open, capture otherwise. */
        AUTO,
        /** guest-pipe-open handles read while the program runs: output appears as it is produced. */
        PIPES,
        /** qemu-ga's capture-output: all output after the program has exited, at most 16 MiB a stream. */
        CAPTURE
    }

    public ExecRequest {
        Objects.requireNonNull(path, "path");
        args = List.copyOf(args);
        env = env.map(List::copyOf);
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(interrupts, "interrupts");
        Objects.requireNonNull(mode, "mode");
    }

    /** Starts a request for {@code path} with {@code args}; output is discarded until set. */
    public static Builder builder(String path, List<String> args) {
        return new Builder(path, args);
    }

    /** Builds an {@link ExecRequest}. */
    public static final class Builder {
        private final String path;
        private final List<String> args;
        private Optional<List<String>> env = Optional.empty();
        private Optional<InputStream> stdin = Optional.empty();
        private OutputStream stdout = OutputStream.nullOutputStream();
        private OutputStream stderr = OutputStream.nullOutputStream();
        private Optional<Duration> timeout = Optional.empty();
        private Interrupts interrupts = Interrupts.NONE;
        private Mode mode = Mode.AUTO;
        private Supervision supervision = Supervision.NONE;

        private Builder(String path, List<String> args) {
            this.path = path;
            this.args = args;
        }

        public Builder env(List<String> value) {
            env = Optional.of(value);
            return this;
        }

        public Builder stdin(InputStream value) {
            stdin = Optional.of(value);
            return this;
        }

        public Builder stdout(OutputStream value) {
            stdout = value;
            return this;
        }

        public Builder stderr(OutputStream value) {
            stderr = value;
            return this;
        }

        public Builder timeout(Duration value) {
            timeout = Optional.of(value);
            return this;
        }

        public Builder interrupts(Interrupts value) {
            interrupts = value;
            return this;
        }

        /** jga's extensions (cwd, user, added environment, the agent's own timeout). */
        public Builder supervision(Supervision value) {
            supervision = value;
            return this;
        }

        public Builder mode(Mode value) {
            mode = value;
            return this;
        }

        public ExecRequest build() {
            return new ExecRequest(path, args, env, stdin, stdout, stderr, timeout, interrupts, mode, supervision);
        }
    }
}
