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

    /** A release key as 64 hex digits (0x optional); {@code what} names where it came from in errors. */
    static ReleaseKey parseHex(String text, String what) {
        String digits = text.strip().startsWith("0x") ? text.strip().substring(2) : text.strip();
        if (!digits.matches("[0-9a-fA-F]{64}")) throw new IllegalArgumentException(what + " is not a release key: it must be 64 hex digits");
        byte[] k = HexFormat.of().parseHex(digits);
        try {
            return ReleaseKey.fromBytes(k);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not a valid secp256k1 key: it is 0 or not below the curve order n", e);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    static ReleaseKey load(Path file, Path passwordFile) throws IOException, KeyException {
        byte[] raw = ChainOptions.readSmall(file, "release key file");
        try {
            String text = new String(raw, StandardCharsets.US_ASCII).trim();
            if (text.matches("(0x)?[0-9a-fA-F]{64}")) return parseHex(text, "release key file " + file);
            if (!text.startsWith("{")) {
                throw new IllegalArgumentException("release key file " + file + " holds neither a release key (64 hex digits) nor a keystore (JSON)");
            }
            if (passwordFile == null) {
                throw new IllegalArgumentException("release key file " + file + " is a keystore: give its password with --release-key-password-file");
            }
            try {
                return ReleaseKeyStore.load(file, ChainOptions.readPassword(passwordFile));
            } catch (KeyException e) {
                throw new KeyException("release key file " + file + ": " + e.getMessage(), e);
            }
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }
}
