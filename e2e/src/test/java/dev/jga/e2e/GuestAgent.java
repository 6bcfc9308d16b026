// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Which guest agent the VM runs on its virtio-serial port. The same tests run against jga and
 * against the real qemu-ga (the oracle), so a test that passes on jga but fails on qemu-ga is
 * testing the wrong thing.
 */
sealed interface GuestAgent {

    /** A short name for logs and directories. */
    String name();

    /** The boot-guest.sh options that put this agent in the guest; may stage files under {@code work}. */
    List<String> bootOptions(ProjectLayout layout, Path work) throws IOException;

    /**
     * The real qemu-ga from Debian (boot-guest.sh's default agent): {@code qemu-ga -m virtio-serial -p <port>},
     * with {@code extraArgs} after those.
     */
    record QemuGa(List<String> extraArgs) implements GuestAgent {

        /** Where boot-guest.sh puts Debian's qemu-ga in the guest. */
        static final String PROGRAM = "/usr/sbin/qemu-ga";

        QemuGa() {
            this(List.of());
        }

        public QemuGa {
            extraArgs = List.copyOf(extraArgs);
        }

        @Override
        public String name() {
            return "qemu-ga";
        }

        @Override
        public List<String> bootOptions(ProjectLayout layout, Path work) {
            if (extraArgs.isEmpty()) {
                return List.of();
            }
            List<String> command = new ArrayList<>(List.of(PROGRAM, "-m", "virtio-serial", "-p",
                    "/dev/virtio-ports/org.qemu.guest_agent.0"));
            command.addAll(extraArgs);
            return List.of("--agent-cmd", String.join(" ", command));
        }
    }

    /**
     * jga from dist/target/jga/lib on a jlink'ed runtime of the JDK running the tests, launched as
     * bin/jga-agent launches it.
     *
     * @param agentArgs jga-agent's command line (qemu-ga's options)
     */
    record Jga(List<String> agentArgs) implements GuestAgent {

        /** Where the jars land in the guest (boot-guest.sh copies --include'd directories to /agent). */
        static final String GUEST_LIB = "/agent/lib";

        /** The default channel (virtio-serial on its default path), state in /tmp, verbose log to the console. */
        static Jga onDefaultVirtioSerialPort() {
            return new Jga(List.of("-m", "virtio-serial", "-t", "/tmp", "-v"));
        }

        public Jga {
            agentArgs = List.copyOf(agentArgs);
        }

        @Override
        public String name() {
            return "jga";
        }

        @Override
        public List<String> bootOptions(ProjectLayout layout, Path work) throws IOException {
            Path staged = stageJars(layout.agentLib(), work.resolve("agent"));
            Path javaHome = Path.of(System.getProperty("java.home"));
            String command = LauncherCommand.readFrom(layout.agentLauncher()).shellCommand(GUEST_LIB, agentArgs);
            return List.of("--java", javaHome.toString(), "--java-modules", modulesNeeded(javaHome, staged),
                    "--include", staged.toString(), "--agent-cmd", command);
        }

        private static Path stageJars(Path lib, Path staging) throws IOException {
            List<Path> jars;
            try (Stream<Path> files = Files.exists(lib) ? Files.list(lib) : Stream.empty()) {
                jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
            }
            if (jars.isEmpty()) {
                throw new IllegalStateException("no jars in " + lib + ": build with mvn -pl e2e -am verify");
            }
            Path target = Files.createDirectories(staging.resolve("lib"));
            for (Path jar : jars) {
                Files.copy(jar, target.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            return staging;
        }

        /** The JDK modules the jars use (jdeps), so the guest runtime has them all: java.base today. */
        private static String modulesNeeded(Path javaHome, Path staged) throws IOException {
            List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin/jdeps").toString(),
                    "--print-module-deps", "--ignore-missing-deps", "--multi-release", "25"));
            try (Stream<Path> jars = Files.list(staged.resolve("lib"))) {
                jars.map(Path::toString).sorted().forEach(command::add);
            }
            Process jdeps = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                if (!jdeps.waitFor(60, TimeUnit.SECONDS)) {
                    jdeps.destroyForcibly();
                    throw new IOException("jdeps did not finish within 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                jdeps.destroyForcibly();
                throw new IOException("interrupted while running jdeps", e);
            }
            String out = new String(jdeps.getInputStream().readAllBytes()).strip();
            if (jdeps.exitValue() != 0 || !out.matches("[a-z.,]+")) {
                throw new IOException("jdeps failed (" + jdeps.exitValue() + "): " + out);
            }
            return out;
        }
    }
}
