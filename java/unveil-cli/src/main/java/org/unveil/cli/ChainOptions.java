package org.unveil.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.unveil.eth.Chain;
import org.unveil.eth.TransactionSender;
import org.web3j.crypto.exception.CipherException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import picocli.CommandLine.Option;

/**
 * The options every on-chain command shares: where the node is, which key signs, how the result is
 * printed. Keys come only from files (a raw hex private key, or a Web3 Secret Storage keystore
 * with its password in another file), never from the command line, where they would leak into
 * shell history and process lists.
 */
final class ChainOptions {
    private static final long MAX_KEY_FILE_BYTES = 64 * 1024;

    @Option(names = "--rpc", paramLabel = "URL", defaultValue = "${env:UNVEIL_RPC:-http://127.0.0.1:8545}",
            description = "JSON-RPC endpoint of the chain (default: $UNVEIL_RPC, else ${DEFAULT-VALUE}).")
    String rpc;

    @Option(names = "--key-file", paramLabel = "FILE",
            description = "Your account's key, which signs the transactions: a hex private key, or a Web3 Secret Storage keystore (with --password-file).")
    Path keyFile;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Password of the keystore given with --key-file.")
    Path passwordFile;

    @Option(names = "--confirmations", paramLabel = "N", defaultValue = "1",
            description = "Blocks that must hold a transaction before it counts as done (default ${DEFAULT-VALUE}).")
    int confirmations;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    Chain connect() throws IOException {
        return Chain.connect(rpc);
    }

    TransactionSender sender(Chain chain) throws IOException {
        return chain.sender(credentials()).confirmations(confirmations);
    }

    Credentials credentials() throws IOException {
        if (keyFile == null) throw new IllegalArgumentException("this command sends a transaction: give your account's key with --key-file FILE");
        return loadCredentials(keyFile, passwordFile);
    }

    static Credentials loadCredentials(Path keyFile, Path passwordFile) throws IOException {
        byte[] raw = readSmall(keyFile, "key file");
        try {
            String text = new String(raw, StandardCharsets.US_ASCII).trim();
            if (text.matches("(0x)?[0-9a-fA-F]{64}")) {
                // web3j accepts 0 and values >= n, which only fail later as an unusable account.
                java.math.BigInteger d = new java.math.BigInteger(text.startsWith("0x") ? text.substring(2) : text, 16);
                if (d.signum() == 0 || d.compareTo(org.web3j.crypto.Sign.CURVE_PARAMS.getN()) >= 0) {
                    throw new IllegalArgumentException("key file " + keyFile + " holds no valid secp256k1 private key (it is 0 or not below the curve order n)");
                }
                return Credentials.create(text);
            }
            if (!text.startsWith("{")) {
                throw new IllegalArgumentException("key file " + keyFile + " is neither a hex private key (64 hex digits) nor a keystore JSON");
            }
            if (passwordFile == null) throw new IllegalArgumentException("key file " + keyFile + " is a keystore: give its password with --password-file FILE");
            String password = readPassword(passwordFile);
            try {
                return WalletUtils.loadCredentials(password, keyFile.toFile());
            } catch (CipherException e) {
                throw new IllegalArgumentException("cannot decrypt keystore " + keyFile + ": wrong password in " + passwordFile + "?", e);
            }
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** The file's first line, without its line ending (editors add one; passwords never contain one). */
    static String readPassword(Path passwordFile) throws IOException {
        byte[] raw = readSmall(passwordFile, "password file");
        try {
            String s = new String(raw, StandardCharsets.UTF_8);
            int nl = s.indexOf('\n');
            if (nl >= 0) s = s.substring(0, nl);
            return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    static byte[] readSmall(Path file, String what) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(what + " " + file + " does not exist or is not a file");
        if (Files.size(file) > MAX_KEY_FILE_BYTES) throw new IOException(what + " " + file + " is larger than " + MAX_KEY_FILE_BYTES + " bytes");
        return Files.readAllBytes(file);
    }
}
