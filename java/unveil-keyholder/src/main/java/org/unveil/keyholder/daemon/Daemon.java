package org.unveil.keyholder.daemon;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.unveil.eth.Chain;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.keyholder.chain.LogWatcher;
import org.unveil.keyholder.chain.WatchSettings;
import org.unveil.keyholder.config.ConfigException;
import org.unveil.keyholder.config.DaemonConfig;
import org.unveil.keyholder.engine.Checkpoint;
import org.unveil.keyholder.engine.Engine;
import org.unveil.keyholder.engine.Finality;
import org.unveil.keyholder.engine.RunnerOptions;
import org.unveil.keyholder.hiring.ArchiveIntake;
import org.unveil.keyholder.hiring.DeskConfig;
import org.unveil.keyholder.hiring.SolicitationDesk;
import org.unveil.keyholder.http.KeyholderServer;
import org.unveil.keyholder.store.KeyholderStore;
import org.unveil.release.SecretFiles;
import org.web3j.crypto.Credentials;

/**
 * The keyholder bot (issue #12): one process serving one keyholder account on one chain and
 * factory. It opens its state file, unlocks the wallet from its keystore, checks the chain
 * ({@link StartupCheck}), serves the hiring endpoints and its gateway, and runs the loop that
 * watches the chain and acts ({@link DaemonLoop}). {@link #stop} lets the pass in progress finish;
 * everything it must not forget is in the state file, so a kill is safe too.
 */
public final class Daemon implements AutoCloseable {
    public static final String VERSION = "unveil-keyholder/0.1.0";
    private static final System.Logger LOG = System.getLogger("unveil.keyholder.daemon");
    private final DaemonConfig config;
    private final Chain chain;
    private final KeyholderStore store;
    private final FsBlockStore blocks;
    private final KeyholderServer server;
    private final DaemonLoop loop;
    private final List<String> warnings;
    private final Thread worker;

    private Daemon(DaemonConfig config, Chain chain, KeyholderStore store, FsBlockStore blocks, KeyholderServer server, DaemonLoop loop, List<String> warnings) {
        this.config = config;
        this.chain = chain;
        this.store = store;
        this.blocks = blocks;
        this.server = server;
        this.loop = loop;
        this.warnings = warnings;
        this.worker = Thread.ofPlatform().name("unveil-keyholder-loop").unstarted(loop);
    }

    /** Opens everything, checks the chain, and starts serving and watching. */
    public static Daemon start(DaemonConfig config) throws ConfigException, IOException {
        return start(config, Clock.systemUTC(), Checkpoint.NONE);
    }

    /** As {@link #start(DaemonConfig)}, with the clock and the crash checkpoints the tests choose. */
    public static Daemon start(DaemonConfig config, Clock clock, Checkpoint checkpoint) throws ConfigException, IOException {
        Credentials wallet;
        try {
            wallet = SecretFiles.credentials(config.wallet().keystore(), config.wallet().passwordFile());
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot open the wallet ([wallet] keystore " + config.wallet().keystore() + ", password_file "
                    + config.wallet().passwordFile() + "): " + e.getMessage(), e);
        }
        String keyholder = wallet.getAddress().toLowerCase(Locale.ROOT);
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            Chain chain = Chain.connect(config.chain().rpc().toString());
            opened.add(chain);
            List<String> warnings = StartupCheck.run(chain, config, keyholder, clock.instant());
            warnings.forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
            createPrivateDirectory(config.dataDir());
            KeyholderStore store = KeyholderStore.open(config.stateFile());
            opened.add(store);
            FsBlockStore blocks = FsBlockStore.open(config.blocksDir());
            opened.add(blocks);
            DaemonConfig.Terms terms = config.terms();
            SolicitationDesk desk = SolicitationDesk.create(chain, config.chain().factory(), store,
                    new DeskConfig(wallet, wallet, terms.hiringPolicy(), terms.maxSlots(), DeskConfig.DEFAULT_OFFER_LIFETIME, VERSION), clock);
            ArchiveIntake intake = ArchiveIntake.open(store, blocks, config.workDir().resolve("staging"), desk.domain(), clock);
            Finality finality = config.chain().finalizedTag() ? Finality.finalizedTag() : Finality.blocks(config.chain().confirmations());
            DaemonConfig.Gas gas = config.gas();
            Engine engine = new Engine(chain, config.chain().factory(), wallet, store, new StoredHires(store, blocks, clock), terms.keyholderPolicy(), finality,
                    new RunnerOptions(Math.max(1, config.chain().confirmations()), gas.bumpAfter(), gas.bumpPercent(), gas.maxFeePerGas()),
                    new Engine.EngineOptions(Duration.ofSeconds(30), 100), clock, checkpoint);
            LogWatcher watcher = new LogWatcher(chain, store.cursors(), config.chain().factory(), config.chain().startBlock(),
                    WatchSettings.defaults().withChunks(config.chain().maxLogRange(), Math.max(config.chain().maxLogRange(), 20_000)), clock);
            DaemonLoop loop = new DaemonLoop(watcher, engine, config.chain().factory(), config.chain().pollInterval(), clock);
            EngineDesk releases = new EngineDesk(chain, config.chain().factory(), store, engine, loop, config.chain().pollInterval(), clock, intake,
                    config.http().fetchFromGateways());
            KeyholderServer server = KeyholderServer.start(
                    KeyholderServer.Options.defaults(config.http().listen(), terms.maxArchiveBytes()).withThreads(config.http().threads()), desk, intake,
                    releases, blocks);
            Daemon d = new Daemon(config, chain, store, blocks, server, loop, warnings);
            d.worker.start();
            LOG.log(System.Logger.Level.INFO, "keyholder " + keyholder + " serving chain " + chain.chainId() + ", factory " + config.chain().factory()
                    + ", at " + server.uri() + " (" + finality + ")");
            return d;
        } catch (ConfigException | IOException | RuntimeException e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception ignored) {
                    // closing what was opened, after the error that matters
                }
            }
            throw e;
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // a non-POSIX file system keeps its own permissions
        }
    }

    /** Where the endpoints answer (the bound port, if the configuration asked for port 0). */
    public URI uri() {
        return server.uri();
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public DaemonConfig config() {
        return config;
    }

    /** Asks the loop to stop after the pass in progress; {@link #awaitStop} waits for it. */
    public void stop() {
        loop.stop();
    }

    /** Waits for the loop to end; true if it did within {@code timeout}. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return worker.join(timeout);
    }

    /** Stops the loop (after its pass), then the server, then closes the state. */
    @Override
    public void close() {
        loop.stop();
        try {
            worker.join(Duration.ofMinutes(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        blocks.close();
        try {
            store.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing the state file: " + e.getMessage());
        }
        chain.close();
    }

    /** Sends every log record of the process as one JSON line to stderr (the daemon's console). */
    public static void useJsonLogs() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) root.removeHandler(h);
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new JsonLogFormatter());
        console.setLevel(Level.INFO);
        root.addHandler(console);
        root.setLevel(Level.INFO);
    }
}
