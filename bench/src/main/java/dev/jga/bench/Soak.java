// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory soak of issue 10: jga under mixed clients for a bounded time, its RSS sampled from
 * /proc/PID/status. Normal clients (ping, info, a small exec), large ones (48 MiB reads, 40 MiB of
 * input-data), half-senders that leave in the middle of a 60 MiB request, tricklers sending one
 * space a second, and vanishers that ask for 48 MiB and leave without reading. It passes when
 * every request that waited for its reply got one (its data, or qemu-ga's out-of-memory error),
 * the peak RSS stayed under idle RSS plus the heap's maximum (the budget and its reserve) plus {@link #NATIVE_KB}, and
 * RSS came back to within {@link #NEAR_IDLE_KB} of idle within {@link #SETTLE} after the clients
 * stopped. Not a test: it prints figures, and exits 1 if a condition fails.
 *
 * <pre>bin/bench --soak [seconds]</pre>
 */
final class Soak {

    /** The heap limit bin/jga-agent gives the JVM (-Xmx512m). */
    static final long HEAP_KB = 512 * 1024;
    /** Beyond the heap: thread stacks, native I/O buffers and code of sixteen busy sessions. */
    static final long NATIVE_KB = 32 * 1024;
    /** How close to idle RSS must come back after the burst. */
    static final long NEAR_IDLE_KB = 16 * 1024;
    /** How long after the clients stop RSS may take to come back. */
    static final Duration SETTLE = Duration.ofSeconds(10);
    static final int READ_COUNT = 48 << 20;
    /** Bytes of a request sent per {@link WireClient#send}, whose patience is for one call. */
    static final int SEND_SLICE = 1 << 20;
    static final String REFUSED = "failed to allocate sufficient memory to complete the requested service";

    private final AgentUnderTest agent;
    private final Path bigFile;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong peakKb = new AtomicLong();
    private final List<String> losses = java.util.Collections.synchronizedList(new ArrayList<>());

    private Soak(AgentUnderTest agent, Path bigFile) {
        this.agent = agent;
        this.bigFile = bigFile;
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Path root = Path.of(System.getProperty("jga.root", "."));
        Path work = Files.createTempDirectory("jga-soak-");
        boolean pass;
        // The agent is stopped before the exit: System.exit inside the try would leave it running.
        try (AgentUnderTest agent = SideBySide.launch("jga", List.of(root.resolve("bin/jga-agent").toString(),
                "-m", "unix-listen", "-p", "{sock}", "-t", "{dir}"), work, "")) {
            Path big = agent.dir().resolve("big");
            try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
                file.setLength(READ_COUNT);
            }
            pass = new Soak(agent, big).run(Duration.ofSeconds(seconds));
        }
        System.exit(pass ? 0 : 1);
    }

    private boolean run(Duration duration) throws Exception {
        // One request of each kind first, so that idle is measured with every code path loaded.
        normalRound(agent.connectRaw());
        Thread.sleep(3000);
        long idleKb = agent.stats().rssKib();
        System.out.printf("soak: %d s of mixed clients against jga (pid %d), idle RSS %.1f MB%n",
                duration.toSeconds(), agent.pid(), idleKb / 1024.0);
        List<Thread> threads = new ArrayList<>();
        threads.add(start("sampler", this::sample));
        for (int i = 0; i < 4; i++) {
            threads.add(start("normal", this::normal));
        }
        for (int i = 0; i < 2; i++) {
            threads.add(start("large-read", this::largeReads));
        }
        threads.add(start("large-input", this::largeInputs));
        for (int i = 0; i < 2; i++) {
            threads.add(start("half-sender", this::halfSenders));
        }
        threads.add(start("trickler", this::tricklers));
        threads.add(start("vanisher", this::vanishers));
        Thread.sleep(duration.toMillis());
        running.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        long stopped = System.nanoTime();
        System.out.println("soak: clients stopped");
        long settledKb = agent.stats().rssKib();
        while (System.nanoTime() - stopped < SETTLE.toNanos() && settledKb > idleKb + NEAR_IDLE_KB) {
            Thread.sleep(250);
            settledKb = agent.stats().rssKib();
        }
        double settleSeconds = (System.nanoTime() - stopped) / 1e9;
        System.out.printf("requests %d, replies %d (of which out-of-memory refusals %d), lost %d%n",
                requests.get(), replies.get(), refusals.get(), lost.get());
        losses.stream().limit(5).forEach(loss -> System.out.println("  lost: " + loss));
        System.out.printf("RSS: idle %.1f MB, peak %.1f MB (ceiling %.1f MB), %.1f MB %.1f s after the clients stopped%n",
                idleKb / 1024.0, peakKb.get() / 1024.0, (idleKb + HEAP_KB + NATIVE_KB) / 1024.0, settledKb / 1024.0, settleSeconds);
        boolean alive = agent.isAlive();
        boolean pass = alive && lost.get() == 0 && peakKb.get() < idleKb + HEAP_KB + NATIVE_KB && settledKb <= idleKb + NEAR_IDLE_KB;
        System.out.println(pass ? "soak: PASS" : "soak: FAIL" + (alive ? "" : " (the agent died)"));
        return pass;
    }

    private Thread start(String name, ClientLoop loop) {
        return Thread.ofPlatform().name(name).start(() -> {
            while (running.get()) {
                try {
                    loop.once();
                } catch (IOException | RuntimeException | AssertionError e) {
                    lose(name + ": " + e);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    interface ClientLoop {
        void once() throws IOException, InterruptedException;
    }

    private void lose(String what) {
        lost.incrementAndGet();
        losses.add(what);
    }

    private void sample() throws IOException, InterruptedException {
        peakKb.accumulateAndGet(agent.stats().rssKib(), Math::max);
        Thread.sleep(100);
    }

    private void normal() throws IOException {
        try (WireClient client = agent.connectRaw()) {
            for (int i = 0; i < 20 && running.get(); i++) {
                normalRound(client);
            }
        }
    }

    private void normalRound(WireClient client) throws IOException {
        expect(client, "{\"execute\":\"guest-ping\"}", "{\"return\"");
        expect(client, "{\"execute\":\"guest-info\"}", "{\"return\"");
        String pidLine = expect(client, "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/bin/true\"}}", "{\"return\"");
        String pid = pidLine.replaceAll("[^0-9]", "");
        while (!expect(client, "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}", "{\"return\"")
                .contains("\"exited\": true")) {
            Thread.onSpinWait();
        }
    }

    private void largeReads() throws IOException {
        try (WireClient client = agent.connectRaw()) {
            String handle = expect(client, "{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"" + bigFile + "\"}}",
                    "{\"return\"").replaceAll("[^0-9]", "");
            for (int i = 0; i < 5 && running.get(); i++) {
                expect(client, "{\"execute\":\"guest-file-seek\",\"arguments\":{\"handle\":" + handle
                        + ",\"offset\":0,\"whence\":\"set\"}}", "{\"return\"");
                expect(client, "{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle + ",\"count\":"
                        + READ_COUNT + "}}", "{\"return\": {\"count\": " + READ_COUNT);
            }
            expect(client, "{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":" + handle + "}}", "{\"return\"");
        }
    }

    private void largeInputs() throws IOException {
        byte[] input = new byte[40 << 20];
        Arrays.fill(input, (byte) 'x');
        String request = "{\"execute\":\"guest-exec\",\"arguments\":{\"path\":\"/bin/sh\",\"arg\":[\"-c\",\"wc -c\"],"
                + "\"capture-output\":true,\"input-data\":\"" + java.util.Base64.getEncoder().encodeToString(input) + "\"}}";
        try (WireClient client = agent.connectRaw()) {
            String reply = expect(client, request, "{\"return\"");
            if (reply.contains(REFUSED)) {
                return;
            }
            String pid = reply.replaceAll("[^0-9]", "");
            String status;
            do {
                status = expect(client, "{\"execute\":\"guest-exec-status\",\"arguments\":{\"pid\":" + pid + "}}", "{\"return\"");
            } while (!status.contains("\"exited\": true") && running.get());
        }
    }

    /** Sends half of a 60 MiB request, then leaves. */
    private void halfSenders() throws IOException, InterruptedException {
        byte[] message = paddedPing(60 << 20);
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(agent.socket()))) {
            ByteBuffer half = ByteBuffer.wrap(message, 0, message.length / 2);
            while (half.hasRemaining()) {
                channel.write(half);
            }
            Thread.sleep(500);
        }
    }

    /** Sixteen connections sending one space a second for ten seconds; evicted ones are fine. */
    private void tricklers() throws IOException, InterruptedException {
        List<SocketChannel> channels = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                channels.add(SocketChannel.open(UnixDomainSocketAddress.of(agent.socket())));
            }
            for (int second = 0; second < 10 && running.get(); second++) {
                for (SocketChannel channel : channels) {
                    try {
                        channel.write(ByteBuffer.wrap(new byte[] {' '}));
                    } catch (IOException evicted) {
                        // the agent made room for another client: that is fair admission at work
                    }
                }
                Thread.sleep(1000);
            }
        } finally {
            for (SocketChannel channel : channels) {
                channel.close();
            }
        }
    }

    /** Asks for 48 MiB and leaves without reading, or asks for a ping and leaves. */
    private void vanishers() throws IOException, InterruptedException {
        try (WireClient client = agent.connectRaw()) {
            String handle = expect(client, "{\"execute\":\"guest-file-open\",\"arguments\":{\"path\":\"" + bigFile + "\"}}",
                    "{\"return\"").replaceAll("[^0-9]", "");
            client.send("{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":" + handle + ",\"count\":" + READ_COUNT + "}}");
            client.send("{\"execute\":\"guest-ping\"}");
        }
        Thread.sleep(300);
    }

    /** Sends {@code request} and reads its reply: {@code expected} as its start, or the out-of-memory refusal. */
    private String expect(WireClient client, String request, String expected) throws IOException {
        requests.incrementAndGet();
        byte[] reply;
        try {
            sendInSlices(client, request.getBytes(StandardCharsets.UTF_8));
            reply = client.readLine();
        } catch (RuntimeException | AssertionError e) {
            lose(request.substring(0, Math.min(80, request.length())) + ": " + e);
            throw new IOException(e);
        }
        replies.incrementAndGet();
        String head = new String(reply, 0, Math.min(reply.length, 4096), StandardCharsets.UTF_8);
        if (head.contains(REFUSED)) {
            refusals.incrementAndGet();
            return head;
        }
        if (!head.startsWith(expected)) {
            lose("unexpected reply to " + request.substring(0, Math.min(80, request.length())) + ": "
                    + head.substring(0, Math.min(200, head.length())));
        }
        return head;
    }

    /**
     * Sends {@code bytes} a slice at a time, each with the client's whole patience: an agent that
     * keeps reading, however slowly on a loaded machine, is not one that stopped reading.
     */
    private static void sendInSlices(WireClient client, byte[] bytes) {
        for (int at = 0; at < bytes.length; at += SEND_SLICE) {
            client.send(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + SEND_SLICE)));
        }
    }

    private static byte[] paddedPing(int size) {
        String head = "{\"execute\":\"guest-ping\",\"arguments\":{\"pad\":\"";
        String tail = "\"}}";
        byte[] message = new byte[size];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, message, 0, head.length());
        Arrays.fill(message, head.length(), size - tail.length(), (byte) 'a');
        System.arraycopy(tail.getBytes(StandardCharsets.US_ASCII), 0, message, size - tail.length(), tail.length());
        return message;
    }
}
