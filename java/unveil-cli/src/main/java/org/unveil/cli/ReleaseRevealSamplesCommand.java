package org.unveil.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.archive.ArchiveReader;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.release.Artist;
import org.unveil.release.FetchedArchive;
import org.unveil.release.SecretFiles;
import org.unveil.release.Transaction;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code unveil release reveal-samples}: once every slot is enrolled, the artist reveals the keys of
 * the fragments the chain sampled ({@link Artist#revealSamples}), and pledging opens.
 */
@Command(name = "reveal-samples", mixinStandardHelpOptions = true,
        description = {"Reveal the keys of the fragments the chain sampled, so that fans can check them: pledging opens.",
                "", "Run it once every keyholder has enrolled and the beacon block (5 blocks later) is mined; it draws the samples first if nobody has."})
final class ReleaseRevealSamplesCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;

    @Option(names = "--secret-file", required = true, paramLabel = "FILE", description = "The secret file written by `unveil pack`.")
    Path secretFile;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "The release's archive (its fragment tree proves each key):%n")
    ArchiveSource archive;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReleaseSecret secret = SecretFiles.releaseSecret(CliFiles.input(secretFile));
        try (Chain c = chain.connect()) {
            ReleaseClient release = target.client(c);
            Artist.Samples s;
            try (FetchedArchive a = archive.open(release)) {
                s = new Artist(c).revealSamples(chain.sender(c), release, secret, ArchiveReader.inspect(a.file()).manifest());
            }
            java.util.List<Map<String, Object>> txs = new java.util.ArrayList<>();
            for (Transaction t : s.transactions()) txs.add(ChainReceipts.describe(t.action(), t.receipt()));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("sampledFragments", s.fragments());
            result.put("state", release.state().label());
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, txs);
        } finally {
            secret.destroy();
        }
        return 0;
    }
}
