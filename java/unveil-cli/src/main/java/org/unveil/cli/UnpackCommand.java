package org.unveil.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.archive.ArchiveReader;
import org.unveil.archive.ArchiveUnpacker;
import org.unveil.archive.SecretRecovery;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseStatus;
import org.unveil.release.SecretFiles;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code unveil unpack}: decrypt a released archive with the secret read from its release on chain, the secret file, or keyholders' release keys. */
@Command(name = "unpack", mixinStandardHelpOptions = true,
        description = {"Decrypt and verify every file of a released archive.", "",
            "Writes into DIR. With --release (and --rpc) s is read from the release's SecretRecovered or SecretPublished event; "
                + "with --secret-file, from the artist's secret file; with --release-key or --release-key-file (keyholders' own release keys, "
                + "never published on chain) the shares sealed to those keys are opened and s is rebuilt per group. "
                + "s is checked against the manifest's S, every fragment and file hash and every age chunk is verified, and "
                + "files get their final names only after everything checked out."})
final class UnpackCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The archive.")
    Path archive;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (files must not exist yet).")
    Path out;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Secrets secrets;

    static final class Secrets {
        @Option(names = "--release", paramLabel = "ADDRESS", description = "The released release contract: read s from the chain (with --rpc).")
        String release;

        @Option(names = "--secret-file", paramLabel = "FILE", description = "The artist's secret file written by pack.")
        Path secretFile;

        @Option(names = "--release-key", paramLabel = "HEX", arity = "1..*", description = "Keyholders' release keys (64 hex digits).")
        List<String> keys;

        @Option(names = "--release-key-file", paramLabel = "FILE", arity = "1..*",
                description = "Files each holding one release key in hex (as pack --test-keyholders writes them).")
        List<Path> keyFiles;
    }

    @Option(names = "--rpc", paramLabel = "URL", defaultValue = "${env:UNVEIL_RPC:-http://127.0.0.1:8545}",
            description = "JSON-RPC endpoint for --release (default: $UNVEIL_RPC or ${DEFAULT-VALUE}).")
    String rpc;

    @Option(names = "--progress", description = "Show progress on stderr even when it is not a terminal.")
    boolean progress;

    @Option(names = "--json", description = "Print the written files as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CliFiles.input(archive);
        ReleaseSecret secret = secret();
        try {
            List<Path> written = ArchiveUnpacker.unpack(archive, out, secret,
                    ProgressBar.forCommand(spec.commandLine().getErr(), "unpacking", progress));
            printWritten(spec.commandLine().getOut(), written, json);
            return 0;
        } finally {
            secret.destroy();
        }
    }

    /** The decrypted files, one per line and a count, or as JSON; shared with {@code release unlock}. */
    static void printWritten(PrintWriter o, List<Path> written, boolean json) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("files", written.stream().map(Path::toString).toList());
            m.put("verified", true);
            Json.print(o, m);
        } else {
            for (Path p : written) o.println(p);
            o.println(written.size() + " file(s) decrypted and verified");
            o.flush();
        }
    }

    /** s from the release's logs, for the release the archive was packed for (spec/release-protocol.md section 6). */
    private ReleaseSecret fromChain(org.unveil.archive.Manifest m) throws Exception {
        try (Chain c = Chain.connect(rpc)) {
            ReleaseClient release = ReleaseClient.at(c, secrets.release);
            if (m.terms().chainId() != c.chainId() || !m.terms().release().equalsIgnoreCase(release.address())) {
                throw new IllegalArgumentException("the archive was packed for release " + m.terms().release() + " on chain " + m.terms().chainId()
                        + ", not " + release.address() + " on chain " + c.chainId());
            }
            ReleaseStatus st = release.status();
            java.math.BigInteger s = st.secret().orElseThrow(() -> new IllegalStateException("release " + release.address() + " is "
                    + st.summary().state().label() + ": its secret is not on chain yet (see unveil release status --release " + release.address() + ")"));
            byte[] b = org.web3j.utils.Numeric.toBytesPadded(s, 32);
            try {
                return ReleaseSecret.fromBytes(b);
            } finally {
                java.util.Arrays.fill(b, (byte) 0);
            }
        }
    }

    /** Enough of a key to recognise it in an error, not enough to leak it. */
    private static String abbreviated(String hex) {
        return hex.length() <= 10 ? "(" + hex.length() + " characters)" : hex.substring(0, 6) + "...";
    }

    private ReleaseSecret secret() throws Exception {
        if (secrets.secretFile != null) return SecretFiles.releaseSecret(CliFiles.input(secrets.secretFile));
        if (secrets.release != null) return fromChain(ArchiveReader.readManifest(archive));
        List<ReleaseKey> keys = new ArrayList<>();
        try {
            for (String h : secrets.keys != null ? secrets.keys : List.<String>of()) keys.add(SecretFiles.releaseKeyHex(h, "--release-key " + abbreviated(h)));
            for (Path f : secrets.keyFiles != null ? secrets.keyFiles : List.<Path>of()) keys.add(ReleaseKeyFile.load(f, null));
            for (int i = 0; i < keys.size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (keys.get(i).address().equals(keys.get(j).address())) {
                        throw new IllegalArgumentException("the same release key (of " + keys.get(i).address() + ") was given twice: give the keys of different keyholders");
                    }
                }
            }
            return SecretRecovery.fromReleaseKeys(ArchiveReader.readManifest(archive), keys);
        } finally {
            keys.forEach(ReleaseKey::destroy);
        }
    }
}
