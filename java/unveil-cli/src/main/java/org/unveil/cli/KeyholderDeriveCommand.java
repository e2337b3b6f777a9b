package org.unveil.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.archive.keys.KeyException;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.unveil.eth.keys.ReleaseKeyDerivation;
import org.unveil.eth.keys.ReleaseKeyStore;
import org.unveil.io.AtomicFiles;
import org.unveil.release.SecretFiles;
import org.web3j.crypto.Credentials;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code unveil keyholder derive}: re-derives a release key from the keyholder's wallet and prints
 * its public key and address (never the key itself), as spec/keys.md section 4 defines it.
 */
@Command(name = "derive", mixinStandardHelpOptions = true,
        description = "Derive your release key for one release from your wallet and print its public key and address (the address is what the release contract registers). The key itself is never printed.")
final class KeyholderDeriveCommand implements Callable<Integer> {
    static final String PASSWORD_ENV = "UNVEIL_WALLET_PASSWORD";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--key-file", required = true, paramLabel = "FILE",
            description = "Your wallet's key, as for every chain command: a hex private key, or a Web3 Secret Storage keystore (with --password-file).")
    Path wallet;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "Keystore password (one trailing newline ignored). Else taken from $" + PASSWORD_ENV + ".")
    Path passwordFile;

    @Option(names = "--release", required = true, paramLabel = "ADDRESS", description = "The release contract (clone) address.")
    String release;

    @Option(names = "--factory", required = true, paramLabel = "ADDRESS", description = "The release factory address.")
    String factory;

    @Option(names = "--chain-id", required = true, paramLabel = "N", description = "The chain id (EIP-155).")
    long chainId;

    @Option(names = "--purpose", paramLabel = "P", defaultValue = ReleaseKeyRequest.DEFAULT_PURPOSE,
            description = "Purpose label signed with the request (default: ${DEFAULT-VALUE}).")
    String purpose;

    @Option(names = "--phrase-file", paramLabel = "FILE",
            description = "An extra secret phrase mixed into the key (one trailing newline ignored); keep it with your wallet backup.")
    Path phraseFile;

    @Option(names = "--save", paramLabel = "FILE",
            description = {"Also save the release key to FILE (never overwritten), for `release enrol` and `release publish-share`:"
                    + " a Web3 Secret Storage keystore with --save-password-file, else 64 hex digits in a mode-0600 file."})
    Path save;

    @Option(names = "--save-password-file", paramLabel = "FILE", description = "Password that encrypts the --save keystore.")
    Path savePasswordFile;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (save != null) refuseToReplace(); // before any work, so nothing is signed for a key that cannot be saved
        Credentials credentials = loadWallet();
        String phrase = phraseFile == null ? null : SecretFiles.readLine(phraseFile, "phrase file");
        ReleaseKeyRequest req = new ReleaseKeyRequest(chainId, factory, release, credentials.getAddress(), purpose, phrase);
        ReleaseKey key = ReleaseKeyDerivation.derive(credentials, req);
        try {
            if (save != null) saveKey(key);
            print(req, key, phrase != null && !phrase.isEmpty());
        } finally {
            key.destroy();
        }
        return 0;
    }

    private void print(ReleaseKeyRequest req, ReleaseKey key, boolean withPhrase) {
        PrintWriter out = spec.commandLine().getOut();
        String publicKey = "0x" + HexFormat.of().formatHex(key.publicKey());
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("keyholder", req.keyholder());
            m.put("chainId", req.chainId());
            m.put("factory", req.factory());
            m.put("release", req.release());
            m.put("purpose", req.purpose());
            m.put("phrase", withPhrase);
            m.put("releasePublicKey", publicKey);
            m.put("releaseAddress", key.address());
            out.println(JsonMapper.builder().build().writeValueAsString(m));
        } else {
            out.println("keyholder           " + req.keyholder());
            out.println("release             " + req.release() + " (chain " + req.chainId() + ", factory " + req.factory() + ")");
            out.println("purpose             " + req.purpose() + (withPhrase ? " (with phrase)" : ""));
            out.println("release public key  " + publicKey);
            out.println("release address     " + key.address());
        }
        out.flush();
    }

    /**
     * Saves k so a keyholder need not re-sign for every step; the plain form is for devnets and
     * demos. Either way the file is a new mode-0600 file published with a link that never replaces
     * an existing one ({@link AtomicFiles#writeNew}), so a race cannot overwrite a key either.
     */
    private void saveKey(ReleaseKey key) throws IOException, KeyException {
        try {
            if (savePasswordFile != null) {
                ReleaseKeyStore.save(key, SecretFiles.readLine(savePasswordFile, "save password file"), save);
                return;
            }
            byte[] k = key.bytes();
            byte[] text = (HexFormat.of().formatHex(k) + "\n").getBytes(StandardCharsets.US_ASCII);
            try {
                AtomicFiles.writeNew(save, text);
            } finally {
                Arrays.fill(k, (byte) 0);
                Arrays.fill(text, (byte) 0);
            }
        } catch (FileAlreadyExistsException e) {
            refuseToReplace();
            throw e;
        }
    }

    private void refuseToReplace() throws FileAlreadyExistsException {
        if (Files.exists(save, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException("refusing to overwrite " + save + ": it may be the only copy of a release key."
                    + " Choose another --save path, or move the file away");
        }
    }

    /** The wallet as every chain command reads it ({@link SecretFiles}), with the keystore password also from the environment. */
    private Credentials loadWallet() throws IOException {
        byte[] raw = SecretFiles.readSmall(wallet, "key file");
        boolean keystore;
        try {
            keystore = new String(raw, StandardCharsets.US_ASCII).trim().startsWith("{");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
        if (!keystore || passwordFile != null) return SecretFiles.credentials(wallet, passwordFile);
        String env = System.getenv(PASSWORD_ENV);
        // No terminal prompt: on JDK 22+ System.console() also exists when stdin is a pipe, and a
        // prompt there would hang scripts; secrets come from files or the environment only.
        if (env == null) {
            throw new IllegalArgumentException("the wallet " + wallet + " is a keystore: give its password with --password-file or $" + PASSWORD_ENV);
        }
        return SecretFiles.keystore(wallet, env, "$" + PASSWORD_ENV);
    }
}
