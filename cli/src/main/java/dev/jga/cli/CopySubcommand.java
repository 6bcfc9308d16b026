// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import dev.jga.client.AgentClient;
import dev.jga.client.AgentException;
import dev.jga.client.file.FileTransfer;
import dev.jga.client.file.TransferProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code jga cp LOCAL guest:PATH} and {@code jga cp guest:PATH LOCAL}. Downloads go to a
 * temporary file next to the destination and are renamed into place only when complete, so an
 * interrupted copy never leaves a truncated file under the real name.
 */
final class CopySubcommand implements Subcommand {

    /** The prefix that marks the guest's side. */
    static final String GUEST_PREFIX = "guest:";

    private static final Arguments.Spec SPEC = new Arguments.Spec("cp", Set.of(), Set.of("quiet", "progress"),
            Map.of('q', "quiet"), false).withTargetOptions();

    @Override
    public String name() {
        return "cp";
    }

    @Override
    public String summary() {
        return "copy a file to or from the guest";
    }

    @Override
    public Arguments.Spec spec() {
        return SPEC;
    }

    @Override
    public int execute(Arguments args, Console console) {
        List<String> paths = args.positionals();
        if (paths.size() != 2) {
            throw new UsageException(name(), "give a source and a destination, one of them guest:PATH");
        }
        boolean download = paths.get(0).startsWith(GUEST_PREFIX);
        boolean upload = paths.get(1).startsWith(GUEST_PREFIX);
        if (download == upload) {
            throw new UsageException(name(), download ? "both paths are in the guest; one must be local"
                    : "neither path is in the guest; write it as guest:/path");
        }
        String guestPath = (download ? paths.get(0) : paths.get(1)).substring(GUEST_PREFIX.length());
        if (guestPath.isEmpty()) {
            throw new UsageException(name(), "guest: needs a path, e.g. guest:/tmp/file");
        }
        String local = download ? paths.get(1) : paths.get(0);
        boolean showProgress = !args.has("quiet") && (args.has("progress") || console.stderrIsTerminal());
        ProgressBar bar = showProgress ? new ProgressBar(console.diagnostics(), download ? guestPath : local) : null;
        TransferProgress progress = bar == null ? TransferProgress.NONE : bar;
        try (AgentClient client = TargetOptions.connect(args, console, name())) {
            FileTransfer files = client.files();
            if (download) {
                download(files, guestPath, local, console, progress);
            } else {
                upload(files, local, guestPath, console, progress);
            }
            return ExitStatus.OK;
        } catch (AgentException e) {
            finish(bar);
            console.diagnostics().println("jga cp: " + e.desc() + " (" + e.command() + ")");
            return ExitStatus.REFUSED;
        } catch (UncheckedIOException e) {
            finish(bar);
            console.diagnostics().println("jga cp: " + e.getMessage() + ": " + e.getCause().getMessage());
            return ExitStatus.REFUSED;
        } finally {
            finish(bar);
        }
    }

    private static void finish(ProgressBar bar) {
        if (bar != null) {
            bar.finish();
        }
    }

    private static void upload(FileTransfer files, String local, String guestPath, Console console,
            TransferProgress progress) {
        if (local.equals("-")) {
            files.upload(console.in(), -1, guestPath, progress);
            return;
        }
        Path source = Path.of(local);
        if (Files.isDirectory(source)) {
            throw new UncheckedIOException(local + " is a directory", new IOException("jga cp copies single files"));
        }
        String target = guestPath.endsWith("/") ? guestPath + source.getFileName() : guestPath;
        try (InputStream in = Files.newInputStream(source)) {
            long size = Files.size(source);
            try {
                files.upload(in, size, target, progress);
            } catch (AgentException e) {
                if (!e.desc().endsWith("Is a directory") || target.endsWith("/")) {
                    throw e;
                }
                // Like cp: a directory as destination means "into it".
                try (InputStream again = Files.newInputStream(source)) {
                    files.upload(again, size, target + "/" + source.getFileName(), progress);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + local, e);
        }
    }

    private static void download(FileTransfer files, String guestPath, String local, Console console,
            TransferProgress progress) {
        if (local.equals("-")) {
            files.download(guestPath, console.out(), progress);
            return;
        }
        Path destination = Path.of(local);
        if (Files.isDirectory(destination)) {
            destination = destination.resolve(baseName(guestPath));
        }
        Path parent = destination.toAbsolutePath().getParent();
        Path partial;
        try {
            partial = Files.createTempFile(parent, "." + destination.getFileName(), ".jga-part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a file in " + parent, e);
        }
        boolean moved = false;
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                files.download(guestPath, out, progress);
            }
            Files.move(partial, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + destination, e);
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // best effort: the temporary name says what it is
                }
            }
        }
    }

    private static String baseName(String guestPath) {
        String trimmed = guestPath.endsWith("/") ? guestPath.substring(0, guestPath.length() - 1) : guestPath;
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }
}
