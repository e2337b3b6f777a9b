package org.unveil.ipfs.gateway;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A hostile "gateway" on 127.0.0.1 that answers every request with one scripted response: any
 * status, content type and body, optionally going silent after {@code stallAfter} bytes.
 */
final class ScriptedGateway implements AutoCloseable {
    static final String CAR_TYPE = "application/vnd.ipld.car; version=1; order=dfs; dups=n";
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    volatile int requests;

    ScriptedGateway(int status, String contentType, byte[] body, int stallAfter) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", ex -> {
            requests++;
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, 0);
            try (OutputStream os = ex.getResponseBody()) {
                int n = stallAfter < 0 ? body.length : Math.min(stallAfter, body.length);
                os.write(body, 0, n);
                os.flush();
                if (stallAfter >= 0) Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException clientGaveUp) {
                // expected when the client detects the stall and hangs up
            }
        });
        server.setExecutor(pool);
        server.start();
    }

    static ScriptedGateway car(byte[] body) throws IOException {
        return new ScriptedGateway(200, CAR_TYPE, body, -1);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
