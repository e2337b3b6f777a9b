package org.unveil.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.gateway.TrustlessGateway;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code unveil ipfs serve}: a trustless gateway over the repo until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the repo as an IPFS trustless gateway (?format=raw|car) and path gateway for browsers (/ipfs/CID/path: index.html, listings, Content-Type, Range, CORS) until Ctrl-C.")
final class IpfsServeCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin IpfsOptions options;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}; use 0.0.0.0 to serve other machines).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--threads", defaultValue = "8", description = "Requests served at once (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("--port must be 0..65535, got " + port);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // The hook waits for the gateway and store to close, so a signal never cuts a block write short.
        Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                closed.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "unveil-serve-shutdown");
        try (FsBlockStore store = options.open();
             TrustlessGateway gateway = TrustlessGateway.start(store, new InetSocketAddress(host, port), threads)) {
            Runtime.getRuntime().addShutdownHook(hook);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("url", gateway.uri().toString());
            out.put("repo", options.repoDir().toString());
            options.print(spec, "unveil: serving " + options.repoDir() + " at " + gateway.uri() + " (Ctrl-C stops)", out);
            stopped.await();
        } finally {
            closed.countDown();
        }
        return 0;
    }
}
