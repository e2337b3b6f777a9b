package org.unveil.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.gateway.FetchResult;
import org.unveil.ipfs.gateway.GatewayFetcher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code unveil ipfs get CID}: a verified download from untrusted gateways. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Download a file by CID from trustless gateways, verifying every block; the next gateway is tried"
                + " on any failure, and the output appears only when complete."})
final class IpfsGetCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin IpfsOptions options; // --json; the repo is not touched

    @Parameters(index = "0", paramLabel = "CID", description = "The file's CID.")
    String cid;

    @Option(names = "--gateway", required = true, paramLabel = "URL", split = ",",
            description = "Trustless gateway base URL (repeatable, tried in order), e.g. http://127.0.0.1:8080.")
    List<String> gateways;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the file.")
    Path out;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Per-gateway connect/first-byte limit and longest silence mid-download (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws IOException {
        Cid root = Cid.parse(cid);
        List<URI> uris = new ArrayList<>();
        for (String g : gateways) uris.add(URI.create(g));
        GatewayFetcher fetcher = new GatewayFetcher(uris, Duration.ofSeconds(timeoutSeconds));
        IpfsProgress progress = new IpfsProgress("fetched");
        FetchResult r = fetcher.fetch(root, out, progress::update);
        double seconds = r.elapsed().toNanos() / 1e9;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cid", root.toString());
        json.put("out", out.toAbsolutePath().toString());
        json.put("bytes", r.fileBytes());
        json.put("blocks", r.blocks());
        json.put("gateway", r.gateway().toString());
        json.put("seconds", seconds);
        options.print(spec, String.format("unveil: verified %s (%d bytes, %d blocks) from %s in %.2f s -> %s", root,
                r.fileBytes(), r.blocks(), r.gateway(), seconds, out), json);
        return 0;
    }
}
