package org.unveil.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import org.unveil.archive.ReleaseTerms;
import org.unveil.eth.Chain;
import picocli.CommandLine.Option;

/**
 * The release terms as {@code pack} options, with defaults that suit a local demo chain. Names,
 * amounts and times follow spec/glossary.md, as in {@code release create}.
 */
final class ReleaseTermsOptions {
    static final String DEMO_FACTORY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";

    @Option(names = "--chain-id", paramLabel = "N", defaultValue = "31337", description = "EIP-155 chain id (default: ${DEFAULT-VALUE}, a local Hardhat chain).")
    long chainId;

    @Option(names = "--factory", paramLabel = "ADDRESS", defaultValue = DEMO_FACTORY,
            description = "ReleaseFactory address (default: ${DEFAULT-VALUE}, the first contract a fresh Hardhat node deploys).")
    String factory;

    @Option(names = "--release", paramLabel = "ADDRESS", defaultValue = ReleaseTerms.ZERO_ADDRESS,
            description = "Predicted release address (from `unveil release predict`); shares are bound to it (default: the zero address, demo only).")
    String release;

    @Option(names = "--token", paramLabel = "ADDRESS", defaultValue = ReleaseTerms.ZERO_ADDRESS,
            description = "ERC-20 payment token; the zero address means ETH (default).")
    String token;

    @Option(names = "--goal", paramLabel = "AMOUNT", defaultValue = "1eth",
            description = "Funding goal, e.g. 2eth or 2.5USDC for a token release (default: ${DEFAULT-VALUE}).")
    String goal;

    @Option(names = "--artist-fee", paramLabel = "AMOUNT", description = "The artist's fixed fee, paid on release; at most the goal (default: 90%% of the goal).")
    String artistFee;

    @Option(names = "--enrol-deadline", paramLabel = "WHEN", defaultValue = "7d",
            description = "Keyholders must enrol by then: a duration from now (7d, 12h) or a date/instant (2027-01-31, 2027-01-31T12:00:00Z) (default: ${DEFAULT-VALUE}).")
    String enrolDeadline;

    @Option(names = "--pledge-deadline", paramLabel = "WHEN", defaultValue = "30d",
            description = "Fans must reach the goal by then; same forms as --enrol-deadline (default: ${DEFAULT-VALUE}).")
    String pledgeDeadline;

    @Option(names = "--reveal-window", paramLabel = "DURATION", defaultValue = "3d",
            description = "Time keyholders have after funding to publish their shares, e.g. 3d or 12h (default: ${DEFAULT-VALUE}).")
    String revealWindow;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "" + ReleaseTerms.DEFAULT_SAMPLE_COUNT,
            description = "Encrypted fragments the chain picks at random before pledging opens, whose keys you must then reveal, 1..16 (default: ${DEFAULT-VALUE}:"
                    + " a brick covering half the fragments is caught 87.5%% of the time, and only N fragments are given away before anyone pays).")
    int samples;

    @Option(names = "--rpc", paramLabel = "URL", defaultValue = "${env:UNVEIL_RPC:-http://127.0.0.1:8545}",
            description = "JSON-RPC endpoint, asked only for a token amount given with the token's symbol (default: $UNVEIL_RPC, else ${DEFAULT-VALUE}).")
    String rpc;

    /** The terms; the chain is reached only when a token amount uses the token's symbol. */
    ReleaseTerms toTerms(Instant now) throws IOException {
        Chain[] chain = new Chain[1];
        try {
            Amounts.ChainSource lazy = () -> chain[0] != null ? chain[0] : (chain[0] = Chain.connect(rpc));
            BigInteger g = Amounts.parse(goal, "--goal", token, lazy);
            if (g.signum() == 0) throw new IllegalArgumentException("--goal must be more than zero");
            BigInteger f = artistFee != null ? Amounts.parse(artistFee, "--artist-fee", token, lazy) : g.multiply(BigInteger.valueOf(9)).divide(BigInteger.TEN);
            if (f.compareTo(g) > 0) throw new IllegalArgumentException("--artist-fee " + artistFee + " is more than the goal " + goal + ": the fee is paid out of the goal");
            Instant enrol = TimeArgs.instant(enrolDeadline, "--enrol-deadline", now);
            Instant pledge = TimeArgs.instant(pledgeDeadline, "--pledge-deadline", now);
            if (!enrol.isAfter(now)) throw new IllegalArgumentException("--enrol-deadline " + enrol + " is in the past; give a later time, e.g. 7d");
            if (!pledge.isAfter(enrol)) {
                throw new IllegalArgumentException("--pledge-deadline " + pledge + " must be after the enrolment deadline " + enrol
                        + ": fans can pledge only once the keyholders have enrolled");
            }
            long window = TimeArgs.duration(revealWindow, "--reveal-window").getSeconds();
            if (samples < org.unveil.archive.SampleRule.MIN_SAMPLES || samples > org.unveil.archive.SampleRule.MAX_SAMPLES) {
                throw new IllegalArgumentException("--samples " + samples + " must be in " + org.unveil.archive.SampleRule.MIN_SAMPLES + ".."
                        + org.unveil.archive.SampleRule.MAX_SAMPLES + " (3 catches a brick of half the fragments 87.5% of the time)");
            }
            return new ReleaseTerms(chainId, factory, release, token, g, f, enrol.getEpochSecond(), pledge.getEpochSecond(), window, samples);
        } finally {
            if (chain[0] != null) chain[0].close();
        }
    }
}
