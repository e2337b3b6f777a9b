package org.unveil.eth.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;
import org.unveil.archive.keys.KeyException;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.io.AtomicFiles;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Wallet;
import org.web3j.crypto.WalletFile;
import org.web3j.crypto.exception.CipherException;
import org.web3j.utils.Numeric;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Saves and loads a {@link ReleaseKey} as a Web3 Secret Storage v3 keystore (scrypt n=2^18, r=8,
 * p=1, AES-128-CTR, as web3j's {@code Wallet.createStandard}), file mode 0600: the backup of a random
 * release key, readable by any Ethereum wallet tool. Files are written to a temporary file in the
 * same directory, synced, then linked into place, so a crash never leaves a half-written keystore
 * and an existing key file is never overwritten.
 */
public final class ReleaseKeyStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Keystores are small; a bigger file is not one, and reading it whole would be unbounded. */
    static final long MAX_FILE_BYTES = 64 * 1024;

    private ReleaseKeyStore() {}

    /**
     * Encrypts {@code key} under {@code password} into a new file {@code target}.
     *
     * @throws FileAlreadyExistsException if {@code target} exists (a key file is never replaced)
     */
    public static void save(ReleaseKey key, String password, Path target) throws IOException, KeyException {
        Objects.requireNonNull(key, "release key required");
        Objects.requireNonNull(target, "target path required");
        requirePassword(password);
        byte[] k = key.bytes();
        WalletFile wallet;
        try {
            wallet = Wallet.createStandard(password, ECKeyPair.create(k));
        } catch (CipherException e) {
            throw new KeyException("could not encrypt the release key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
        writeNew(target, JSON.writeValueAsString(wallet).getBytes(StandardCharsets.UTF_8));
    }

    /** Decrypts a keystore written by {@link #save} (or any v3 keystore of a valid key). */
    public static ReleaseKey load(Path file, String password) throws IOException, KeyException {
        BigInteger d = open(file, password).getPrivateKey();
        byte[] k = Numeric.toBytesPadded(d, 32);
        try {
            return ReleaseKey.fromBytes(k);
        } catch (IllegalArgumentException e) {
            throw new KeyException(file + " holds no valid secp256k1 key: " + e.getMessage());
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    /**
     * Opens any v3 keystore (a release key's or a wallet's): at most {@link #MAX_FILE_BYTES}, its KDF
     * costs within the bounds of spec/keys.md section 4.3 before anything runs (web3j would run any
     * cost a file names, and a hostile one ends in an OutOfMemoryError or hangs), and the address it
     * names must be its key's.
     */
    public static ECKeyPair open(Path file, String password) throws IOException, KeyException {
        Objects.requireNonNull(file, "keystore path required");
        requirePassword(password);
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(file + " is " + size + " bytes; a keystore is at most " + MAX_FILE_BYTES);
        }
        WalletFile wallet;
        try {
            wallet = JSON.readValue(Files.readAllBytes(file), WalletFile.class);
        } catch (JacksonException e) {
            throw new KeyException(file + " is not a Web3 Secret Storage keystore: " + e.getOriginalMessage());
        }
        requireBoundedCosts(wallet, file);
        ECKeyPair pair;
        try {
            pair = Wallet.decrypt(password, wallet);
        } catch (CipherException | RuntimeException e) {
            throw new KeyException("could not decrypt " + file + ": wrong password or corrupted keystore ("
                    + e.getMessage() + ")");
        }
        BigInteger d = pair.getPrivateKey();
        if (d.signum() <= 0 || d.bitLength() > 256) throw new KeyException(file + " holds no valid secp256k1 key");
        String named = wallet.getAddress();
        String actual = Keys.getAddress(pair);
        if (named != null && !Numeric.cleanHexPrefix(named).equalsIgnoreCase(actual)) {
            throw new KeyException(file + " says it holds the key of 0x" + Numeric.cleanHexPrefix(named) + " but holds that of 0x" + actual);
        }
        return pair;
    }

    /** scrypt's memory (128 r n bytes): web3j's standard keystore exactly (256 MiB). */
    static final long MAX_SCRYPT_MEMORY = 1L << 28;
    /** scrypt's work (n r p): four times the standard's. */
    static final long MAX_SCRYPT_WORK = 1L << 23;
    static final int MAX_PBKDF2_ROUNDS = 10_000_000;

    private static void requireBoundedCosts(WalletFile wallet, Path file) throws KeyException {
        WalletFile.Crypto c = wallet.getCrypto();
        if (c == null || c.getKdfparams() == null) throw new KeyException(file + " is not a Web3 Secret Storage keystore: it has no crypto.kdfparams");
        if (c.getKdfparams() instanceof WalletFile.ScryptKdfParams k) {
            long n = k.getN(), r = k.getR(), p = k.getP();
            boolean ok = n >= 2 && (n & (n - 1)) == 0 && r >= 1 && p >= 1 && 128 * r * n <= MAX_SCRYPT_MEMORY && n * r * p <= MAX_SCRYPT_WORK;
            if (!ok) {
                throw new KeyException(file + "'s scrypt costs n=" + n + ", r=" + r + ", p=" + p + " are beyond what Unveil opens (n a power of 2,"
                        + " 128*r*n at most 256 MiB, n*r*p at most 2^23): re-encrypt the key with standard costs");
            }
        } else if (c.getKdfparams() instanceof WalletFile.Aes128CtrKdfParams k) {
            if (k.getC() < 1 || k.getC() > MAX_PBKDF2_ROUNDS) {
                throw new KeyException(file + "'s pbkdf2 rounds c=" + k.getC() + " are outside 1 to " + MAX_PBKDF2_ROUNDS + ": re-encrypt the key with standard costs");
            }
        }
    }

    private static void requirePassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("a non-empty keystore password is required");
        }
    }

    /** Temp file (0600) in the same directory, fsync, hard link to the target (fails if it exists), fsync dir. */
    static void writeNew(Path target, byte[] content) throws IOException {
        try {
            AtomicFiles.writeNew(target, content);
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(target.toString(), null, "refusing to overwrite an existing key file");
        }
    }
}
