package org.unveil.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.archive.FileSpec;
import org.unveil.archive.ProgressListener;
import org.unveil.archive.ReleaseTerms;
import org.unveil.archive.keys.GroupSpec;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.ReleaseParams;
import org.unveil.release.hire.Launch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code unveil release launch}: the artist's whole release with keyholder bots, in one resumable command. */
@Command(name = "launch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Hire keyholder bots, pack, upload, create the release and open it for pledges, in one resumable run (artist).", "",
            "Finds bots in the keyholder registry (or takes --bot URLs), reads each one's signed terms, solicits one slot from each "
                + "(spec/keyholder-protocol.md), packs the archive with the release keys they offered, uploads it to every one of them, "
                + "creates the release, tells each bot, waits until every slot is enrolled, and reveals the sampled fragments' keys so "
                + "pledging opens. Every step is recorded in --work-dir as it completes: after a crash or Ctrl-C, run the same command "
                + "again and it goes on from where it stopped.", "",
            "Files, --cut and --preview are as for `unveil pack`. Amounts take 2eth, 100gwei or a whole number of wei; periods take 7d, 12h."})
final class ReleaseLaunchCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin ChainOptions chain;

    @Option(names = "--factory", paramLabel = "ADDRESS", defaultValue = ReleaseTermsOptions.DEMO_FACTORY,
            description = "ReleaseFactory address (default: ${DEFAULT-VALUE}, the first contract a fresh Hardhat node deploys).")
    String factory;

    @Option(names = "--salt", required = true, paramLabel = "TEXT", description = "Any text, new for each release of your account: with it the release's address is known before it exists.")
    String salt;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The archive to write.")
    Path out;

    @Option(names = "--secret-out", paramLabel = "FILE", description = "Where to save the release secret s (default: the archive path + .secret); never replaced.")
    Path secretOut;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "The launch's state, to resume from (default: the archive path + .launch).")
    Path workDir;

    @Option(names = "--group", paramLabel = "M/N", description = "A keyholder group: M of N shares rebuild s; repeat for backup groups (default: one group 2/3).")
    List<String> groups;

    @Option(names = "--bot", paramLabel = "URL", description = "A keyholder bot to hire, in order of preference (default: every bot in the registry, highest stake first).")
    List<URI> bots;

    @Option(names = "--archive-gateway", paramLabel = "URL",
            description = "Instead of uploading the archive to each bot, let the bots fetch it (verified) from this trustless gateway, e.g. your `unveil ipfs serve` after `unveil ipfs add --pin`; repeatable.")
    List<URI> archiveGateways;

    @Option(names = "--preview", paramLabel = "PATH[:I,J...]", description = "Store these fragments (or the whole uncut file) in plaintext.")
    List<String> previews;

    @Option(names = "--cut", paramLabel = "PATH:FORMAT[:S]|PATH:BYTES", description = "Cut a file, as for `unveil pack`.")
    List<String> cuts;

    @Option(names = "--license", paramLabel = "TEXT", description = "License terms; they apply only if the release is fulfilled.")
    String license;

    @Option(names = "--goal", paramLabel = "AMOUNT", defaultValue = "1eth", description = "Funding goal in ETH (default: ${DEFAULT-VALUE}).")
    String goal;

    @Option(names = "--artist-fee", paramLabel = "AMOUNT", description = "Your fee, paid on release (default: 90%% of the goal).")
    String artistFee;

    @Option(names = "--deposit", paramLabel = "AMOUNT", defaultValue = "0.1eth", description = "Each keyholder's deposit (default: ${DEFAULT-VALUE}).")
    String deposit;

    @Option(names = "--enrol-period", paramLabel = "DURATION", defaultValue = "1d", description = "Time the bots have to enrol (default: ${DEFAULT-VALUE}).")
    String enrolPeriod;

    @Option(names = "--pledge-period", paramLabel = "DURATION", defaultValue = "30d", description = "Time fans have to reach the goal after that (default: ${DEFAULT-VALUE}).")
    String pledgePeriod;

    @Option(names = "--reveal-window", paramLabel = "DURATION", defaultValue = "3d", description = "Time the bots have after funding to publish (default: ${DEFAULT-VALUE}).")
    String revealWindow;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "" + ReleaseTerms.DEFAULT_SAMPLE_COUNT, description = "Fragments the chain samples, 1..16 (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--progress", description = "Show progress on stderr even when it is not a terminal.")
    boolean progress;

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Files or directories to release.")
    List<Path> inputs;

    @Override
    public Integer call() throws Exception {
        List<FileSpec> files = PackInputs.resolve(inputs, orEmpty(cuts), orEmpty(previews));
        List<GroupSpec> specs = (groups == null || groups.isEmpty() ? List.of("2/3") : groups).stream().map(GroupSpec::parse).toList();
        var g = Amounts.positive(goal, "--goal", ReleaseParams.ETH, (Chain) null);
        var fee = artistFee != null ? Amounts.parse(artistFee, "--artist-fee", ReleaseParams.ETH, (Chain) null) : g.multiply(java.math.BigInteger.valueOf(9)).divide(java.math.BigInteger.TEN);
        if (fee.compareTo(g) > 0) throw new IllegalArgumentException("--artist-fee " + artistFee + " is more than the goal " + goal + ": the fee is paid out of the goal");
        Path secret = secretOut != null ? secretOut : out.resolveSibling(out.getFileName() + ".secret");
        Path work = workDir != null ? workDir : out.resolveSibling(out.getFileName() + ".launch");
        Launch.Plan plan = new Launch.Plan(files, license != null ? license : "This work is licensed under CC BY 4.0 only if its release contract is fulfilled.",
                specs, g, fee, Amounts.positive(deposit, "--deposit", ReleaseParams.ETH, (Chain) null), TimeArgs.duration(enrolPeriod, "--enrol-period"),
                TimeArgs.duration(pledgePeriod, "--pledge-period"), TimeArgs.duration(revealWindow, "--reveal-window"), samples, salt,
                bots == null ? List.of() : bots, archiveGateways == null ? List.of() : archiveGateways, out, secret, work);
        var err = spec.commandLine().getErr();
        Map<String, ProgressListener> bars = new LinkedHashMap<>();
        Launch.Progress report = new Launch.Progress() {
            @Override
            public void step(String line) {
                err.println("unveil: " + line);
                err.flush();
            }

            @Override
            public void count(String what, long done, long total, String unit) {
                if (unit.equals("bytes")) {
                    bars.computeIfAbsent(what, w -> ProgressBar.forCommand(err, w.length() > 8 ? w.substring(0, 8) : w, progress)).progress(done, total);
                } else {
                    err.println("unveil: " + what + " " + done + " of " + total + " " + unit);
                    err.flush();
                }
            }
        };
        try (Chain c = chain.connect()) {
            Launch.Result r = new Launch(c, chain.credentials(), ReleaseFactoryClient.at(c, factory), report).run(plan);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("release", r.release());
            result.put("cid", r.cid());
            result.put("archive", r.archive().toAbsolutePath().toString());
            result.put("secretFile", secret.toAbsolutePath().toString());
            result.put("keyholders", new ArrayList<>(r.keyholders()));
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, List.of());
        }
        return 0;
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }
}
