package org.unveil.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.remote.KuboNodeId;
import org.unveil.ipfs.remote.KuboRpcClient;
import org.unveil.ipfs.remote.PinStatus;
import org.unveil.ipfs.remote.PinningServiceClient;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code unveil ipfs push CID}: hands a DAG to infrastructure the user already runs. A kubo node
 * receives the CAR itself (dag/import, pinned); a pinning service is asked to pin and fetches
 * the content from the {@code --origin} addresses (e.g. this machine's {@code unveil ipfs serve}).
 */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Push a DAG from the repo to a kubo node (RPC dag/import + pin) or ask a pinning service to pin it.")
final class IpfsPushCommand implements Callable<Integer> {
    private static final long MAX_TOKEN_FILE = 16 * 1024;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin IpfsOptions options;

    @Parameters(index = "0", paramLabel = "CID", description = "The root CID (from `unveil ipfs add` or `unveil pack`).") String cid;

    @ArgGroup(exclusive = true, multiplicity = "1") Target target;

    static final class Target {
        @Option(names = "--kubo", paramLabel = "URL", description = "kubo RPC endpoint, e.g. http://127.0.0.1:5001.")
        URI kubo;

        @Option(names = "--pinning-service", paramLabel = "URL", description = "Pinning Service API endpoint (…/pins is appended).")
        URI pinningService;
    }

    @Option(names = "--token-file", paramLabel = "FILE", description = "Pinning service access token (one trailing newline ignored).")
    Path tokenFile;

    @Option(names = "--origin", paramLabel = "MULTIADDR", split = ",",
            description = "Where the pinning service can fetch the content, e.g. /dns4/example.org/tcp/443/https (repeatable).")
    List<String> origins = List.of();

    @Option(names = "--name", paramLabel = "NAME", description = "A name for the pin request.")
    String name;

    @Option(names = "--wait", defaultValue = "300", paramLabel = "SECONDS",
            description = "How long to wait for the pinning service to report pinned (0: do not wait). Default: ${DEFAULT-VALUE}.")
    int waitSeconds;

    @Option(names = "--timeout", defaultValue = "600", paramLabel = "SECONDS", description = "Per-request HTTP limit (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws IOException {
        Cid root = Cid.parse(cid);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cid", root.toString());
        if (target.kubo != null) {
            KuboRpcClient kubo = new KuboRpcClient(target.kubo, Duration.ofSeconds(timeoutSeconds));
            KuboNodeId id = kubo.id();
            Path car = Files.createTempFile("unveil-push-", ".car");
            try {
                long[] count = new long[2];
                try (FsBlockStore store = options.open()) {
                    IpfsExportCarCommand.write(store, root, car, count);
                }
                List<Cid> roots = kubo.importCar(car, true);
                json.put("kubo", id.peerId());
                json.put("blocks", count[0]);
                json.put("pinned", roots.contains(root));
                options.print(spec, "unveil: kubo " + id.peerId() + " imported and pinned " + root + " (" + count[0]
                        + " blocks)", json);
            } finally {
                Files.deleteIfExists(car);
            }
            return 0;
        }
        if (tokenFile == null) throw new IllegalArgumentException("--pinning-service needs --token-file FILE");
        PinningServiceClient service = new PinningServiceClient(target.pinningService, readToken(tokenFile),
                Duration.ofSeconds(timeoutSeconds), Clock.systemUTC());
        PinStatus status = service.add(root, name, origins);
        if (waitSeconds > 0) status = service.awaitPinned(status.requestId(), Duration.ofSeconds(waitSeconds));
        json.put("requestId", status.requestId());
        json.put("status", status.state().wireName());
        options.print(spec, "unveil: pin request " + status.requestId() + " for " + root + " is " + status.state().wireName(), json);
        return 0;
    }

    private static String readToken(Path file) throws IOException {
        if (Files.size(file) > MAX_TOKEN_FILE) throw new IOException("token file " + file + " is over " + MAX_TOKEN_FILE + " bytes");
        String t = Files.readString(file, StandardCharsets.UTF_8);
        if (t.endsWith("\n")) t = t.substring(0, t.length() - 1);
        if (t.endsWith("\r")) t = t.substring(0, t.length() - 1);
        return t;
    }
}
