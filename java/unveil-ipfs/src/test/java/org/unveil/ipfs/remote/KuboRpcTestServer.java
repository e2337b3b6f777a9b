package org.unveil.ipfs.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.unveil.ipfs.CarImport;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;

/**
 * A stand-in for kubo's RPC API on 127.0.0.1, following the kubo RPC reference for the three
 * calls Unveil makes: POST-only, {@code /api/v0/id}, {@code /api/v0/dag/import} (multipart CAR,
 * NDJSON answer, {@code pin-roots}), {@code /api/v0/pin/add?arg=}, and kubo's error body
 * {@code {"Message","Code","Type":"error"}}. Blocks really land in (and pins really walk) an
 * FsBlockStore, so a test can check the upload arrived intact. No real kubo can run here.
 */
final class KuboRpcTestServer implements AutoCloseable {
    static final String PEER_ID = "12D3KooWTestPeerIdForUnveilKuboRpcTestServer";
    private final HttpServer server;
    private final FsBlockStore store;

    KuboRpcTestServer(FsBlockStore store) throws IOException {
        this.store = store;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/api/v0/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            if (!ex.getRequestMethod().equals("POST")) {
                reply(ex, 405, "{\"Message\":\"405 - Method Not Allowed\",\"Code\":0,\"Type\":\"error\"}");
                return;
            }
            String command = ex.getRequestURI().getPath().substring("/api/v0/".length());
            String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            switch (command) {
                case "id" -> reply(ex, 200, "{\"ID\":\"" + PEER_ID + "\",\"PublicKey\":\"CAESIA==\",\"Addresses\":"
                        + "[\"/ip4/127.0.0.1/tcp/4001/p2p/" + PEER_ID + "\"],\"AgentVersion\":\"kubo/0.39.0/test\","
                        + "\"Protocols\":[]}");
                case "dag/import" -> dagImport(ex, query);
                case "pin/add" -> pinAdd(ex, query);
                default -> reply(ex, 404, "404 page not found");
            }
        } catch (IOException | RuntimeException e) {
            reply(ex, 500, "{\"Message\":\"" + e.getMessage().replace("\"", "'") + "\",\"Code\":0,\"Type\":\"error\"}");
        }
        ex.close();
    }

    private void dagImport(HttpExchange ex, String query) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("multipart/form-data; boundary=")) {
            throw new IOException("file argument 'path' is required");
        }
        byte[] boundary = ("--" + type.substring(type.indexOf('=') + 1)).getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = ex.getRequestBody().readAllBytes();
        int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0) + 4;
        int end = indexOf(body, ("\r\n" + new String(boundary, StandardCharsets.ISO_8859_1) + "--")
                .getBytes(StandardCharsets.ISO_8859_1), headerEnd);
        if (!startsWith(body, boundary) || headerEnd < 4 || end < 0) throw new IOException("malformed multipart body");
        Cid root = CarImport.importCar(new ByteArrayInputStream(Arrays.copyOfRange(body, headerEnd, end)), store);
        String pinError = "";
        if (!query.contains("pin-roots=false")) {
            try {
                store.pin(root);
            } catch (IOException e) {
                pinError = e.getMessage().replace("\"", "'");
            }
        }
        reply(ex, 200, "{\"Root\":{\"Cid\":{\"/\":\"" + root + "\"},\"PinErrorMsg\":\"" + pinError + "\"}}\n");
    }

    private void pinAdd(HttpExchange ex, String query) throws IOException {
        if (!query.startsWith("arg=")) throw new IOException("argument \"ipfs-path\" is required");
        Cid cid = Cid.parse(URLDecoder.decode(query.substring(4).split("&")[0], StandardCharsets.UTF_8));
        store.pin(cid);
        reply(ex, 200, "{\"Pins\":[\"" + cid + "\"]}");
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "text/plain");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        return a.length >= prefix.length && Arrays.equals(a, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
