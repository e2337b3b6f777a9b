package org.unveil.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.unveil.keyholder.config.ConfigLoader;
import org.unveil.keyholder.config.DaemonConfig;
import org.unveil.keyholder.daemon.Daemon;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code unveil keyholder run --config FILE}: the keyholder bot as a daemon. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the keyholder bot: serve the hiring endpoints, hold shares, publish them on time, claim (keyholder operator).", "",
            "Reads FILE (TOML; start from --print-example-config), then UNVEIL_KEYHOLDER_<SECTION>_<KEY> variables. The account key comes only "
                + "from the keystore and password files the configuration names. The account must be registered in the factory's keyholder "
                + "registry (`unveil chain register`) with http.public_url as its endpoint.", "",
            "Logs are JSON lines on stderr. The first Ctrl-C or SIGTERM finishes the step in progress and stops; a second aborts at once "
                + "(nothing is lost either way: every step is journaled in the state file before it is taken)."})
final class KeyholderRunCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "The daemon's configuration file (TOML).")
    Path config;

    @Option(names = "--print-example-config", description = "Print a configuration file with every key, its default and what it means, and exit.")
    boolean printExample;

    @Override
    public Integer call() throws Exception {
        if (printExample) {
            spec.commandLine().getOut().print(ConfigLoader.example());
            spec.commandLine().getOut().flush();
            return 0;
        }
        if (config == null) throw new IllegalArgumentException("give --config FILE (start one with `unveil keyholder run --print-example-config > keyholder.toml`)");
        // A client that sends its headers slowly is cut after 20 s; larger headers than 16 KiB are refused (spec §8).
        System.setProperty("sun.net.httpserver.maxReqTime", "20");
        System.setProperty("sun.net.httpserver.maxReqHeaderSize", "16384");
        DaemonConfig c;
        try {
            c = ConfigLoader.load(config, System.getenv());
        } catch (org.unveil.keyholder.config.ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Daemon.useJsonLogs();
        Daemon daemon;
        try {
            daemon = Daemon.start(c);
        } catch (org.unveil.keyholder.config.ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        spec.commandLine().getErr().println("unveil: keyholder bot serving at " + daemon.uri() + " (state " + c.stateFile() + "); Ctrl-C to stop");
        spec.commandLine().getErr().flush();
        AtomicInteger signals = new AtomicInteger();
        sun.misc.SignalHandler handler = sig -> {
            if (signals.incrementAndGet() == 1) {
                System.err.println("unveil: stopping after the step in progress (" + sig.getName() + " again aborts)");
                daemon.stop();
            } else {
                System.err.println("unveil: aborting");
                Runtime.getRuntime().halt(130);
            }
        };
        sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
        while (!daemon.awaitStop(Duration.ofSeconds(1))) {
            // the loop runs until a signal stops it
        }
        daemon.close();
        spec.commandLine().getErr().println("unveil: keyholder bot stopped");
        return 0;
    }
}
