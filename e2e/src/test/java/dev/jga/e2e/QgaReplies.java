// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import dev.jga.protocol.json.Json;
import dev.jga.protocol.json.JsonBool;
import dev.jga.protocol.json.JsonInteger;
import dev.jga.protocol.json.JsonObject;
import dev.jga.protocol.json.JsonString;
import dev.jga.protocol.json.JsonWriter;

/** Typed access to QGA replies for the tests, failing with the whole reply when it is not what was asked. */
final class QgaReplies {

    private QgaReplies() {}

    /** The {@code return} member of a success reply. */
    static Json returned(JsonObject reply) {
        Json value = reply.get("return");
        if (value == null) {
            throw new AssertionError("expected a success reply, got " + JsonWriter.toString(reply));
        }
        return value;
    }

    static JsonObject returnedObject(JsonObject reply) {
        if (returned(reply) instanceof JsonObject object) {
            return object;
        }
        throw new AssertionError("expected an object return, got " + JsonWriter.toString(reply));
    }

    static long returnedInteger(JsonObject reply) {
        if (returned(reply) instanceof JsonInteger integer) {
            return integer.value();
        }
        throw new AssertionError("expected an integer return, got " + JsonWriter.toString(reply));
    }

    static long integer(JsonObject object, String member) {
        if (object.get(member) instanceof JsonInteger integer) {
            return integer.value();
        }
        throw new AssertionError("expected integer '" + member + "' in " + JsonWriter.toString(object));
    }

    static boolean bool(JsonObject object, String member) {
        if (object.get(member) instanceof JsonBool bool) {
            return bool.value();
        }
        throw new AssertionError("expected boolean '" + member + "' in " + JsonWriter.toString(object));
    }

    static String string(JsonObject object, String member) {
        if (object.get(member) instanceof JsonString string) {
            return string.value();
        }
        throw new AssertionError("expected string '" + member + "' in " + JsonWriter.toString(object));
    }
}
