package org.unveil.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.io.AtomicFiles;
import org.unveil.eth.Chain;
import org.unveil.eth.KeyholderRegistryClient;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseSignatures;
import org.unveil.eth.Slot;
import org.web3j.utils.Numeric;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code unveil release accuse}: proves that the release key of a slot leaked, commit then reveal
 * (spec release-protocol §6.3). The commitment hides which release and slot it is about; the
 * reveal is judged by the release's state at the commitment's block, so a leaker cannot dodge it
 * by racing the state. The proof is signed by the leaked key and bound to the beneficiary. The
 * salt (and what was committed) is written to the accusation file before the commitment is sent,
 * so a crash between commit and reveal loses nothing: {@code --reveal} finishes it.
 */
@Command(name = "accuse", mixinStandardHelpOptions = true,
        description = "Prove a leaked release key (commit, wait for inclusion, reveal): the keyholder's deposit is slashed, half of it to the beneficiary.")
final class ReleaseAccuseCommand implements Callable<Integer> {
    @Mixin ChainOptions chain;
    @Mixin ReleaseTarget target;

    @Option(names = "--slot", required = true, paramLabel = "N", description = "The slot whose key leaked.")
    int slot;

    @Option(names = "--leaked-key-file", required = true, paramLabel = "FILE", description = "The leaked release key (64 hex digits).")
    Path leakedKeyFile;

    @Option(names = "--beneficiary", paramLabel = "ADDRESS", description = "Who receives the bounty (default: the --key-file account).")
    String beneficiary;

    @Option(names = "--accusation-file", paramLabel = "FILE",
            description = "Where the salt and the committed values are kept between commit and reveal (default: accusation-RELEASE-SLOT.txt; never replaced).")
    Path accusationFile;

    @Option(names = "--commit-only", description = "Only commit; reveal later with --reveal.")
    boolean commitOnly;

    @Option(names = "--reveal", description = "Only reveal the commitment recorded in the accusation file.")
    boolean revealOnly;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (commitOnly && revealOnly) throw new IllegalArgumentException("--commit-only and --reveal exclude each other");
        try (Chain c = chain.connect(); var k = new ReleaseEnrolCommand.ReleaseKeyHolder(ReleaseKeyFile.load(leakedKeyFile, null))) {
            var sender = chain.sender(c);
            ReleaseClient release = target.client(c);
            Slot s = release.slot(slot);
            if (!s.releaseKey().equalsIgnoreCase(k.key.address())) {
                throw new IllegalArgumentException("the key in " + leakedKeyFile + " (address " + k.key.address() + ") is not the release key of slot "
                        + slot + " (" + s.releaseKey() + ")");
            }
            String keyholder = s.keyholder().orElseThrow(() -> new IllegalStateException("slot " + slot + " has no keyholder yet: nothing to accuse"));
            Path file = accusationFile != null ? accusationFile : Path.of("accusation-" + release.address() + "-" + slot + ".txt");
            String to;
            byte[] salt;
            if (revealOnly) {
                Map<String, String> saved = read(file);
                if (!release.address().equalsIgnoreCase(saved.get("release")) || !String.valueOf(slot).equals(saved.get("slot"))) {
                    throw new IllegalArgumentException(file + " records an accusation of " + saved.get("release") + " slot " + saved.get("slot"));
                }
                to = saved.get("beneficiary");
                salt = Numeric.hexStringToByteArray(saved.get("salt"));
            } else {
                to = beneficiary == null ? sender.address() : beneficiary;
                salt = new byte[32];
                new SecureRandom().nextBytes(salt);
            }
            byte[] proof = ReleaseSignatures.sign(ReleaseSignatures.leakProofDigest(c.chainId(), release.address(), keyholder, to), k.key);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("slot", slot);
            result.put("keyholder", keyholder);
            result.put("beneficiary", to);
            result.put("accusationFile", file.toString());
            List<Map<String, Object>> txs = new java.util.ArrayList<>();
            if (!revealOnly) {
                // Written before the commitment is sent: whatever happens next, the reveal can be finished.
                String record = "release=" + release.address() + "\nslot=" + slot + "\nbeneficiary=" + to + "\nsalt=" + Numeric.toHexString(salt)
                        + "\ncommitter=" + sender.address() + "\n";
                AtomicFiles.writeNew(file.toAbsolutePath(), record.getBytes(StandardCharsets.UTF_8));
                byte[] commitment = ReleaseSignatures.accusationCommitment(release.address(), slot, to, proof, salt, sender.address());
                KeyholderRegistryClient registry = KeyholderRegistryClient.at(c, release.registry());
                // The sender waits for inclusion and the chain's confirmations before the reveal goes out.
                txs.add(ChainReceipts.describe("commitAccusation", registry.commitAccusation(sender, commitment)));
            }
            if (!commitOnly) {
                txs.add(ChainReceipts.describe("accuse", release.accuse(sender, slot, to, proof, salt)));
                result.put("bountyWei", release.bountyOwed(slot).toString());
                result.put("bountyClaimableAt", release.bountyClaimableAt(slot).toString());
            }
            ChainReceipts.print(spec.commandLine().getOut(), chain.json, result, txs);
        }
        return 0;
    }

    private static Map<String, String> read(Path file) throws IOException {
        Map<String, String> m = new HashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) m.put(line.substring(0, eq), line.substring(eq + 1));
        }
        for (String key : List.of("release", "slot", "beneficiary", "salt")) {
            if (!m.containsKey(key)) throw new IOException(file + " is not an accusation file: no " + key);
        }
        return m;
    }
}
