package org.unveil.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.archive.ArchiveReader;
import org.unveil.archive.Inspection;
import org.unveil.archive.Manifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code unveil inspect}: what a fan or keyholder checks before trusting an archive; needs no key. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Verify an archive without any key and show what it holds (fan, keyholder).", "",
            "Checks tar structure, manifest rules, and the SHA-256 of every stored fragment. Prints the manifest hash "
                + "(compare it with the release contract), files, previews, keyholder groups and 'suspect' warnings "
                + "(no preview, preview too small). Exit 1 if the archive is malformed or tampered."})
final class InspectCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The archive.")
    Path archive;

    @Option(names = "--json", description = "Print the inspection (with the full manifest) as JSON.")
    boolean json;

    @Option(names = "--release", paramLabel = "ADDRESS",
            description = "Also show which encrypted fragments this release's chain sampled, and whether their keys are revealed (needs --rpc).")
    String release;

    @Option(names = "--rpc", paramLabel = "URL", defaultValue = "${env:UNVEIL_RPC:-http://127.0.0.1:8545}",
            description = "JSON-RPC endpoint for --release (default: $UNVEIL_RPC or ${DEFAULT-VALUE}).")
    String rpc;

    /** The sampled fragments of {@code release}, empty before the chain drew them. */
    private java.util.List<Integer> sampled() throws java.io.IOException {
        if (release == null) return java.util.List.of();
        try (org.unveil.eth.Chain c = org.unveil.eth.Chain.connect(rpc)) {
            return org.unveil.eth.ReleaseClient.at(c, release).samples().fragments();
        }
    }

    static String money(java.math.BigInteger amount, boolean eth, String token) {
        return eth ? org.unveil.eth.Wei.format(amount) : amount + " base units of token " + token;
    }

    @Override
    public Integer call() throws Exception {
        Inspection i = ArchiveReader.inspect(CliFiles.input(archive));
        PrintWriter o = spec.commandLine().getOut();
        Manifest m = i.manifest();
        java.util.List<Integer> sampled = sampled();
        if (json) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("archive", archive.toString());
            r.put("verified", true);
            r.put("manifestSha256", i.manifestSha256());
            r.put("totalBytes", i.totalBytes());
            r.put("previewBytes", i.previewBytes());
            r.put("suspects", i.suspects());
            r.put("fragmentCount", m.fragmentCount());
            r.put("fragmentRoot", m.fragmentTree().rootHex());
            if (release != null) r.put("sampledFragments", sampled);
            r.put("manifest", Json.tree(m.canonicalBytes()));
            Json.print(o, r);
            return 0;
        }
        o.println("archive          " + archive + " (structure and all fragment hashes verified)");
        o.println("manifest sha256  " + i.manifestSha256());
        o.println("format version   " + m.version());
        var t = m.terms();
        o.println("release          " + t.release() + " on chain " + t.chainId() + " (factory " + t.factory() + ")");
        boolean eth = t.token().equals(org.unveil.archive.ReleaseTerms.ZERO_ADDRESS);
        o.println("goal             " + money(t.goal(), eth, t.token()));
        o.println("artist fee       " + money(t.artistFee(), eth, t.token()) + " (paid to the artist on release)");
        o.println("enrol deadline   " + java.time.Instant.ofEpochSecond(t.enrolDeadline()));
        o.println("pledge deadline  " + java.time.Instant.ofEpochSecond(t.pledgeDeadline()));
        o.println("reveal window    " + TimeArgs.describe(java.time.Duration.ofSeconds(t.revealWindow())) + " after funding");
        o.println("secret S         " + m.secret().publicKey() + " (" + m.secret().address() + ")");
        o.println("samples          " + Math.min(m.terms().sampleCount(), m.fragmentCount()) + " of " + m.fragmentCount()
                + " encrypted fragments, picked by the chain before pledging (sample count " + m.terms().sampleCount() + ")");
        o.println("fragment root    " + m.fragmentTree().rootHex() + " (the release contract must record this)");
        if (release != null) {
            o.println("sampled          " + (sampled.isEmpty() ? "not yet (the chain samples once every keyholder has enrolled)"
                    : "encrypted fragments " + sampled + " (marked SAMPLE below; `unveil preview --samples " + release + "` extracts them once revealed)"));
        }
        for (int g = 0; g < m.groups().size(); g++) {
            Manifest.Group grp = m.groups().get(g);
            o.println("group " + g + "          " + grp.threshold() + " of " + grp.shares().size() + " keyholders");
            for (Manifest.Share s : grp.shares()) o.println("  share " + s.identifier() + "        " + s.address() + " (" + s.keyholder() + ")");
        }
        int e = 0;
        for (Manifest.FileEntry f : m.files()) {
            o.println("file             " + f.path() + "  " + f.mediaType() + "  " + f.size() + " bytes  sha256 " + f.sha256());
            for (int j = 0; j < f.fragments().size(); j++) {
                Manifest.Fragment x = f.fragments().get(j);
                o.printf("  fragment %-5d  bytes %d..%d  %s%s%n", j, x.offset(), x.offset() + x.size(),
                        x.preview() ? "PREVIEW (plaintext)" : "encrypted " + e + ", key address " + x.keyAddress() + (sampled.contains(e) ? "  SAMPLE" : ""),
                        MediaLabels.of(f, j));
                if (!x.preview()) e++;
            }
        }
        e = 0;
        for (Manifest.FileEntry f : m.files()) {
            for (int j = 0; j < f.fragments().size(); j++) {
                boolean preview = f.fragments().get(j).preview();
                // A header segment holds no media: it plays only inside every other preview, so it is not one itself.
                if (preview && !(f.hasHeaderFragment() && j == 0)) o.println("preview          " + f.path() + " fragment " + j + MediaLabels.of(f, j));
                if (!preview && sampled.contains(e)) o.println("sample           " + f.path() + " fragment " + j + MediaLabels.of(f, j) + ", encrypted fragment " + e);
                if (!preview) e++;
            }
        }
        o.println("license          " + m.license());
        o.println("previews         " + i.previewBytes() + " of " + i.totalBytes() + " bytes");
        if (i.suspects().isEmpty()) {
            o.println("suspect          no");
        } else {
            for (String s : i.suspects()) o.println("SUSPECT          " + s);
        }
        o.flush();
        return 0;
    }
}
