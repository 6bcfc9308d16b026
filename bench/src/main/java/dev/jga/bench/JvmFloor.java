// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import dev.jga.testkit.AgentUnderTest;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Sets up {@link FloorDaemon} as a contender for the start figures: a jar holding only that class,
 * and an AOT cache trained for it with the unpacked package's runtime and {@code jvm.options},
 * exactly as the package's own cache is made. The start-time goal of issue #5 (≤ 50 ms) was set
 * on a machine where such a daemon answered in 29–33 ms; on another machine the floor says how
 * much of the package's figure is the JVM's and how much the agent's.
 */
final class JvmFloor {

    private static final String MAIN = FloorDaemon.class.getName();

    /** How long the training JVM may take to write the cache after SIGTERM. */
    private static final Duration CACHE_WRITE = Duration.ofSeconds(120);

    private JvmFloor() {}

    /** The floor daemon's command line ({@code {sock}} for the socket), prepared in {@code dir}. */
    static List<String> prepare(Path packageRoot, Path dir) throws IOException, InterruptedException {
        Path lib = packageRoot.resolve("usr/lib/jga-agent");
        String java = lib.resolve("runtime/bin/java").toString();
        String options = "@" + lib.resolve("jvm.options");
        Files.createDirectories(dir);
        Path jar = writeJar(dir.resolve("floor.jar"));
        Path cache = dir.resolve("floor.aot");
        train(List.of(java, options, "-XX:AOTCacheOutput=" + cache, "-cp", jar.toString(), MAIN), dir);
        if (!Files.isRegularFile(cache)) {
            throw new IOException("the floor daemon's training wrote no AOT cache; see its logs under " + dir);
        }
        return List.of(java, options, "-XX:AOTCache=" + cache, "-cp", jar.toString(), MAIN, "-p", "{sock}");
    }

    private static Path writeJar(Path jar) throws IOException {
        String entry = MAIN.replace('.', '/') + ".class";
        try (InputStream in = FloorDaemon.class.getResourceAsStream("/" + entry);
                OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            if (in == null) {
                throw new IOException("no " + entry + " on the bench's class path");
            }
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    /** One start, a few requests, SIGTERM: the JVM writes the cache as it exits. */
    private static void train(List<String> command, Path dir) throws IOException, InterruptedException {
        List<String> withSocket = new ArrayList<>(command);
        withSocket.addAll(List.of("-p", "{sock}"));
        AgentUnderTest daemon = SideBySide.launch("floor-training", withSocket, dir, "");
        try {
            for (int i = 2; i < 4; i++) {
                try (WireClient client = daemon.connectRaw()) {
                    client.ok("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":" + i + "}}");
                }
            }
        } finally {
            daemon.terminate(CACHE_WRITE);
        }
    }
}
