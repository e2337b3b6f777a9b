package org.unveil.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.release.Artist;
import org.unveil.release.SecretFiles;
import org.unveil.release.Transaction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code unveil release author-release}: the artist publishes the secret s itself, for a funded release. */
@Command(name = "author-release", mixinStandardHelpOptions = true,
        description = "Publish the release secret from the artist's secret file (when keyholders are slow).")
final class ReleaseAuthorReleaseCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;

    @Option(names = "--secret-file", required = true, paramLabel = "FILE", description = "The secret file written by `unveil pack`.")
    Path secretFile;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ReleaseSecret secret = SecretFiles.releaseSecret(CliFiles.input(secretFile));
        try (Chain c = chain.connect()) {
            ReleaseClient release = target.client(c);
            Transaction t = new Artist(c).authorRelease(chain.sender(c), release, secret);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("state", release.state().label());
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, List.of(ChainReceipts.describe(t.action(), t.receipt())));
        } finally {
            secret.destroy();
        }
        return 0;
    }
}
