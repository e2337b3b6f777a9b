package org.unveil.release;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.unveil.archive.SecretFile;
import org.unveil.archive.keys.KeyException;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.eth.keys.ReleaseKeyStore;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;

/**
 * The one reader of small secret files: account keys (hex or a Web3 Secret Storage keystore),
 * release keys (hex or a keystore from {@code keyholder derive --save}), password and phrase
 * files, and the artist's release secret file. Secrets only ever come from files (or the
 * environment), never from command lines. Every read is bounded (a secret file is small; a huge
 * one is a wrong path), and the raw bytes are wiped once parsed. The writer is
 * {@link org.unveil.io.AtomicFiles#writeNew}.
 */
public final class SecretFiles {
    /** Larger than any key, keystore or password file; a bigger file is the wrong file. */
    public static final long MAX_BYTES = 64 * 1024;

    private SecretFiles() {}

    /** The file's bytes (the caller wipes them); {@code what} names the file in errors ("key file"). */
    public static byte[] readSmall(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(what + " " + file + " does not exist or is not a file");
        long size = Files.size(file);
        if (size > MAX_BYTES) throw new IOException(what + " " + file + " is " + size + " bytes, larger than " + MAX_BYTES + ": expected a small text file");
        return Files.readAllBytes(file);
    }

    /**
     * A password or phrase: the file's text without one trailing line ending ({@code \n} or
     * {@code \r\n}, as editors add), every other byte kept.
     */
    public static String readLine(Path file, String what) throws IOException {
        byte[] raw = readSmall(file, what);
        try {
            String s = new String(raw, StandardCharsets.UTF_8);
            if (s.endsWith("\r\n")) return s.substring(0, s.length() - 2);
            if (s.endsWith("\n")) return s.substring(0, s.length() - 1);
            return s;
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /**
     * An account key: 64 hex digits (0x optional), or a keystore opened with the password in
     * {@code passwordFile}. Refuses 0 and values not below the curve order, which web3j accepts
     * and which fail only later as an unusable account.
     */
    public static Credentials credentials(Path keyFile, Path passwordFile) throws IOException {
        byte[] raw = readSmall(keyFile, "key file");
        try {
            String text = new String(raw, StandardCharsets.US_ASCII).trim();
            if (text.matches("(0[xX])?[0-9a-fA-F]{64}")) {
                String hex = text.length() == 66 ? text.substring(2) : text;
                BigInteger d = new BigInteger(hex, 16);
                if (d.signum() == 0 || d.compareTo(Sign.CURVE_PARAMS.getN()) >= 0) {
                    throw new IllegalArgumentException("key file " + keyFile + " holds an invalid secp256k1 private key (it is 0 or not below the curve order n)");
                }
                return Credentials.create(hex);
            }
            if (!text.startsWith("{")) {
                throw new IllegalArgumentException("key file " + keyFile + " is neither a hex private key (64 hex digits) nor a keystore JSON");
            }
            if (passwordFile == null) throw new IllegalArgumentException("key file " + keyFile + " is a keystore: give its password with --password-file FILE");
            return keystore(keyFile, readLine(passwordFile, "password file"), passwordFile.toString());
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** A keystore account key with a password from elsewhere ({@code source} names it in errors). */
    public static Credentials keystore(Path keyFile, String password, String source) throws IOException {
        try {
            return Credentials.create(ReleaseKeyStore.open(keyFile, password));
        } catch (KeyException e) {
            if (e.getMessage().contains("wrong password")) {
                throw new IllegalArgumentException("cannot decrypt keystore " + keyFile + ": wrong password in " + source + "?", e);
            }
            throw new IllegalArgumentException("key file " + keyFile + " is not a usable Web3 Secret Storage keystore: " + e.getMessage(), e);
        }
    }

    /** A release key k: 64 hex digits, or a keystore with the password in {@code passwordFile}. */
    public static ReleaseKey releaseKey(Path file, Path passwordFile) throws IOException, KeyException {
        byte[] raw = readSmall(file, "release key file");
        try {
            String text = new String(raw, StandardCharsets.US_ASCII).trim();
            if (text.matches("(0x)?[0-9a-fA-F]{64}")) return releaseKeyHex(text, "release key file " + file);
            if (!text.startsWith("{")) {
                throw new IllegalArgumentException("release key file " + file + " holds neither a release key (64 hex digits) nor a keystore (JSON)");
            }
            if (passwordFile == null) {
                throw new IllegalArgumentException("release key file " + file + " is a keystore: give its password with --release-key-password-file");
            }
            try {
                return ReleaseKeyStore.load(file, readLine(passwordFile, "password file"));
            } catch (KeyException e) {
                throw new KeyException("release key file " + file + ": " + e.getMessage(), e);
            }
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** A release key as 64 hex digits (0x optional); {@code what} names where it came from in errors. */
    public static ReleaseKey releaseKeyHex(String text, String what) {
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

    /** The artist's release secret s ({@link SecretFile}'s format), after the same bounded-size check. */
    public static ReleaseSecret releaseSecret(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("secret file " + file + " does not exist or is not a file");
        return SecretFile.read(file);
    }
}
