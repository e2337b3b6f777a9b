package org.unveil.ipfs.remote;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A multipart/form-data body with one file part, streamed from disk (RFC 7578). The boundary is
 * random, so it cannot collide with the file content by accident.
 */
final class MultipartFile {
    private final String boundary;
    private final String field;
    private final String filename;
    private final Path file;

    MultipartFile(String field, String filename, Path file) {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.boundary = "unveil-" + HexFormat.of().formatHex(random);
        this.field = field;
        this.filename = filename.replaceAll("[\"\\r\\n]", "_");
        this.file = file;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    HttpRequest.BodyPublisher publisher() throws FileNotFoundException {
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/vnd.ipld.car\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        return HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofString(head, StandardCharsets.UTF_8),
                HttpRequest.BodyPublishers.ofFile(file),
                HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
    }
}
