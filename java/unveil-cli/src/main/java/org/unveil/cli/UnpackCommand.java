package org.unveil.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.archive.ArchiveReader;
import org.unveil.archive.ArchiveUnpacker;
import org.unveil.archive.SecretFile;
import org.unveil.archive.SecretRecovery;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseSecret;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code unveil unpack}: decrypt a released archive with the secret file or the published keyholder keys. */
@Command(name = "unpack", mixinStandardHelpOptions = true,
        description = {"Decrypt and verify every file of a released archive.", "",
            "Writes into DIR. With --key/--key-file (keyholder release keys, as published",
            "on chain) the shares sealed to those keys are opened and s is rebuilt per group; with --secret-file, s is",
            "read directly. s is checked against the manifest's S, every fragment and file hash and every age chunk is",
            "verified, and files get their final names only after everything checked out."})
final class UnpackCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The archive.")
    Path archive;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (files must not exist yet).")
    Path out;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Secrets secrets;

    static final class Secrets {
        @Option(names = "--secret-file", paramLabel = "FILE", description = "The artist's secret file written by pack.")
        Path secretFile;

        @Option(names = "--key", paramLabel = "HEX", arity = "1..*", description = "Keyholder release keys (32-byte hex), as published on chain.")
        List<String> keys;

        @Option(names = "--key-file", paramLabel = "FILE", arity = "1..*", description = "Files each holding one release key in hex (as --test-keyholders writes).")
        List<Path> keyFiles;
    }

    @Option(names = "--progress", description = "Show progress on stderr even when it is not a terminal.")
    boolean progress;

    @Option(names = "--json", description = "Print the written files as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ReleaseSecret secret = secret();
        try {
            List<Path> written = ArchiveUnpacker.unpack(archive, out, secret,
                    ProgressBar.forCommand(spec.commandLine().getErr(), "unpacking", progress));
            PrintWriter o = spec.commandLine().getOut();
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
            return 0;
        } finally {
            secret.destroy();
        }
    }

    private ReleaseSecret secret() throws Exception {
        if (secrets.secretFile != null) return SecretFile.read(secrets.secretFile);
        List<String> hex = new ArrayList<>(secrets.keys != null ? secrets.keys : List.of());
        if (secrets.keyFiles != null) {
            for (Path f : secrets.keyFiles) {
                if (Files.size(f) > 200) throw new IllegalArgumentException(f + " is too large to hold one release key");
                hex.add(new String(Files.readAllBytes(f), StandardCharsets.US_ASCII).strip());
            }
        }
        List<ReleaseKey> keys = new ArrayList<>();
        try {
            for (String h : hex) {
                String digits = h.startsWith("0x") ? h.substring(2) : h;
                if (!digits.matches("[0-9a-fA-F]{64}")) throw new IllegalArgumentException("a release key must be 64 hex digits");
                byte[] raw = HexFormat.of().parseHex(digits);
                try {
                    keys.add(ReleaseKey.fromBytes(raw));
                } finally {
                    Arrays.fill(raw, (byte) 0);
                }
            }
            return SecretRecovery.fromReleaseKeys(ArchiveReader.readManifest(archive), keys);
        } finally {
            keys.forEach(ReleaseKey::destroy);
        }
    }
}
