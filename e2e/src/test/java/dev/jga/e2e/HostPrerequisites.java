// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether this host can boot the test guest: Linux on x86_64 with QEMU and the initramfs tools
 * (boot-guest.sh --check lists what is missing). A developer without them gets the VM tests skipped
 * with that list; CI ({@code CI=true}) must have them, so there a missing prerequisite fails.
 */
final class HostPrerequisites {

    /** The Debian packages the VM tests need on the host (README of e2e/vm). */
    static final String PACKAGES = "qemu-system-x86 cpio bc lz4 binutils e2fsprogs";

    private HostPrerequisites() {}

    /** Empty when everything is there; otherwise what is missing and how to get it. */
    static Optional<String> missing(ProjectLayout layout) {
        if (!System.getProperty("os.name").equals("Linux") || !System.getProperty("os.arch").equals("amd64")) {
            return Optional.of("the VM tests need an x86_64 Linux host (this is " + System.getProperty("os.name")
                    + "/" + System.getProperty("os.arch") + ")");
        }
        try {
            Process check = new ProcessBuilder("bash", layout.bootScript().toString(), "--check")
                    .redirectErrorStream(true).start();
            String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()
                    .replaceAll("(?m)^\\[boot-guest[^]]*] ", "");
            if (!check.waitFor(60, TimeUnit.SECONDS)) {
                check.destroyForcibly();
                return Optional.of("boot-guest.sh --check did not finish within 60 s");
            }
            return check.exitValue() == 0 ? Optional.empty()
                    : Optional.of(out + "\n(the VM tests need: apt-get install --no-install-recommends " + PACKAGES
                            + ")");
        } catch (IOException e) {
            return Optional.of("cannot run " + layout.bootScript() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while checking the host");
        }
    }

    /** CI=true (GitHub Actions, GitLab, .ci/run): prerequisites are required, not optional. */
    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
