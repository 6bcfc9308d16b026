// SPDX-License-Identifier: GPL-2.0-or-later
package dev.jga.agent;

import dev.jga.agent.config.AgentConfig;
import dev.jga.agent.log.Log;
import dev.jga.agent.platform.Platform;
import dev.jga.agent.platform.PlatformProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** {@code jga-agent}: qemu-ga's command line, then serve until SIGTERM/SIGINT (exit 0). */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        // Provisional option parsing (-m -p -t -v); the full qemu-ga command line replaces it.
        String method = AgentConfig.DEFAULT_METHOD;
        Optional<String> path = Optional.empty();
        Path statedir = AgentConfig.DEFAULT_STATEDIR;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-m" -> method = args[++i];
                case "-p" -> path = Optional.of(args[++i]);
                case "-t" -> statedir = Path.of(args[++i]);
                case "-v" -> verbose = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        AgentConfig config = new AgentConfig(false, method, path, Optional.empty(), AgentConfig.DEFAULT_PIDFILE,
                Optional.empty(), statedir, verbose, false, List.of(), Optional.empty());
        Log log = new Log(System.err, verbose);
        Platform platform = PlatformProvider.load().orElseThrow(() -> new IllegalStateException("no platform"));
        Agent agent = Agent.create(config, platform, log);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            Runtime.getRuntime().halt(0);
        }));
        agent.open();
        agent.serve();
    }
}
