package org.unveil.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.io.AtomicFiles;

/**
 * The artist's copy of the release secret s: a small text file, mode 0600, written atomically and
 * never over an existing file (it may be the only copy of an earlier release's secret).
 * It is what a manual release ({@code authorRelease(s)}) and {@code unveil unpack --secret-file}
 * need. Format (spec/archive-format.md, "Secret file"):
 * <pre>
 * # comment lines
 * unveil-release-secret-v1
 * manifest-sha256 HEX64
 * secret HEX64
 * </pre>
 */
public final class SecretFile {
    static final String MAGIC = "unveil-release-secret-v1";

    private SecretFile() {}

    /**
     * Writes a new secret file ({@link AtomicFiles#writeNew}: fsynced, mode 0600).
     *
     * @throws java.nio.file.FileAlreadyExistsException if {@code file} exists; it is never replaced
     */
    public static void write(Path file, ReleaseSecret secret, String manifestSha256) throws IOException {
        byte[] content = content(secret, manifestSha256);
        try {
            AtomicFiles.writeNew(file, content);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    /** The file's bytes; the caller wipes them. */
    static byte[] content(ReleaseSecret secret, String manifestSha256) {
        byte[] s = secret.bytes();
        try {
            String text = "# Unveil release secret s. Whoever holds this file can decrypt the release: keep it private.\n"
                    + MAGIC + "\nmanifest-sha256 " + manifestSha256 + "\nsecret " + HexFormat.of().formatHex(s) + "\n";
            return text.getBytes(StandardCharsets.US_ASCII);
        } finally {
            Arrays.fill(s, (byte) 0);
        }
    }

    public static ReleaseSecret read(Path file) throws IOException {
        if (Files.size(file) > 4096) throw new IOException(file + " is too large to be an Unveil secret file");
        byte[] content = Files.readAllBytes(file);
        try {
            String[] lines = new String(content, StandardCharsets.US_ASCII).split("\n");
            boolean magic = false;
            for (String line : lines) {
                if (line.startsWith("#") || line.isBlank()) continue;
                if (line.equals(MAGIC)) {
                    magic = true;
                } else if (magic && line.startsWith("secret ") && line.substring(7).matches("[0-9a-f]{64}")) {
                    byte[] s = HexFormat.of().parseHex(line.substring(7));
                    try {
                        return ReleaseSecret.fromBytes(s);
                    } finally {
                        Arrays.fill(s, (byte) 0);
                    }
                }
            }
            throw new IOException(file + " is not an Unveil secret file (needs a '" + MAGIC + "' line and a 'secret <64 hex>' line)");
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }
}
