// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.conformance;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonArray;
import dev.jga.protocol.json.JsonObject;
import dev.jga.testkit.ChrootQemuGa;
import dev.jga.testkit.Target;
import dev.jga.testkit.WireClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The system as the agent under test sees it, read by the test itself so that replies are
 * compared with the system and not with a recording: /proc and /sys are the machine's for every
 * target, but /etc is the chroot's for qemu-ga 10.
 */
final class SystemUnderTest {

    private SystemUnderTest() {}

    /** Where the target's /etc and /usr are. */
    static Path root(Target target) {
        return target == Target.QEMU_GA_10 ? ChrootQemuGa.chroot() : Path.of("/");
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code return} member of a request's reply, which must not be an error. */
    static Json result(WireClient client, String request) {
        Json reply = client.request(request);
        if (!(reply instanceof JsonObject object) || !object.has("return")) {
            throw new AssertionError(request + " failed: " + reply);
        }
        return object.get("return");
    }

    static List<JsonObject> objects(Json array) {
        return ((JsonArray) array).elements().stream().map(JsonObject.class::cast).toList();
    }
}
