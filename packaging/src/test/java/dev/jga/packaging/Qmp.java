// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.packaging;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** QEMU's monitor (QMP), for hot-unplugging and re-plugging the agent's virtio-serial port. */
final class Qmp implements AutoCloseable {

    private final SocketLines socket;

    private Qmp(SocketLines socket) {
        this.socket = socket;
    }

    static Qmp connect(Path socket) throws IOException {
        Qmp qmp = new Qmp(SocketLines.connect(socket));
        qmp.socket.line(SocketLines.deadline(Duration.ofSeconds(10))); // greeting
        qmp.execute("{\"execute\":\"qmp_capabilities\"}");
        return qmp;
    }

    /** Sends one command and returns its reply line, skipping asynchronous events. */
    String execute(String command) throws IOException {
        socket.send(command + "\n");
        long deadline = SocketLines.deadline(Duration.ofSeconds(30));
        while (true) {
            Optional<String> line = socket.line(deadline);
            if (line.isEmpty()) {
                throw new IOException("QMP did not answer " + command);
            }
            if (line.get().contains("\"return\"") || line.get().contains("\"error\"")) {
                return line.get();
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
