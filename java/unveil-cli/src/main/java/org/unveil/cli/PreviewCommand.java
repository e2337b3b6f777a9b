package org.unveil.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.archive.ArchiveUnpacker;
import org.unveil.archive.IntegrityException;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.release.Fan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code unveil preview}: extract the plaintext previews (playable media segments) without any key. */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = {"Extract the plaintext previews of an archive, without any key.", "",
            "Verifies the whole archive, then writes the previews into DIR. A whole-file preview keeps its path; a preview "
                + "fragment of a cut file is written as <name>.preview-<fragment>.<ext>.",
            "With --samples RELEASE, also the fragments the chain sampled, decrypted with the keys revealed on chain."})
final class PreviewCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The archive.")
    Path archive;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (files must not exist yet).")
    Path out;

    @Option(names = "--json", description = "Print the written files as JSON.")
    boolean json;

    @Option(names = "--samples", paramLabel = "RELEASE",
            description = "Also extract the fragments the chain sampled for this release address, decrypted with the keys revealed on chain "
                    + "and checked against the manifest (as <name>.sample-<fragment>.<ext>); needs --rpc.")
    String samplesOf;

    @Option(names = "--rpc", paramLabel = "URL", defaultValue = "${env:UNVEIL_RPC:-http://127.0.0.1:8545}",
            description = "JSON-RPC endpoint for --samples (default: $UNVEIL_RPC or ${DEFAULT-VALUE}).")
    String rpc;

    @Override
    public Integer call() throws Exception {
        List<Path> written = new java.util.ArrayList<>(ArchiveUnpacker.extractPreviews(CliFiles.input(archive), out));
        if (samplesOf != null) {
            try (Chain c = Chain.connect(rpc)) {
                for (Fan.Sample s : Fan.extractSamples(ReleaseClient.at(c, samplesOf), archive, out)) {
                    if (s.checked().isEmpty()) {
                        throw new IntegrityException("sample: encrypted fragment " + s.fragment() + " (" + s.where() + ") does not hold what the manifest says: "
                                + s.problem() + "; the release is suspect");
                    }
                    written.add(s.checked().get().output());
                }
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            Json.print(o, Map.of("previews", written.stream().map(Path::toString).toList()));
        } else {
            if (written.isEmpty()) o.println("this archive has no previews (suspect: nothing can be checked before release)");
            for (Path p : written) o.println(p);
            o.flush();
        }
        return 0;
    }
}
