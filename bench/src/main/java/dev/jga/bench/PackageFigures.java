// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Debian packages side by side: the jga-agent .deb (unpacked for its launcher) and Debian's
 * qemu-guest-agent, by download size and dpkg's Installed-Size. qemu-guest-agent's figures come
 * from apt's package index ({@code apt-cache show}), so it need not be installed.
 */
final class PackageFigures {

    private PackageFigures() {}

    /** Unpacks {@code deb} into {@code dir} with {@code dpkg-deb -x} (mtimes kept: the AOT cache checks them). */
    static Path unpack(Path deb, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        run("dpkg-deb", "-x", deb.toString(), dir.toString());
        return dir;
    }

    static List<SideBySide.Row> rows(List<String> contenders, Path deb) throws IOException, InterruptedException {
        double[] download = nan(contenders.size());
        double[] installed = nan(contenders.size());
        int jga = contenders.indexOf("jga package");
        int qemu = contenders.indexOf("qemu-ga");
        download[jga] = Files.size(deb) / 1e6;
        installed[jga] = Long.parseLong(run("dpkg-deb", "-f", deb.toString(), "Installed-Size").strip()) / 1024.0;
        String show = run("apt-cache", "show", "qemu-guest-agent");
        download[qemu] = field(show, "Size") / 1e6;
        installed[qemu] = field(show, "Installed-Size") / 1024.0;
        return List.of(
                new SideBySide.Row("package download (.deb)", "MB", false, download),
                new SideBySide.Row("installed size (dpkg Installed-Size; qemu-ga without its libraries)", "MiB", false,
                        installed));
    }

    private static long field(String control, String name) throws IOException {
        for (String line : control.split("\n")) {
            if (line.startsWith(name + ": ")) {
                return Long.parseLong(line.substring(name.length() + 2).strip());
            }
        }
        throw new IOException("no " + name + " in apt-cache show qemu-guest-agent");
    }

    private static double[] nan(int n) {
        double[] values = new double[n];
        Arrays.fill(values, Double.NaN);
        return values;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
