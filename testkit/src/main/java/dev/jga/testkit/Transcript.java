// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.testkit;

import dev.jga.protocol.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wire conversation written the way it looks on the socket, one line per step:
 *
 * <pre>
 * > {"execute":"guest-file-open","arguments":{"path":"foo","mode":"w+"}}
 * < {"return": $int:h}
 * > {"execute":"guest-file-close","arguments":{"handle":${h}}}
 * < {"return": {}}
 * </pre>
 *
 * <ul>
 *   <li>{@code > TEXT}: send exactly TEXT's UTF-8 bytes plus {@code \n};
 *       {@code >> TEXT}: the same without the {@code \n} (to split a request across writes).
 *   <li>{@code < PATTERN}: read one reply line and match it as a {@link ReplyPattern} (member order
 *       ignored). A leading {@code \xff} requires the 0xFF prefix; without it the prefix is an error.
 *   <li>{@code <= TEXT}: read one reply line and require exactly these bytes (for tests about bytes).
 *   <li>{@code < (no reply)}: nothing may arrive for {@link WireClient#SILENCE}.
 *   <li>{@code ${name}} is replaced by a value captured earlier or bound with {@link #with}; in
 *       send and byte lines {@code \xHH} is the raw byte HH (for 0xFF and invalid UTF-8).
 *   <li>Blank lines and lines starting with {@code #} are comments.
 * </ul>
 */
public final class Transcript {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Pattern BYTE_ESCAPE = Pattern.compile("\\\\x([0-9a-fA-F]{2})");
    private static final String NO_REPLY = "(no reply)";

    private final List<String> lines;
    private final Map<String, String> bindings = new LinkedHashMap<>();

    private Transcript(List<String> lines) {
        this.lines = lines;
    }

    public static Transcript of(String text) {
        return new Transcript(text.lines().toList());
    }

    /** Binds {@code ${name}} before running (e.g. a path that depends on the agent's directory). */
    public Transcript with(String name, Object value) {
        bindings.put(name, String.valueOf(value));
        return this;
    }

    /** Runs the conversation on {@code client}; returns every captured and bound value. */
    public Map<String, String> run(WireClient client) {
        Map<String, String> values = new LinkedHashMap<>(bindings);
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            step(client, line, number, values);
        }
        return values;
    }

    private void step(WireClient client, String line, int number, Map<String, String> values) {
        if (line.startsWith(">> ")) {
            client.send(bytes(substitute(line.substring(3), values, number)));
        } else if (line.startsWith("> ")) {
            client.send(bytes(substitute(line.substring(2), values, number) + "\n"));
        } else if (line.equals("< " + NO_REPLY)) {
            client.expectSilence(WireClient.SILENCE);
        } else if (line.startsWith("<= ")) {
            byte[] expected = bytes(substitute(line.substring(3), values, number));
            byte[] actual = client.readLine();
            if (!Arrays.equals(expected, actual)) {
                throw mismatch(client, number, line, "bytes differ", actual);
            }
        } else if (line.startsWith("< ")) {
            expectReply(client, substitute(line.substring(2), values, number), number, line, values);
        } else {
            throw new IllegalArgumentException("transcript line " + number + " starts with neither > nor <: " + line);
        }
    }

    private void expectReply(WireClient client, String pattern, int number, String line, Map<String, String> values) {
        boolean delimited = pattern.startsWith("\\xff");
        byte[] actual = client.readLine();
        boolean prefixed = actual.length > 0 && (actual[0] & 0xFF) == WireClient.SENTINEL;
        if (delimited != prefixed) {
            throw mismatch(client, number, line, delimited ? "missing 0xFF prefix" : "unexpected 0xFF prefix", actual);
        }
        byte[] json = prefixed ? Arrays.copyOfRange(actual, 1, actual.length) : actual;
        Json reply = client.parse(json);
        Optional<String> diff = ReplyPattern.of(delimited ? pattern.substring(4) : pattern).match(reply, values);
        if (diff.isPresent()) {
            throw mismatch(client, number, line, diff.get(), actual);
        }
    }

    private static AssertionError mismatch(WireClient client, int number, String line, String why, byte[] actual) {
        return client.failure("transcript line " + number + ": " + why + "\n  expected: " + line
                + "\n  actual:   " + WireClient.show(actual));
    }

    private static String substitute(String text, Map<String, String> values, int number) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("transcript line " + number + ": ${" + m.group(1) + "} is unbound");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** UTF-8 bytes of {@code text} with each {@code \xHH} turned into the raw byte HH. */
    static byte[] bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Matcher m = BYTE_ESCAPE.matcher(text);
        int at = 0;
        while (m.find()) {
            out.writeBytes(text.substring(at, m.start()).getBytes(StandardCharsets.UTF_8));
            out.write(Integer.parseInt(m.group(1), 16));
            at = m.end();
        }
        out.writeBytes(text.substring(at).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The lines of this transcript, for messages. */
    public List<String> lines() {
        return new ArrayList<>(lines);
    }
}
