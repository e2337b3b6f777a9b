package org.unveil.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.unveil.eth.Chain;
import org.unveil.release.Fan;
import org.unveil.release.Gateways;
import org.unveil.release.Verdict;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code unveil release verify}: the fan's check before pledging ({@link Fan#verify}); the exit code is the verdict. */
@Command(name = "verify", mixinStandardHelpOptions = true, exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:OK: every check passed", "3:SUSPECT: at least one reason to distrust the release (each is printed)",
            "1:error: the chain or every gateway failed, nothing was concluded", "2:wrong arguments"},
        description = {"Check a release before pledging: fetch its archive by the CID the contract records (every block verified), "
                + "compare it with the contract (manifest hash, commitments, share addresses, secret address, terms), look for previews, "
                + "and check the keyholders in the registry (registered, not slashed, stake). Prints the verdict and every finding."})
final class ReleaseVerifyCommand implements Callable<Integer> {
    static final int SUSPECT = 3;

    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;

    @Option(names = "--gateway", required = true, paramLabel = "URL", split = ",",
            description = "Trustless gateway base URL(s), tried in order, e.g. http://127.0.0.1:8080.")
    List<String> gateways;

    @Option(names = "--factory", paramLabel = "ADDRESS", description = "The factory you trust (default: the one the manifest names, checked to have created the release).")
    String factory;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Chain c = chain.connect()) {
            Verdict v = new Fan(c, Gateways.of(gateways)).verify(target.client(c), factory);
            VerdictPrinter.print(spec.commandLine().getOut(), v, chain.json);
            return v.ok() ? 0 : SUSPECT;
        }
    }
}
