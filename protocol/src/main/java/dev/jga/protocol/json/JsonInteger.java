// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

/** An integer that fits a signed 64-bit value (QNum I64). */
public record JsonInteger(long value) implements JsonNumber {}
