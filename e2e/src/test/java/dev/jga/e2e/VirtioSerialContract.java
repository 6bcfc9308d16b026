// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import static dev.jga.e2e.QgaReplies.bool;
import static dev.jga.e2e.QgaReplies.integer;
import static dev.jga.e2e.QgaReplies.returned;
import static dev.jga.e2e.QgaReplies.returnedInteger;
import static dev.jga.e2e.QgaReplies.returnedObject;
import static dev.jga.e2e.QgaReplies.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonParseException;
import dev.jga.protocol.json.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a host sees of a guest agent on a real virtio-serial port: the resync handshake, a file
 * round trip, and hosts that come and go. Subclasses boot the guest with jga or with the real
 * qemu-ga; both must pass the same tests.
 */
@Tag("vm")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
abstract class VirtioSerialContract {

    /** The error qemu-ga answers the resync's 0xFF with (qga/main.c process_event), as the wire carries it. */
    static final String STRAY_SENTINEL_ERROR =
            "{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error, stray '\\uFFFD'\"}}";

    /** Hosts that connect, talk and leave in {@link #reconnectingHostsEachGetTheirOwnRepliesAfterResync}. */
    static final int RECONNECT_ROUNDS = 6;

    /** Requests a leaving host sends and never reads: more than the guest answers before the host is gone. */
    static final int UNREAD_BURST = 40;

    /** The large chunk of the file round trip: a few hundred KB in one guest-file-write and one read. */
    static final int LARGE_CHUNK = 300 * 1024;

    abstract VmExtension vm();

    /**
     * What the agent answers to the 0xFF that starts a resync: qemu-ga a parse error
     * ({@link #STRAY_SENTINEL_ERROR}), jga nothing (a documented difference, docs/compatibility.md).
     */
    abstract List<String> answersToResyncByte();

    @Test
    void syncDelimitedSkipsToTheSentinelAndAnswersInRequestOrder() throws IOException {
        try (QgaConnection host = vm().connect()) {
            QgaConnection.Resynced resync = host.syncDelimited();

            assertThat(resync.discardedLines()).as("all a resync discards on a quiet port is the agent's answer to"
                    + " the 0xFF").isEqualTo(answersToResyncByte());
            long first = newId();
            long second = newId();
            host.send(sync(first) + "{\"execute\":\"guest-ping\"}" + sync(second));
            assertThat(host.readRawLine()).isEqualTo(syncReply(first));
            assertThat(host.readRawLine()).isEqualTo("{\"return\": {}}");
            assertThat(host.readRawLine()).isEqualTo(syncReply(second));
        }
    }

    @Test
    void fileWrittenInChunksReadsBackByteExact() throws IOException {
        byte[] everyByte = new byte[1024];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        byte[] large = new byte[LARGE_CHUNK];
        new Random(0x6a6761L).nextBytes(large);
        byte[] tail = "tail\n".getBytes();
        byte[] expected = concat(everyByte, large, tail);
        String path = "/tmp/jga-e2e-" + Long.toHexString(newId()) + ".bin";

        try (QgaConnection host = vm().connect()) {
            host.syncDelimited();
            long out = returnedInteger(host.execute(fileOpen(path, "w")));
            for (byte[] chunk : List.of(everyByte, large, tail)) {
                JsonObject written = returnedObject(host.execute(fileWrite(out, chunk)));
                assertThat(integer(written, "count")).isEqualTo(chunk.length);
                assertThat(bool(written, "eof")).isFalse();
            }
            returned(host.execute(command("guest-file-flush", "{\"handle\":" + out + "}")));
            returned(host.execute(command("guest-file-close", "{\"handle\":" + out + "}")));

            long in = returnedInteger(host.execute(fileOpen(path, "r")));
            JsonObject end = returnedObject(host.execute(
                    command("guest-file-seek", "{\"handle\":" + in + ",\"offset\":0,\"whence\":\"end\"}")));
            assertThat(integer(end, "position")).isEqualTo(expected.length);
            returned(host.execute(command("guest-file-seek", "{\"handle\":" + in + ",\"offset\":0,\"whence\":\"set\"}")));
            ByteArrayOutputStream readBack = new ByteArrayOutputStream();
            JsonObject head = returnedObject(host.execute(fileRead(in, everyByte.length)));
            assertThat(bool(head, "eof")).isFalse();
            readBack.write(bytesOf(head));
            JsonObject rest = returnedObject(host.execute(fileRead(in, 2 * LARGE_CHUNK)));
            assertThat(integer(rest, "count")).isEqualTo(large.length + tail.length);
            assertThat(bool(rest, "eof")).as("a read that stops short at the end reports eof").isTrue();
            readBack.write(bytesOf(rest));
            JsonObject atEnd = returnedObject(host.execute(fileRead(in, 4096)));
            assertThat(integer(atEnd, "count")).isZero();
            assertThat(bool(atEnd, "eof")).isTrue();
            returned(host.execute(command("guest-file-close", "{\"handle\":" + in + "}")));

            assertThat(readBack.toByteArray()).isEqualTo(expected);
        }
    }

    /**
     * Hosts connect, converse, and leave: without reading (a burst of requests whose replies the
     * guest writes while nobody is connected), mid-request (half a JSON object), or cleanly. On
     * virtio-serial the guest's writes while no host is connected come out at the start of the next
     * connection; every new host resyncs, and the test checks that what the resync discarded were
     * only earlier hosts' unread replies (each at most once), that it did discard some, and that
     * every reply a host read was the answer to its own request, in order.
     */
    @Test
    void reconnectingHostsEachGetTheirOwnRepliesAfterResync() throws IOException {
        Set<Long> unread = new HashSet<>();
        Set<Long> delivered = new HashSet<>();
        List<Long> staleDiscarded = new ArrayList<>();
        for (int round = 0; round <= RECONNECT_ROUNDS; round++) {
            try (QgaConnection host = vm().connect()) {
                QgaConnection.Resynced resync = host.syncDelimited();
                staleDiscarded.addAll(staleReplies(resync, unread, delivered));

                List<Long> ids = List.of(newId(), newId(), newId(), newId());
                host.send(ids.stream().map(VirtioSerialContract::sync).reduce("", String::concat));
                for (long id : ids) {
                    assertThat(host.readRawLine()).as("round %d", round).isEqualTo(syncReply(id));
                    delivered.add(id);
                }
                if (round == RECONNECT_ROUNDS) {
                    break; // the last host leaves cleanly, having checked the previous one's leftovers
                }
                switch (round % 3) {
                    case 0 -> { // leave without reading a burst of replies
                        StringBuilder burst = new StringBuilder();
                        for (int i = 0; i < UNREAD_BURST; i++) {
                            long id = newId();
                            unread.add(id);
                            burst.append(sync(id));
                        }
                        host.send(burst.toString());
                    }
                    case 1 -> { // leave mid-request: the next host's 0xFF must drop the half object
                        long id = newId();
                        unread.add(id);
                        host.send(sync(id) + "{\"execute\":\"guest-sync\",\"arguments\":{\"id\":12");
                    }
                    default -> { } // leave after reading everything
                }
            }
        }
        assertThat(staleDiscarded).as("replies written while no host was connected, discarded by a resync")
                .isNotEmpty();
        System.out.printf("[vm] %s: %d stale replies discarded by resyncs, %d never delivered (written to a"
                + " host that had left)%n", vm().vm().agentName(), staleDiscarded.size(), unread.size());
    }

    /**
     * The ids of earlier hosts' unread replies among what {@code resync} discarded. Fails on a
     * reply to a request no earlier host left unread (misrouted), or to one already delivered
     * (duplicated); non-reply lines may only be errors (our 0xFF's, a half request's), or the end
     * of an unread reply whose start went to the host that had left.
     */
    private static List<Long> staleReplies(QgaConnection.Resynced resync, Set<Long> unread, Set<Long> delivered) {
        List<Long> stale = new ArrayList<>();
        for (String line : resync.discardedLines()) {
            JsonObject reply;
            try {
                reply = (JsonObject) JsonParser.parse(line.replace("\uFFFD", ""));
            } catch (JsonParseException | ClassCastException notAReply) {
                long cutOff = unread.stream().filter(id -> syncReply(id).endsWith(line)).findFirst().orElseThrow(
                        () -> new AssertionError("resync discarded a line that is not a reply: " + line, notAReply));
                unread.remove(cutOff);
                stale.add(cutOff);
                continue;
            }
            if (reply.get("return") instanceof JsonInteger id) {
                assertThat(delivered).as("reply %s was already read by its own host", line).doesNotContain(id.value());
                assertThat(unread).as("reply %s answers no earlier host's unread request", line).contains(id.value());
                unread.remove(id.value());
                stale.add(id.value());
            } else {
                assertThat(reply.has("error")).as("discarded line %s", line).isTrue();
                assertThat(string((JsonObject) reply.get("error"), "class")).isEqualTo("GenericError");
            }
        }
        return stale;
    }

    static String syncReply(long id) {
        return "{\"return\": " + id + "}";
    }

    static String sync(long id) {
        return "{\"execute\":\"guest-sync\",\"arguments\":{\"id\":" + id + "}}";
    }

    static String command(String name, String arguments) {
        return "{\"execute\":\"" + name + "\",\"arguments\":" + arguments + "}";
    }

    static String fileOpen(String path, String mode) {
        return command("guest-file-open", "{\"path\":\"" + path + "\",\"mode\":\"" + mode + "\"}");
    }

    static String fileWrite(long handle, byte[] bytes) {
        return command("guest-file-write", "{\"handle\":" + handle + ",\"buf-b64\":\""
                + Base64.getEncoder().encodeToString(bytes) + "\"}");
    }

    static String fileRead(long handle, int count) {
        return command("guest-file-read", "{\"handle\":" + handle + ",\"count\":" + count + "}");
    }

    static byte[] bytesOf(JsonObject read) {
        byte[] bytes = Base64.getDecoder().decode(string(read, "buf-b64"));
        assertThat(bytes).hasSize((int) integer(read, "count"));
        return bytes;
    }

    /** A random sync id: positive and within 2^53, so no client's JSON number handling can blur it. */
    static long newId() {
        return ThreadLocalRandom.current().nextLong(1, 1L << 53);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
