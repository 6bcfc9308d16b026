// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Map;

/**
 * The process's outside world as the CLI sees it: raw standard streams (bytes pass unchanged:
 * a program's binary output stays binary), the environment, and which streams are terminals.
 * Tests build one over byte arrays.
 */
record Console(InputStream in, OutputStream out, OutputStream err, Map<String, String> environment,
        boolean stdinIsTerminal, boolean stderrIsTerminal) {

    static Console system() {
        return new Console(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(FileDescriptor.err), System.getenv(),
                Terminal.isTerminal(0), Terminal.isTerminal(2));
    }

    /** Text to stdout, in the terminal's charset. */
    PrintStream text() {
        return new PrintStream(out, true, charset());
    }

    /** Text to stderr, in the terminal's charset. */
    PrintStream diagnostics() {
        return new PrintStream(err, true, charset());
    }

    private static Charset charset() {
        String encoding = System.getProperty("stdout.encoding");
        return encoding == null ? Charset.defaultCharset() : Charset.forName(encoding);
    }
}
