package org.unveil.cli;

import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.archive.ArchiveReader;
import org.unveil.archive.Inspection;
import org.unveil.archive.Manifest;
import org.unveil.archive.keys.GroupSpec;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.ReleaseParams;
import org.unveil.ipfs.Cid;
import org.unveil.release.Artist;
import org.web3j.utils.Numeric;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code unveil release create}: the artist creates the release contract at its predicted address.
 * With {@code --archive} every term is read from the archive's manifest (and the predicted address
 * must be the one the archive was packed for: {@link Artist#draft}); otherwise each is given as an option.
 */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a release contract through the factory (the artist's step).")
final class ReleaseCreateCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;

    @Option(names = "--factory", paramLabel = "ADDRESS", description = "The ReleaseFactory (default with --archive: the manifest's).")
    String factory;

    @Option(names = "--salt", required = true, paramLabel = "TEXT",
            description = "Your salt: 0x + 64 hex digits, or any text (its keccak256 is used). Same salt, same address.")
    String salt;

    @Option(names = "--archive", paramLabel = "FILE", description = "Read the terms, groups, keys and manifest hash from this archive.")
    Path archive;

    @Option(names = "--cid", required = true, paramLabel = "CID", description = "The archive's IPFS CID (CIDv1).")
    String cid;

    @Option(names = "--deposit", required = true, paramLabel = "AMOUNT", description = "Deposit every keyholder posts, e.g. 1eth (in the release's token for a token release).")
    String deposit;

    @Option(names = "--keyholder-fee", paramLabel = "AMOUNT", description = "Fee per publishing keyholder (default with --archive: derived from the manifest's artist fee).")
    String keyholderFee;

    @Option(names = "--goal", paramLabel = "AMOUNT", description = "Funding goal, e.g. 3eth or 2500USDC (without --archive).") String goal;
    @Option(names = "--token", paramLabel = "ADDRESS",
            description = "Pay the release in this ERC-20 token (allowed by the factory); amounts then in its base units or e.g. 2.5USDC. Default: ETH, or the manifest's with --archive.")
    String token;
    @Option(names = "--enrol-deadline", paramLabel = "WHEN",
            description = "Keyholders must enrol by then: a duration from now (1d, 12h) or a date/instant (2027-01-31, 2027-01-31T12:00:00Z) (without --archive).")
    String enrolDeadline;
    @Option(names = "--pledge-deadline", paramLabel = "WHEN", description = "Fans must reach the goal by then; same forms as --enrol-deadline (without --archive).")
    String pledgeDeadline;
    @Option(names = "--reveal-window", paramLabel = "DURATION", description = "Time keyholders have after funding to publish, e.g. 3d (without --archive).")
    String revealWindow;
    @Option(names = "--secret-address", paramLabel = "ADDRESS", description = "addr(S) of the release secret.") String secretAddress;
    @Option(names = "--manifest-hash", paramLabel = "HEX", description = "SHA-256 of manifest.json.") String manifestHash;
    @Option(names = "--commitments-hash", paramLabel = "HEX", description = "keccak256 of all groups' Feldman commitments.") String commitmentsHash;
    @Option(names = "--groups", split = ",", paramLabel = "M/N", description = "Keyholder groups, e.g. 2/3,1/2.") List<String> groups;
    @Option(names = "--release-keys", split = ",", paramLabel = "ADDRESS", description = "addr(k_i) of every slot, group after group.") List<String> releaseKeys;
    @Option(names = "--share-addresses", split = ",", paramLabel = "ADDRESS",
            description = "addr(P_i) of every slot's Feldman share point, group after group (without --archive; with it, computed from the commitments).")
    List<String> shareAddresses;

    @Option(names = "--fragment-root", paramLabel = "HEX", description = "Root of the archive's fragment tree (without --archive; `unveil inspect` prints it).")
    String fragmentRoot;

    @Option(names = "--fragment-count", paramLabel = "N", description = "The archive's number of encrypted fragments (without --archive).")
    Integer fragmentCount;

    @Option(names = "--samples", paramLabel = "N", description = "How many encrypted fragments the chain samples before pledging opens, 1..16 (without --archive; default 3).")
    Integer samples;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        byte[] salt32 = salt32(salt);
        try (Chain c = chain.connect()) {
            var sender = chain.sender(c);
            Artist artist = new Artist(c);
            ReleaseParams params;
            ReleaseFactoryClient f;
            if (archive != null) {
                Inspection insp = ArchiveReader.inspect(CliFiles.input(archive));
                Manifest m = insp.manifest();
                f = ReleaseFactoryClient.at(c, factory == null ? m.terms().factory() : factory);
                if (token != null && !token.equalsIgnoreCase(m.terms().token())) {
                    throw new IllegalArgumentException("the archive was packed for token " + m.terms().token() + ", not " + token);
                }
                String currency = m.terms().token();
                params = artist.draft(insp, Cid.parse(cid), f, f.predictAddress(sender.address(), salt32), Amounts.positive(deposit, "--deposit", currency, c),
                        keyholderFee == null ? null : Amounts.parse(keyholderFee, "--keyholder-fee", currency, c));
            } else {
                if (factory == null) throw new IllegalArgumentException("give --factory (or --archive)");
                f = ReleaseFactoryClient.at(c, factory);
                params = fromOptions(c.latestBlockTime(), c);
            }
            String address = f.predictAddress(sender.address(), salt32);
            if (c.hasCode(address)) {
                throw new IllegalArgumentException("a release already exists at " + address + ": this account has used --salt \"" + salt
                        + "\" before. See it with `unveil release status --release " + address + "`, or choose another --salt"
                        + (archive != null ? " (and pack again for the new address from `unveil release predict`)" : ""));
            }
            ReleaseClient release = artist.create(sender, f, params, salt32);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("release", release.address());
            result.put("state", release.state().label());
            result.put("slots", params.slotCount());
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, List.of());
        }
        return 0;
    }

    private ReleaseParams fromOptions(Instant now, Chain c) throws java.io.IOException {
        for (var req : List.of(new String[] {"--goal", goal}, new String[] {"--enrol-deadline", enrolDeadline},
                new String[] {"--pledge-deadline", pledgeDeadline}, new String[] {"--reveal-window", revealWindow},
                new String[] {"--secret-address", secretAddress}, new String[] {"--manifest-hash", manifestHash},
                new String[] {"--commitments-hash", commitmentsHash}, new String[] {"--fragment-root", fragmentRoot})) {
            if (req[1] == null) throw new IllegalArgumentException("give " + req[0] + " (or --archive)");
        }
        if (groups == null || releaseKeys == null || shareAddresses == null || fragmentCount == null) {
            throw new IllegalArgumentException("give --groups, --release-keys, --share-addresses and --fragment-count (or --archive)");
        }
        List<GroupSpec> specs = groups.stream().map(GroupSpec::parse).toList();
        String currency = token == null ? ReleaseParams.ETH : token;
        return new ReleaseParams(currency, Amounts.positive(goal, "--goal", currency, c), Amounts.positive(deposit, "--deposit", currency, c),
                keyholderFee == null ? BigInteger.ZERO : Amounts.parse(keyholderFee, "--keyholder-fee", currency, c),
                TimeArgs.instant(enrolDeadline, "--enrol-deadline", now), TimeArgs.instant(pledgeDeadline, "--pledge-deadline", now),
                TimeArgs.duration(revealWindow, "--reveal-window"), secretAddress,
                hex32(manifestHash, "--manifest-hash"), hex32(commitmentsHash, "--commitments-hash"), Cid.parse(cid).bytes(),
                specs.stream().map(GroupSpec::threshold).toList(), specs.stream().map(GroupSpec::size).toList(), releaseKeys, shareAddresses,
                hex32(fragmentRoot, "--fragment-root"), fragmentCount, samples == null ? 3 : samples);
    }

    /** The artist's salt as 32 bytes ({@link Artist#salt32}). */
    static byte[] salt32(String text) {
        return Artist.salt32(text);
    }

    private static byte[] hex32(String text, String what) {
        String h = text.startsWith("0x") ? text.substring(2) : text;
        if (!h.matches("[0-9a-fA-F]{64}")) throw new IllegalArgumentException(what + " must be 64 hex digits, got: " + text);
        return Numeric.hexStringToByteArray(h);
    }
}
