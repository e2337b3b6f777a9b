package org.unveil.ipfs.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import org.unveil.ipfs.BlockSink;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.UnixFsImporter;
import org.unveil.ipfs.UnixFsProfile;

/** Deterministic test content and a plain HTTP helper shared by the gateway tests. */
final class TestContent {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private TestContent() {}

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static Cid add(byte[] content, UnixFsProfile profile, BlockSink sink) throws IOException {
        return UnixFsImporter.importFile(new ByteArrayInputStream(content), profile, sink);
    }

    static HttpResponse<byte[]> get(URI uri, String... headers) throws IOException, InterruptedException {
        return send("GET", uri, headers);
    }

    static HttpResponse<byte[]> send(String method, URI uri, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
