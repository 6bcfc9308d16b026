// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.transport;

import java.io.IOException;

/**
 * A vsock-listen path, {@code <cid>:<port>}, parsed as qemu-ga parses "vsock:" + path
 * (util/qemu-sockets.c vsock_parse, then vsock_parse_vaddr_to_sockaddr), with its error texts.
 * The CID and port are unsigned 32-bit values held in ints (4294967295 is VMADDR_CID_ANY, -1).
 */
record VsockAddress(int cid, int port) {

    /** sscanf's %32[^:] and %32[^,]: each field is at most this many characters. */
    static final int FIELD_MAX = 32;

    static VsockAddress parse(String path) throws IOException {
        int colon = path.indexOf(':');
        if (colon <= 0 || colon > FIELD_MAX || colon == path.length() - 1 || path.charAt(colon + 1) == ',') {
            throw new IOException("error parsing address '" + path + "'");
        }
        String cid = path.substring(0, colon);
        String rest = path.substring(colon + 1);
        int portEnd = Math.min(FIELD_MAX, rest.indexOf(',') < 0 ? rest.length() : rest.indexOf(','));
        if (portEnd != rest.length()) {
            throw new IOException("trailing characters in address '" + path + "'");
        }
        return new VsockAddress(unsigned32(cid, "cid"), unsigned32(rest, "port"));
    }

    /** parse_uint_full(s, 10) and at most UINT32_MAX: leading blanks and a '+' pass, a '-' does not. */
    private static int unsigned32(String text, String what) throws IOException {
        int i = 0;
        while (i < text.length() && " \t\n\u000b\f\r".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '+') {
            i++;
        }
        String digits = text.substring(i);
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || new java.math.BigInteger(digits).bitLength() > 32) {
            throw new IOException("Failed to parse " + what + " '" + text + "'");
        }
        return (int) Long.parseLong(digits);
    }

    @Override
    public String toString() {
        return Integer.toUnsignedString(cid) + ":" + Integer.toUnsignedString(port);
    }
}
