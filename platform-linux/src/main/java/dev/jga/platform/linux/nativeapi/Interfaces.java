// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.platform.linux.nativeapi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.jga.agent.platform.SystemError;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The network interface calls qemu-ga makes: getifaddrs(3), whose list order (every link first,
 * then IPv4, then IPv6 addresses, as the kernel's netlink dumps give them) is the order of
 * guest-network-get-interfaces, and the SIOCGIFHWADDR ioctl (netdevice(7)) for MAC addresses.
 * Layouts on x86-64 and aarch64 glibc: {@code struct ifaddrs} has ifa_next 0, ifa_name 8,
 * ifa_flags 16, ifa_addr 24, ifa_netmask 32; {@code struct ifreq} is 40 bytes, the name in the
 * first 16, then {@code ifr_hwaddr}, whose sa_data (the MAC) starts at 18.
 */
public final class Interfaces {

    /** One entry of getifaddrs' list; {@code address} and {@code netmask} are null when absent. */
    public record Entry(String name, int family, byte[] address, byte[] netmask) {}

    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    /** ETHER_ADDR_LEN: qemu-ga copies this many bytes of the hardware address. */
    public static final int MAC_LENGTH = 6;

    private static final long IFA_NEXT = 0;
    private static final long IFA_NAME = 8;
    private static final long IFA_ADDR = 24;
    private static final long IFA_NETMASK = 32;
    private static final long IFREQ_SIZE = 40;
    private static final long IFNAMSIZ = 16;
    private static final long IFR_HWADDR_DATA = 18;
    private static final int SIOCGIFHWADDR = 0x8927;
    private static final int PF_INET = 2;
    private static final int SOCK_STREAM = 1;
    /** Bounds the walk of a list whose links come from C: no real system has this many entries. */
    private static final int MAX_ENTRIES = 1 << 16;

    private static final class GetIfAddrs {
        static final MethodHandle GET = Downcalls.bind("getifaddrs",
                FunctionDescriptor.of(JAVA_INT, ADDRESS), Downcalls.CAPTURE_ERRNO);
        static final MethodHandle FREE = Downcalls.bind("freeifaddrs", FunctionDescriptor.ofVoid(ADDRESS));
    }

    private Interfaces() {}

    /** getifaddrs(3), copied into Java and freed. */
    public static List<Entry> addresses() throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            MemorySegment head = arena.allocate(ADDRESS);
            if ((int) GetIfAddrs.GET.invokeExact(state, head) < 0) {
                throw Downcalls.error(state, "getifaddrs");
            }
            MemorySegment list = head.get(ADDRESS, 0);
            try {
                return copy(list);
            } finally {
                GetIfAddrs.FREE.invokeExact(list);
            }
        } catch (SystemError e) {
            throw e;
        } catch (Throwable t) {
            throw Downcalls.unexpected(t);
        }
    }

    private static List<Entry> copy(MemorySegment list) {
        List<Entry> entries = new ArrayList<>();
        for (MemorySegment at = list; !at.equals(MemorySegment.NULL) && entries.size() < MAX_ENTRIES;) {
            MemorySegment ifa = Downcalls.at(at, IFA_NETMASK + ADDRESS.byteSize());
            String name = Downcalls.at(ifa.get(ADDRESS, IFA_NAME), IFNAMSIZ * 64).getString(0);
            MemorySegment addr = ifa.get(ADDRESS, IFA_ADDR);
            int family = addr.equals(MemorySegment.NULL) ? 0 : Downcalls.at(addr, 2).get(JAVA_SHORT, 0) & 0xffff;
            entries.add(new Entry(name, family, ip(addr, family), ip(ifa.get(ADDRESS, IFA_NETMASK), family)));
            at = ifa.get(ADDRESS, IFA_NEXT);
        }
        return entries;
    }

    /** The address bytes of a sockaddr_in (sin_addr at 4) or sockaddr_in6 (sin6_addr at 8). */
    private static byte[] ip(MemorySegment sockaddr, int family) {
        if (sockaddr.equals(MemorySegment.NULL) || (family != AF_INET && family != AF_INET6)) {
            return null;
        }
        long offset = family == AF_INET ? 4 : 8;
        int length = family == AF_INET ? 4 : 16;
        return Downcalls.at(sockaddr, offset + length).asSlice(offset, length).toArray(JAVA_BYTE);
    }

    /**
     * The first {@link #MAC_LENGTH} bytes of {@code name}'s hardware address, empty when the
     * ioctl fails (no such device any more; qemu-ga then leaves the member out), as
     * guest_get_hw_addr does: one socket per question. Throws only when no socket can be made.
     */
    public static Optional<byte[]> hardwareAddress(String name) throws SystemError {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Downcalls.callState(arena);
            int sock = (int) Syscall.call(state, Syscall.SOCKET, PF_INET, SOCK_STREAM, 0);
            if (sock < 0) {
                throw Downcalls.error(state, "socket");
            }
            try {
                MemorySegment ifreq = arena.allocate(IFREQ_SIZE, 8);
                byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
                MemorySegment.copy(bytes, 0, ifreq, JAVA_BYTE, 0, (int) Math.min(bytes.length, IFNAMSIZ - 1));
                int result = (int) Syscall.call(state, Syscall.IOCTL, sock, SIOCGIFHWADDR, ifreq.address());
                return result < 0 ? Optional.empty()
                        : Optional.of(ifreq.asSlice(IFR_HWADDR_DATA, MAC_LENGTH).toArray(JAVA_BYTE));
            } finally {
                LibC.close(sock);
            }
        }
    }
}
