package org.unveil.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.release.Fan;
import org.unveil.release.Gateways;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code unveil release unlock}: the released work, from the release address alone ({@link Fan#unlock}). */
@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = {"Write a released work's files into DIR: fetch the archive by the CID the release records (every block verified), "
                + "check it is the one the contract commits to, read the secret from the chain (recombined by the contract or published by "
                + "the artist), decrypt and verify every file. Files get their names only once everything verified."})
final class ReleaseUnlockCommand implements Callable<Integer> {
    @CommandLine.Mixin ChainOptions chain;
    @CommandLine.Mixin ReleaseTarget target;

    @Option(names = "--gateway", required = true, paramLabel = "URL", split = ",", description = "Trustless gateway base URL(s), tried in order.")
    List<String> gateways;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (files must not exist yet).")
    Path out;

    @Option(names = "--progress", description = "Show progress on stderr even when it is not a terminal.")
    boolean progress;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect()) {
            List<Path> written = new Fan(c, Gateways.of(gateways)).unlock(target.client(c), out,
                    ProgressBar.forCommand(spec.commandLine().getErr(), "unpacking", progress));
            UnpackCommand.printWritten(spec.commandLine().getOut(), written, chain.json);
        }
        return 0;
    }
}
