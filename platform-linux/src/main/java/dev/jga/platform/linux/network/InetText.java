// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.network;

/**
 * Addresses as text, exactly as glibc's inet_ntop(3) writes them (resolv/inet_ntop.c), which is
 * what qemu-ga reports: the longest run of two or more zero groups (the first of equal runs)
 * becomes "::", groups are lower-case hex without leading zeros, and an IPv4-compatible or
 * IPv4-mapped address ends in dotted decimal. The JDK writes IPv6 addresses uncompressed.
 */
final class InetText {

    private InetText() {}

    static String ipv4(byte[] address) {
        return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff);
    }

    static String ipv6(byte[] address) {
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = (address[2 * i] & 0xff) << 8 | (address[2 * i + 1] & 0xff);
        }
        int bestBase = -1;
        int bestLength = 0;
        int base = -1;
        for (int i = 0; i <= 8; i++) {
            if (i < 8 && words[i] == 0) {
                base = base < 0 ? i : base;
            } else if (base >= 0) {
                if (bestBase < 0 || i - base > bestLength) {
                    bestBase = base;
                    bestLength = i - base;
                }
                base = -1;
            }
        }
        if (bestLength < 2) {
            bestBase = -1;
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLength) {
                if (i == bestBase) {
                    text.append(':');
                }
                continue;
            }
            if (i != 0) {
                text.append(':');
            }
            if (i == 6 && bestBase == 0 && (bestLength == 6 || bestLength == 5 && words[5] == 0xffff)) {
                text.append(ipv4(new byte[] {address[12], address[13], address[14], address[15]}));
                return text.toString();
            }
            text.append(Integer.toHexString(words[i]));
        }
        if (bestBase >= 0 && bestBase + bestLength == 8) {
            text.append(':');
        }
        return text.toString();
    }
}
