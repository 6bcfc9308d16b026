// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import dev.jga.client.exec.Interrupts;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C while {@code jga exec} waits for a program: each SIGINT is counted for the exec loop,
 * which sends TERM to the program's process group on the first and KILL on the second
 * ({@link Interrupts}), and says so on stderr.
 *
 * <p>Why {@code sun.misc.Signal}: a shutdown hook runs only once the JVM has begun to exit; a
 * second SIGINT then goes to the JVM's own handler, which blocks in the exit already under way,
 * so it cannot escalate, and the hook has to guess how long the exec loop may take while racing
 * the main thread's own {@code System.exit}. {@code sun.misc.Signal} (module jdk.unsupported,
 * kept accessible by JEP 260 for this use) replaces the JVM's SIGINT action for the time of the
 * exec only: the JVM keeps running and each press runs {@link #pressed} on a thread of its own.
 * FFM offers nothing better: a Java upcall from a signal handler is not async-signal-safe, and a
 * signalfd needs SIGINT blocked in every thread, the JVM's own included.
 *
 * <p>Should the agent stop answering, a third press, or the second's {@link #GIVE_UP} running out,
 * ends jga at once with 130 (the program may then outlive it; the exec loop says so when it can).
 */
final class CtrlC implements Interrupts, AutoCloseable {

    /** After the second Ctrl-C, how long the exec loop has to see the KILL through before jga exits anyway. */
    static final Duration GIVE_UP = Duration.ofSeconds(8);

    private static final Signal INT = new Signal("INT");

    private final AtomicInteger presses = new AtomicInteger();
    private final PrintStream err;
    private final Optional<SignalHandler> previous;
    private volatile boolean closed;

    private CtrlC(PrintStream err) {
        this.err = err;
        this.previous = install(this::pressed);
    }

    /** Empty when the JVM keeps SIGINT to itself (-Xrs): Ctrl-C then ends jga as it would anyway. */
    private static Optional<SignalHandler> install(SignalHandler handler) {
        try {
            return Optional.of(Signal.handle(INT, handler));
        } catch (IllegalArgumentException reservedByTheJvm) {
            return Optional.empty();
        }
    }

    /** Counts SIGINTs from now until {@link #close}. */
    static CtrlC counting(PrintStream err) {
        return new CtrlC(err);
    }

    @Override
    public int count() {
        return presses.get();
    }

    @Override
    public void sent(SignalSent signal) {
        String whom = signal.processGroup() ? "remote process group " + signal.pid()
                : "remote process " + signal.pid() + " (its group, if it leads one)";
        err.println("jga: sent " + signal.signal() + " to " + whom
                + (signal.escalates() ? "; Ctrl-C again to KILL" : ""));
    }

    private void pressed(Signal signal) {
        int n = presses.incrementAndGet();
        if (n == 2) {
            Thread.ofPlatform().daemon().name("jga-give-up").start(this::giveUpLater);
        } else if (n > 2) {
            exit("interrupted again");
        }
    }

    private void giveUpLater() {
        try {
            Thread.sleep(GIVE_UP);
        } catch (InterruptedException e) {
            return;
        }
        exit("the agent did not report the program's end " + GIVE_UP.toSeconds() + " s after the KILL");
    }

    private void exit(String why) {
        if (!closed) {
            err.println("jga exec: " + why + "; exiting, the program may still run in the guest");
            Runtime.getRuntime().halt(ExitStatus.INTERRUPTED);
        }
    }

    @Override
    public void close() {
        closed = true;
        previous.ifPresent(handler -> Signal.handle(INT, handler));
    }
}
