// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * qemu-ga's configuration file: {@code [general]} of a GLib keyfile, read into a
 * {@link AgentConfig.Builder} key by key in qemu-ga's order (qga/main.c config_load), so that the
 * first bad value reported is the one qemu-ga reports.
 */
public final class ConfigFile {

    /** The file read when neither -c nor QGA_CONF names one (QGA_CONF_DEFAULT). */
    public static final Path DEFAULT_PATH = Path.of("/etc/qemu/qemu-ga.conf");
    /** The environment variable that replaces {@link #DEFAULT_PATH}. */
    public static final String ENVIRONMENT_VARIABLE = "QGA_CONF";
    /**
     * The largest configuration file read (1 MiB; a real one is a few hundred bytes). GLib has no
     * limit; this one keeps a mistaken path such as a disk image from filling the heap.
     */
    public static final int MAX_BYTES = 1 << 20;
    /** The only group qemu-ga reads. */
    public static final String GROUP = "general";

    private ConfigFile() {}

    /**
     * Reads {@code path} into {@code config}. A missing file is fine unless {@code required}
     * (an explicit -c); any other problem is fatal, with qemu-ga's text:
     * "error loading configuration from path: PATH, REASON".
     */
    public static void load(Path path, boolean required, AgentConfig.Builder config) throws ConfigException {
        byte[] data;
        try {
            data = read(path);
        } catch (NoSuchFileException e) {
            if (required) {
                throw failure(path, "No such file or directory");
            }
            return;
        } catch (IOException e) {
            throw failure(path, Strerror.of(e));
        }
        try {
            apply(KeyFile.parse(data), config);
        } catch (KeyFileException e) {
            throw failure(path, e.getMessage());
        }
    }

    /** Applies {@code [general]} of an already-parsed keyfile; also reads the daemon handoff. */
    public static void apply(KeyFile file, AgentConfig.Builder config) throws KeyFileException {
        String g = GROUP;
        if (file.has(g, "daemon")) {
            config.daemonize(file.bool(g, "daemon").orElseThrow());
        }
        file.string(g, "method").ifPresent(config::method);
        file.string(g, "path").ifPresent(config::path);
        file.string(g, "logfile").ifPresent(config::logfile);
        file.string(g, "pidfile").ifPresent(config::pidfile);
        file.string(g, "fsfreeze-hook").ifPresent(config::fsfreezeHook);
        file.string(g, "statedir").ifPresent(config::statedir);
        if (file.bool(g, "verbose").orElse(false)) {
            config.verbose();
        }
        file.bool(g, "retry-path").ifPresent(config::retryPath);
        Optional<String> grace = file.string(g, "exec-output-grace");
        if (grace.isPresent()) {
            config.execOutputGrace(AgentConfig.parseSeconds(grace.get()).orElseThrow(() -> new KeyFileException(
                    "exec-output-grace takes a number of seconds from 0 to 86400, not '" + grace.get() + "'")));
        }
        Optional<String> retention = file.string(g, "exec-retention");
        if (retention.isPresent()) {
            config.execRetention(AgentConfig.parseSeconds(retention.get()).orElseThrow(() -> new KeyFileException(
                    "exec-retention takes a number of seconds from 0 to 86400, not '" + retention.get() + "'")));
        }
        Optional<String> allow = file.string(g, "exec-allow");
        if (allow.isPresent()) {
            try {
                config.execAllow(allow.get());
            } catch (ConfigException e) {
                throw new KeyFileException(e.getMessage());
            }
        }
        // One string split on commas, not a GKeyFile ';' list: "a;b" is one (bogus) name.
        file.string(g, "block-rpcs").ifPresent(config::blockRpcs);
        file.string(g, "allow-rpcs").ifPresent(config::allowRpcs);
        if (file.has(g, "blacklist")) {
            config.warn("ignoring the configuration key 'blacklist' (removed in qemu 9.1): use 'block-rpcs'");
        }
    }

    private static byte[] read(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            // g_key_file_load_from_fd opens first, then refuses what is not a regular file.
            if (!Files.isRegularFile(path)) {
                throw new IOException("Not a regular file");
            }
            try (InputStream in = Channels.newInputStream(channel)) {
                byte[] data = in.readNBytes(MAX_BYTES + 1);
                if (data.length > MAX_BYTES) {
                    throw new IOException("File too large (more than " + MAX_BYTES + " bytes)");
                }
                return data;
            }
        }
    }

    private static ConfigException failure(Path path, String reason) {
        return new ConfigException("error loading configuration from path: " + path + ", " + reason);
    }
}
