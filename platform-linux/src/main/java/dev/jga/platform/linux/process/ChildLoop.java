// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.process;

import static dev.jga.platform.linux.nativeapi.LinuxConstants.POLLIN;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.EFD_CLOEXEC;
import static dev.jga.platform.linux.nativeapi.ProcessConstants.EFD_NONBLOCK;

import dev.jga.agent.platform.ExitStatus;
import dev.jga.agent.platform.OutputSink;
import dev.jga.agent.platform.Supervision;
import dev.jga.agent.platform.SystemError;
import dev.jga.platform.linux.nativeapi.LibC;
import dev.jga.platform.linux.nativeapi.Pipes;
import dev.jga.platform.linux.nativeapi.Poll;
import java.util.ArrayList;
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
 * the state; the thread starts with the first child.
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

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final int wakeFd;
    private final byte[] wakeSignal = {1, 0, 0, 0, 0, 0, 0, 0};
    private final List<WatchedChild> children = new ArrayList<>();
    private final SignalSchedule schedule = new SignalSchedule();
    private final Supervisor supervisor = new Supervisor(schedule, this::unreaped);
    private Thread thread;
    private volatile boolean closed;

    ChildLoop() throws SystemError {
        wakeFd = Pipes.eventfd(EFD_NONBLOCK | EFD_CLOEXEC);
    }

    /** A stream the loop is to serve for a child: the agent's end of a pipe. */
    sealed interface Stream {
        int fd();

        record Capture(int fd, OutputSink sink) implements Stream {}

        record Feed(int fd, byte[] data) implements Stream {}
    }

    /**
     * Watches {@code pid} (with {@code pidfd}, or -1 without pidfd support) and serves its
     * {@code streams}, whose descriptors the loop now owns and closes.
     */
    void watch(int pid, int pidfd, Consumer<ExitStatus> onExit, List<Stream> streams, long graceNanos) {
        watch(pid, pidfd, onExit, streams, graceNanos, Optional.empty());
    }

    /** As {@link #watch(int, int, Consumer, List, long)}, with the child's process group signalled at {@code timeout}. */
    void watch(int pid, int pidfd, Consumer<ExitStatus> onExit, List<Stream> streams, long graceNanos,
            Optional<Supervision.Timeout> timeout) {
        submit(() -> {
            timeout.ifPresent(t -> supervisor.arm(pid, t));
            List<Watch> watches = new ArrayList<>();
            for (Stream stream : streams) {
                watches.add(switch (stream) {
                    case Stream.Capture(int fd, OutputSink sink) -> new OutputPump(io, chunk, fd, sink);
                    case Stream.Feed(int fd, byte[] data) -> new InputFeed(io, fd, data);
                });
            }
            WatchedChild child = new WatchedChild(pid, pidfd, onExit, watches, graceNanos);
            children.add(child);
            child.tryReap(); // it may be gone already; the pidfd would say so too, a round later
        });
    }

    /**
     * Sends {@code signal} to child {@code pid} or its process group ({@code tree}) from the loop
     * thread, then SIGKILL after {@code killAfterNanos} (negative: never); returns once sent.
     */
    void signal(int pid, int signal, boolean tree, long killAfterNanos) throws SystemError {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        submit(() -> {
            try {
                supervisor.signal(pid, signal, tree, killAfterNanos);
                sent.complete(null);
            } catch (SystemError | RuntimeException e) {
                sent.completeExceptionally(e);
            }
        });
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

    private void submit(Runnable task) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the exec loop is closed");
            }
            tasks.add(task);
            if (thread == null) {
                thread = Thread.ofPlatform().name("jga-exec").daemon().start(this::run);
            }
        }
        wake();
    }

    private void wake() {
        try {
            LibC.write(wakeFd, wakeSignal, 0, wakeSignal.length);
        } catch (SystemError e) {
            // EAGAIN: the counter is saturated, so the loop is awake anyway
        }
    }

    // --- loop thread ----------------------------------------------------------------------

    private Poll io;
    private byte[] chunk;
    private int[] fds = new int[64];
    private short[] events = new short[64];
    private short[] revents = new short[64];
    private Watch[] watches = new Watch[64];

    private void run() {
        io = new Poll(READ_CHUNK);
        chunk = new byte[READ_CHUNK];
        try {
            while (!closed) {
                round();
            }
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "the exec loop failed; children are no longer served", e);
        } finally {
            children.forEach(WatchedChild::cancel);
            children.clear();
            io.close();
            Descriptors.closeQuietly(wakeFd);
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
        schedule.fire(now);
        for (WatchedChild child : children) {
            if (child.needsTick()) {
                child.tryReap();
            }
            child.expire(now);
        }
        children.removeIf(WatchedChild::done);
    }

    private int fillPollSet() {
        int count = 0;
        count = add(count, wakeFd, POLLIN, null);
        for (WatchedChild child : children) {
            count = add(count, child.fd(), child.events(), child);
            for (Watch stream : child.streams()) {
                count = add(count, stream.fd(), stream.events(), stream);
            }
        }
        return count;
    }

    private int add(int count, int fd, short wanted, Watch watch) {
        if (fd < 0) {
            return count;
        }
        if (count == fds.length) {
            int size = count * 2;
            fds = java.util.Arrays.copyOf(fds, size);
            events = java.util.Arrays.copyOf(events, size);
            revents = java.util.Arrays.copyOf(revents, size);
            watches = java.util.Arrays.copyOf(watches, size);
        }
        fds[count] = fd;
        events[count] = wanted;
        watches[count] = watch;
        return count + 1;
    }

    /** -1 (forever) unless a grace period is running or a child has no pidfd. */
    private int timeoutMillis() {
        long deadline = schedule.next();
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
        io.read(wakeFd, chunk, 0, 8);
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
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
            Descriptors.closeQuietly(wakeFd);
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
