// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.protocol.json;

/** A number with a fraction or exponent, or an integer too large for 64 bits (QNum DOUBLE). */
public record JsonDouble(double value) implements JsonNumber {}
