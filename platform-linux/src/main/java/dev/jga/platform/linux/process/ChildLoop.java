// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.POLLIN;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.EFD_CLOEXEC;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.EFD_NONBLOCK;

import dev.jga.agent.platform.ExitStatus;
import dev.jga.agent.platform.OutputSink;
import dev.jga.agent.platform.Supervision;
import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.OwnedFd;
import dev.jga.platform.linux.nativeapi.LibC;
import dev.jga.platform.linux.nativeapi.Pipes;
import dev.jga.platform.linux.nativeapi.Poll;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The one platform thread that serves every child: a poll(2) loop over each child's pidfd (exit),
 * the agent's ends of its captured pipes (output) and of its input-data pipe (input), plus an
 * eventfd through which handlers hand it new children. This is qemu-ga's glib main loop, minus
 * everything else: no thread per stream or per child (a blocking read would pin a virtual
 * thread's carrier; a platform thread per pipe costs ~100 KB), and no wake-up while idle — with
 * no child exiting and no grace period running, poll waits forever.
 *
 * <p>Everything but {@link #watch} and {@link #close} runs on the loop thread, which owns all
 * the state; the thread starts with the first child. A failure on that thread (an
 * OutOfMemoryError while a sink stores output, a bug) ends the loop, never just part of it: the
 * streams it served are cut off (their sinks told so), its eventfd is closed — through an
 * {@link OwnedFd}, so a late {@link #watch} can never write to a number reused since — and its
 * children, running or just handed in, go to {@code onFailure}, which gives them to a new loop.
 */
final class ChildLoop implements AutoCloseable {

    /** Bytes moved per read(2) from a child's pipe (the default Linux pipe holds 64 KiB). */
    static final int READ_CHUNK = 64 * 1024;
    /**
     * How often children are polled with waitpid(WNOHANG) when the kernel has no pidfd_open
     * (Linux < 5.3); only then, and only while such a child runs, does the loop wake on a timer.
     */
    static final int REAP_TICK_MILLIS = 20;
    /** How long a kill request waits for the loop thread to have sent its signal. */
    static final int SIGNAL_WAIT_SECONDS = 5;

    private static final System.Logger LOG = System.getLogger(ChildLoop.class.getName());

    private final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();
    private final OwnedFd wake;
    private final byte[] wakeSignal = {1, 0, 0, 0, 0, 0, 0, 0};
    private final Consumer<Handover> onFailure;
    private final List<WatchedChild> children = new ArrayList<>();
    /** Signals asked for by handlers (kills), run by the loop thread, which is also the one that reaps. */
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Supervisor supervisor = new Supervisor(this::unreaped);
    private Thread thread;
    private boolean ended;
    private volatile boolean closed;

    /** {@code onFailure} receives the children and schedule of a loop that failed, for another to take over. */
    ChildLoop(Consumer<Handover> onFailure) throws SystemError {
        this.wake = new OwnedFd(Pipes.eventfd(EFD_NONBLOCK | EFD_CLOEXEC));
        this.onFailure = onFailure;
    }

    /** A stream the loop is to serve for a child: the agent's end of a pipe, which the loop owns. */
    sealed interface Stream {
        OwnedFd fd();

        record Capture(OwnedFd fd, OutputSink sink) implements Stream {}

        record Feed(OwnedFd fd, byte[] data) implements Stream {}

        /** The stream will not be served: its pipe is closed and a capture's sink told it was cut off. */
        default void cutOff() {
            fd().closeQuietly();
            if (this instanceof Capture capture) {
                try {
                    capture.sink().cutOff();
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.ERROR, "ending a cut-off stream failed", e);
                }
            }
        }
    }

    /**
     * A child handed to the loop: {@code pid}, its {@code pidfd} (null without pidfd support), the
     * {@code streams} to serve and their grace period after it exits. The loop owns the descriptors.
     */
    record Arrival(int pid, OwnedFd pidfd, Consumer<ExitStatus> onExit, List<Stream> streams, long graceNanos,
            Optional<Supervision.Timeout> timeout) {

        /** A child without a timeout. */
        Arrival(int pid, OwnedFd pidfd, Consumer<ExitStatus> onExit, List<Stream> streams, long graceNanos) {
            this(pid, pidfd, onExit, streams, graceNanos, Optional.empty());
        }

        /** The same child with its streams cut off: all another loop can take over (its timeout too). */
        Arrival withoutStreams() {
            streams.forEach(Stream::cutOff);
            return new Arrival(pid, pidfd, onExit, List.of(), 0, timeout);
        }
    }

    /**
     * What a failed loop leaves to its successor: its children, and the signals it had scheduled
     * (timeouts and the KILLs after grace periods), due when they were due.
     */
    record Handover(List<Arrival> children, List<SignalSchedule.Pending> scheduled) {}

    /**
     * Sends {@code signal} to child {@code pid} or its process group ({@code tree}) from the loop
     * thread, then SIGKILL after {@code killAfterNanos} (negative: never); returns once sent.
     */
    void signal(int pid, int signal, boolean tree, long killAfterNanos) throws SystemError {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        synchronized (this) {
            if (ended || closed || thread == null) {
                throw new IllegalStateException("the exec loop is not running");
            }
            tasks.add(() -> {
                try {
                    supervisor.signal(pid, signal, tree, killAfterNanos);
                    sent.complete(null);
                } catch (SystemError | RuntimeException e) {
                    sent.completeExceptionally(e);
                }
            });
        }
        wake();
        try {
            sent.get(SIGNAL_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SystemError error) {
                throw error;
            }
            throw new IllegalStateException("signalling child " + pid + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling child " + pid, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the exec loop did not answer within " + SIGNAL_WAIT_SECONDS + " s", e);
        }
    }

    /** Whether {@code pid} is a child of the loop's that has not been reaped. Loop thread only. */
    private boolean unreaped(int pid) {
        for (WatchedChild child : children) {
            if (child.pid() == pid && !child.exited()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Hands {@code arrival} to the loop; false (nothing taken) once the loop has ended, by
     * {@link #close} or by a failure, in which case the caller gives it to another loop.
     */
    boolean watch(Arrival arrival) {
        return enqueue(() -> arrivals.add(arrival));
    }

    /**
     * Takes over what a failed loop had {@code scheduled}; false (nothing taken) once this loop has
     * ended too, as for {@link #watch}.
     */
    boolean resume(List<SignalSchedule.Pending> scheduled) {
        return enqueue(() -> tasks.add(() -> supervisor.resume(scheduled)));
    }

    private boolean enqueue(Runnable handIn) {
        synchronized (this) {
            if (ended || closed) {
                return false;
            }
            handIn.run();
            if (thread == null) {
                thread = Thread.ofPlatform().name("jga-exec").daemon().start(this::run);
            }
        }
        wake();
        return true;
    }

    /** Whether the loop has ended and takes no more children. */
    synchronized boolean ended() {
        return ended || closed;
    }

    private void wake() {
        try (OwnedFd.Lease open = wake.lease()) {
            LibC.write(open.fd(), wakeSignal, 0, wakeSignal.length);
        } catch (SystemError e) {
            // EAGAIN: the counter is saturated, so the loop is awake anyway; EBADF: the loop has
            // ended, and whatever it had not taken went to onFailure with the rest
        }
    }

    // --- loop thread ----------------------------------------------------------------------

    private Poll io;
    private byte[] chunk;
    private int[] fds = new int[64];
    private short[] events = new short[64];
    private short[] revents = new short[64];
    private Watch[] watches = new Watch[64];
    /** How many entries of {@link #watches} the last round filled. */
    private int filled;

    private void run() {
        try {
            io = new Poll(READ_CHUNK);
            chunk = new byte[READ_CHUNK];
            while (!closed) {
                round();
            }
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "the exec loop failed; its children go to a new loop,"
                    + " with their output and input cut off", e);
        } finally {
            end();
        }
    }

    /**
     * Leaves nothing behind: after {@link #close}, pipes and pidfds are closed and children left
     * to run; after a failure, every child not yet reaped goes to {@code onFailure}, with what
     * was scheduled for the children.
     */
    private void end() {
        synchronized (this) {
            ended = true; // from here on, watch() and signal() refuse, so what is queued below is the last
        }
        for (Runnable task; (task = tasks.poll()) != null; ) {
            runQuietly(task); // a kill asked for or a schedule handed in: it must not be lost with the loop
        }
        wake.closeQuietly();
        if (io != null) {
            io.close();
        }
        List<Arrival> orphans = new ArrayList<>();
        for (WatchedChild child : children) {
            child.handOver().ifPresent(orphans::add);
        }
        children.clear();
        for (Arrival arrival; (arrival = arrivals.poll()) != null; ) {
            orphans.add(arrival.withoutStreams());
        }
        if (closed) {
            orphans.forEach(orphan -> {
                if (orphan.pidfd() != null) {
                    orphan.pidfd().closeQuietly();
                }
            });
        } else {
            List<SignalSchedule.Pending> scheduled = supervisor.handOver();
            if (!orphans.isEmpty() || !scheduled.isEmpty()) {
                onFailure.accept(new Handover(orphans, scheduled));
            }
        }
    }

    private void round() {
        int count = fillPollSet();
        int ready = io.poll(fds, events, revents, count, timeoutMillis());
        if (ready < 0) {
            LOG.log(System.Logger.Level.ERROR, "poll failed: " + LibC.strerror(-ready));
            sleepAfterFailure();
            return;
        }
        if (revents[0] != 0) {
            drainWakeups();
        }
        for (int i = 1; i < count; i++) {
            if (revents[i] != 0) {
                dispatch(watches[i], revents[i]);
            }
        }
        long now = System.nanoTime();
        supervisor.fire(now);
        for (WatchedChild child : children) {
            if (child.needsTick()) {
                child.tryReap();
            }
            child.expire(now);
        }
        children.removeIf(WatchedChild::done);
    }

    /**
     * Fills the poll set for this round. The entries a shorter set no longer uses are cleared: a
     * finished child's watches hold its sinks, and through them its captured output, which must
     * not stay reachable from here until a later, larger set overwrites them.
     */
    private int fillPollSet() {
        int count = 0;
        count = add(count, wake.number(), POLLIN, null);
        for (WatchedChild child : children) {
            count = add(count, child.fd(), child.events(), child);
            for (Watch stream : child.streams()) {
                count = add(count, stream.fd(), stream.events(), stream);
            }
        }
        if (count < filled) {
            Arrays.fill(watches, count, filled, null);
        }
        filled = count;
        return count;
    }

    private int add(int count, int fd, short wanted, Watch watch) {
        if (fd < 0) {
            return count;
        }
        if (count == fds.length) {
            int size = count * 2;
            fds = Arrays.copyOf(fds, size);
            events = Arrays.copyOf(events, size);
            revents = Arrays.copyOf(revents, size);
            watches = Arrays.copyOf(watches, size);
        }
        fds[count] = fd;
        events[count] = wanted;
        watches[count] = watch;
        return count + 1;
    }

    /** -1 (forever) unless a grace period is running or a child has no pidfd. */
    private int timeoutMillis() {
        long deadline = supervisor.next();
        boolean tick = false;
        for (WatchedChild child : children) {
            deadline = Math.min(deadline, child.deadline());
            tick |= child.needsTick();
        }
        int timeout = tick ? REAP_TICK_MILLIS : -1;
        if (deadline != Long.MAX_VALUE) {
            long millis = Math.max(0, (deadline - System.nanoTime() + 999_999) / 1_000_000);
            timeout = (int) Math.min(timeout < 0 ? Integer.MAX_VALUE : timeout, millis);
        }
        return timeout;
    }

    private void drainWakeups() {
        io.read(wake.number(), chunk, 0, 8);
        for (Arrival arrival; (arrival = arrivals.poll()) != null; ) {
            serve(arrival);
        }
        for (Runnable task; (task = tasks.poll()) != null; ) {
            task.run();
        }
    }

    private void serve(Arrival arrival) {
        WatchedChild child = new WatchedChild(arrival.pid(), arrival.pidfd(), arrival.onExit(), arrival.graceNanos());
        children.add(child);
        arrival.timeout().ifPresent(timeout -> supervisor.arm(arrival.pid(), timeout));
        for (Stream stream : arrival.streams()) {
            child.serve(switch (stream) {
                case Stream.Capture(OwnedFd fd, OutputSink sink) -> new OutputPump(io, chunk, fd, sink);
                case Stream.Feed(OwnedFd fd, byte[] data) -> new InputFeed(io, fd, data);
            });
        }
        // A child gone already is reaped a round later: its pidfd polls readable (pidfd_open(2)),
        // and one without a pidfd is reaped on this round's tick.
    }

    private static void runQuietly(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "a task of the ending exec loop failed", e);
        }
    }

    private static void dispatch(Watch watch, short ready) {
        try {
            watch.ready(ready);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "serving a child's stream failed", e);
            watch.cancel();
        }
    }

    private static void sleepAfterFailure() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the loop: pipes closed, sinks ended; children keep running and are no longer reaped. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
        }
        if (running == null) {
            wake.closeQuietly();
            return;
        }
        wake();
        try {
            running.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
