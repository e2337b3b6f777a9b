package org.unveil.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.unveil.archive.keys.KeyException;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseKeyStore;

/** Loads a release key k: a keystore written by {@code unveil keyholder derive} (with a password file), or 64 hex digits. */
final class ReleaseKeyFile {
    private ReleaseKeyFile() {}

    static ReleaseKey load(Path file, Path passwordFile) throws IOException, KeyException {
        byte[] raw = ChainOptions.readSmall(file, "release key file");
        try {
            String text = new String(raw, StandardCharsets.US_ASCII).trim();
            if (text.matches("(0x)?[0-9a-fA-F]{64}")) {
                byte[] k = HexFormat.of().parseHex(text.startsWith("0x") ? text.substring(2) : text);
                try {
                    return ReleaseKey.fromBytes(k);
                } finally {
                    Arrays.fill(k, (byte) 0);
                }
            }
            if (passwordFile == null) {
                throw new IllegalArgumentException("release key file " + file + " is not 64 hex digits; if it is a keystore, give its --key-password-file");
            }
            return ReleaseKeyStore.load(file, ChainOptions.readPassword(passwordFile));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }
}
