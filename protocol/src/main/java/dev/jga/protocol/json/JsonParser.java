// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** PROVISIONAL recursive-descent parser, replaced by the qemu-exact one (branch json). */
public final class JsonParser {
    private final String s;
    private int i;

    private JsonParser(String s) {
        this.s = s;
    }

    public static Json parse(byte[] utf8) {
        return parse(new String(utf8, StandardCharsets.UTF_8));
    }

    public static Json parse(String text) {
        JsonParser p = new JsonParser(text);
        p.ws();
        Json v = p.value();
        p.ws();
        if (p.i != text.length()) {
            throw new JsonParseException("JSON parse error, expecting value");
        }
        return v;
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private Json value() {
        ws();
        if (i >= s.length()) {
            throw new JsonParseException("JSON parse error, expecting value");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{' -> {
                i++;
                Map<String, Json> m = new LinkedHashMap<>();
                ws();
                if (s.charAt(i) == '}') {
                    i++;
                    return new JsonObject(m);
                }
                while (true) {
                    ws();
                    Json k = value();
                    if (!(k instanceof JsonString ks)) {
                        throw new JsonParseException("JSON parse error, key is not a string in object");
                    }
                    ws();
                    if (s.charAt(i++) != ':') {
                        throw new JsonParseException("JSON parse error, missing : in object pair");
                    }
                    if (m.put(ks.value(), value()) != null) {
                        throw new JsonParseException("JSON parse error, duplicate key");
                    }
                    ws();
                    char d = s.charAt(i++);
                    if (d == '}') {
                        return new JsonObject(m);
                    }
                    if (d != ',') {
                        throw new JsonParseException("JSON parse error, expected separator in dict");
                    }
                }
            }
            case '[' -> {
                i++;
                List<Json> l = new ArrayList<>();
                ws();
                if (s.charAt(i) == ']') {
                    i++;
                    return new JsonArray(l);
                }
                while (true) {
                    l.add(value());
                    ws();
                    char d = s.charAt(i++);
                    if (d == ']') {
                        return new JsonArray(l);
                    }
                    if (d != ',') {
                        throw new JsonParseException("JSON parse error, expected separator in list");
                    }
                }
            }
            case '"', '\'' -> {
                return string(c);
            }
            default -> {
                return scalar();
            }
        }
    }

    private Json string(char q) {
        i++;
        StringBuilder b = new StringBuilder();
        while (true) {
            char c = s.charAt(i++);
            if (c == q) {
                return new JsonString(b.toString());
            }
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    case 'b' -> b.append('\b');
                    case 'f' -> b.append('\f');
                    case 'u' -> {
                        b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> b.append(e);
                }
            } else {
                b.append(c);
            }
        }
    }

    private Json scalar() {
        int start = i;
        while (i < s.length() && "{}[],: \t\r\n".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        String t = s.substring(start, i);
        switch (t) {
            case "true" -> {
                return JsonBool.TRUE;
            }
            case "false" -> {
                return JsonBool.FALSE;
            }
            case "null" -> {
                return JsonNull.INSTANCE;
            }
            default -> { }
        }
        try {
            if (t.matches("-?\\d+")) {
                BigInteger n = new BigInteger(t);
                if (n.bitLength() < 64) {
                    return new JsonInteger(n.longValue());
                }
                if (n.signum() > 0 && n.bitLength() == 64) {
                    return new JsonUnsigned(n.longValue());
                }
            }
            return new JsonDouble(Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw new JsonParseException("JSON parse error, invalid keyword '" + t + "'");
        }
    }
}
