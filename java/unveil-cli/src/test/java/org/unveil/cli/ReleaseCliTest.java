package org.unveil.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.unveil.eth.Slot;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.FragmentKeys;
import org.unveil.archive.FragmentTree;
import org.unveil.archive.keys.FeldmanVss;
import org.unveil.archive.keys.GroupSpec;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.eth.CommitmentsHash;
import org.unveil.eth.DevChain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.Wei;
import org.unveil.eth.keys.ReleaseKeyDerivation;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import tools.jackson.databind.JsonNode;

/**
 * {@code unveil chain} and {@code unveil release} against a real Hardhat node: a deployment made by
 * the CLI, then a 2-of-2 release created, enrolled, funded, released, settled and paid out through
 * the CLI only, with its error messages for wrong state, deadlines and insufficient funds.
 */
class ReleaseCliTest {
    private static DevChain chain;
    @TempDir static Path dir;

    record Result(int exit, String out, String err) {}

    @BeforeAll
    static void start() throws Exception {
        chain = DevChain.start();
    }

    @AfterAll
    static void stop() {
        if (chain != null) chain.close();
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = UnveilCommand.commandLine(args);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    static Path keyFile(Credentials c, String name) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(c.getEcKeyPair().getPrivateKey(), 64) + "\n"); // 64 digits even with leading zeros
        return p;
    }

    /** The command words and their options, then the shared options (picocli wants them after the subcommand). */
    private static String[] with(String[] shared, String... command) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(shared));
        return all.toArray(String[]::new);
    }

    @Test
    void wholeReleaseThroughTheCli() throws Exception {
        String rpc = chain.rpcUrl();
        Path deployerKey = keyFile(chain.account(0), "deployer.key");
        Path deployment = dir.resolve("deployment.json");
        Result dep = run("chain", "deploy", "--rpc", rpc, "--key-file", deployerKey.toString(), "--out", deployment.toString(), "--json");
        assertEquals(0, dep.exit(), dep.err());
        JsonNode d = Json.tree(Files.readAllBytes(deployment));
        String factory = d.get("factory").asString();
        assertEquals(factory, Json.tree(dep.out().getBytes()).get("factory").asString());
        assertTrue(chain.chain().hasCode(factory));

        // keyholder 0 signs with a raw hex key, keyholder 1 with a password-protected keystore
        Credentials kh0 = chain.account(2), kh1 = chain.account(3), artist = chain.account(1), fan = chain.account(12);
        Path kh0Key = keyFile(kh0, "kh0.key");
        Path password = dir.resolve("password.txt");
        Files.writeString(password, "correct horse\n");
        Path kh1Key = dir.resolve(WalletUtils.generateWalletFile("correct horse", kh1.getEcKeyPair(), dir.toFile(), false));
        String[] kh0Args = {"--rpc", rpc, "--key-file", kh0Key.toString()};
        String[] kh1Args = {"--rpc", rpc, "--key-file", kh1Key.toString(), "--password-file", password.toString()};
        Result badPw = run(with(new String[] {"chain", "register", "--factory", factory, "--rpc", rpc, "--key-file", kh1Key.toString(),
                "--password-file", deployerKey.toString()}));
        assertEquals(1, badPw.exit());
        assertTrue(badPw.err().contains("cannot decrypt keystore"), badPw.err());
        assertEquals(0, run(with(kh0Args, "chain", "register", "--factory", factory, "--stake", "1eth")).exit());
        Result reg1 = run(with(kh1Args, "chain", "register", "--factory", factory, "--stake", "0.5eth", "--json"));
        assertEquals(0, reg1.exit(), reg1.err());
        assertEquals("500000000000000000", Json.tree(reg1.out().getBytes()).get("stakeWei").asString());

        // the artist's preparation (normally `unveil pack`): release keys for the predicted address, s split 2-of-2
        String salt = "cli test release";
        var f = ReleaseFactoryClient.at(chain.chain(), factory);
        String predicted = f.predictAddress(artist.getAddress(), ReleaseCreateCommand.salt32(salt));
        List<ReleaseKey> keys = List.of(
                ReleaseKeyDerivation.derive(kh0, ReleaseKeyRequest.of(31337, factory, predicted, kh0.getAddress())),
                ReleaseKeyDerivation.derive(kh1, ReleaseKeyRequest.of(31337, factory, predicted, kh1.getAddress())));
        ReleaseSecret s = ReleaseSecret.generate(new SecureRandom());
        var split = FeldmanVss.split(s, new GroupSpec(2, 2), new SecureRandom());
        byte[] manifestHash = new byte[32];
        new SecureRandom().nextBytes(manifestHash);
        Path artistKey = keyFile(artist, "artist.key");
        Result created = run("release", "create", "--rpc", rpc, "--key-file", artistKey.toString(), "--factory", factory, "--salt", salt,
                "--cid", "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", "--goal", "3eth", "--deposit", "1eth",
                "--keyholder-fee", "0.1eth", "--enrol-deadline", "1d", "--pledge-deadline", "7d", "--reveal-window", "2d",
                "--secret-address", s.address(), "--manifest-hash", HexFormat.of().formatHex(manifestHash),
                "--commitments-hash", HexFormat.of().formatHex(CommitmentsHash.of(List.of(split.commitments()))),
                "--groups", "2/2", "--release-keys", keys.get(0).address() + "," + keys.get(1).address(), "--share-addresses", String.join(",", FeldmanVss.shareAddresses(split.commitments(), 2)),
                "--fragment-root", HexFormat.of().formatHex(fragments(s).root()), "--fragment-count", "4", "--samples", "2", "--json");
        assertEquals(0, created.exit(), created.err());
        JsonNode c = Json.tree(created.out().getBytes());
        assertEquals(predicted, c.get("release").asString());
        assertEquals("Enrolling", c.get("state").asString());
        String release = predicted;
        Result again = run("release", "create", "--rpc", rpc, "--key-file", artistKey.toString(), "--factory", factory, "--salt", salt,
                "--cid", "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", "--goal", "3eth", "--deposit", "1eth",
                "--enrol-deadline", "1d", "--pledge-deadline", "7d", "--reveal-window", "2d", "--secret-address", s.address(),
                "--manifest-hash", HexFormat.of().formatHex(manifestHash), "--commitments-hash", "11".repeat(32), "--groups", "2/2",
                "--release-keys", keys.get(0).address() + "," + keys.get(1).address(), "--share-addresses", String.join(",", FeldmanVss.shareAddresses(split.commitments(), 2)),
                "--fragment-root", HexFormat.of().formatHex(fragments(s).root()), "--fragment-count", "4");
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("a release already exists at " + predicted) && again.err().contains("choose another --salt"), again.err());

        Path k0 = dir.resolve("k0.hex"), k1 = dir.resolve("k1.hex");
        Files.writeString(k0, HexFormat.of().formatHex(keys.get(0).bytes()));
        Files.writeString(k1, HexFormat.of().formatHex(keys.get(1).bytes()));
        Credentials stranger = chain.account(19); // funded, never registered
        Result unregistered = run("release", "enrol", "--rpc", rpc, "--key-file", keyFile(stranger, "stranger.key").toString(), "--release", release,
                "--slot", "0", "--release-key-file", k0.toString());
        assertEquals(1, unregistered.exit());
        assertTrue(unregistered.err().contains("is not a registered keyholder: register first with `unveil chain register"), unregistered.err());
        Result wrongSlot = run(with(kh0Args, "release", "enrol", "--release", release, "--slot", "1", "--release-key-file", k0.toString()));
        assertEquals(1, wrongSlot.exit());
        assertTrue(wrongSlot.err().contains("pick your own slot"), wrongSlot.err());
        // the keyholder's own terms: a 2-day reveal window over its 1-day maximum, a 1 ETH deposit
        // over its 0.5 ETH maximum, all refused at once and nothing sent
        Result outOfPolicy = run(with(kh0Args, "release", "enrol", "--release", release, "--slot", "0", "--release-key-file", k0.toString(),
                "--max-reveal-window", "1d", "--max-deposit", "0.5eth", "--max-lock", "400d"));
        assertEquals(1, outOfPolicy.exit());
        assertTrue(outOfPolicy.err().contains("the reveal window 2 days is longer than the 1 day this keyholder locks a deposit for")
                && outOfPolicy.err().contains("the deposit 1000000000000000000 is more than the 500000000000000000"), outOfPolicy.err());
        Result badPolicy = run(with(kh0Args, "release", "enrol", "--release", release, "--slot", "0", "--release-key-file", k0.toString(),
                "--max-lock", "soon"));
        assertEquals(1, badPolicy.exit());
        assertTrue(badPolicy.err().contains("--max-lock \"soon\" is not a duration such as 3d"), badPolicy.err());
        assertEquals(0, run(with(kh0Args, "release", "enrol", "--release", release, "--slot", "0", "--release-key-file", k0.toString(),
                "--min-reveal-window", "1d", "--max-deposit", "1eth", "--max-lock", "30d")).exit());
        Result e1 = run(with(kh1Args, "release", "enrol", "--release", release, "--slot", "1", "--release-key-file", k1.toString(), "--json"));
        assertEquals(0, e1.exit(), e1.err());
        assertEquals("Sampling", Json.tree(e1.out().getBytes()).get("state").asString());
        revealSamples(release, s);

        // a fan with an empty wallet is told it lacks funds
        Credentials broke = Credentials.create(Keys.createEcKeyPair());
        Result poor = run("release", "pledge", "--unverified", "--rpc", rpc, "--key-file", keyFile(broke, "broke.key").toString(), "--release", release, "--amount", "1eth");
        assertEquals(1, poor.exit());
        assertTrue(poor.err().contains("insufficient funds: balance 0 ETH (0 wei) < needed"), poor.err());
        String[] fanArgs = {"--rpc", rpc, "--key-file", keyFile(fan, "fan.key").toString()};
        Result zero = run(with(fanArgs, "release", "pledge", "--unverified", "--release", release, "--amount", "0eth"));
        assertEquals(1, zero.exit());
        assertTrue(zero.err().contains("--amount must be more than zero"), zero.err());
        // up to: 4 ETH offered, the 3 ETH still needed taken, 1 ETH sent back
        Result pledged = run(with(fanArgs, "release", "pledge", "--unverified", "--release", release, "--amount", "4eth", "--json"));
        assertEquals(0, pledged.exit(), pledged.err());
        var pledgedJson = Json.tree(pledged.out().getBytes());
        assertEquals("Funded", pledgedJson.get("state").asString());
        assertEquals("3000000000000000000", pledgedJson.get("pledgedWei").asString());
        assertEquals("1000000000000000000", pledgedJson.get("returnedWei").asString());
        Result late = run(with(fanArgs, "release", "pledge", "--unverified", "--release", release, "--amount", "1wei"));
        assertTrue(late.err().contains("release is in state Funded, expected Open"), late.err());

        // no archive here, so the keyholders publish through the client (publish-share reads the archive: below)
        Result noArchive = run(with(kh0Args, "release", "publish-share", "--release", release, "--slot", "0", "--release-key-file", k0.toString()));
        assertEquals(2, noArchive.exit(), "--archive is required");
        ReleaseClient client = ReleaseClient.at(chain.chain(), release);
        client.publishShare(chain.chain().sender(kh0), 0, split.shares().get(0));
        assertEquals(ReleaseState.FUNDED, client.state());
        client.publishShare(chain.chain().sender(kh1), 1, split.shares().get(1));
        assertEquals(ReleaseState.RELEASED, client.state(), "the contract recombined s");

        Result status = run("release", "status", "--rpc", rpc, "--release", release, "--json");
        assertEquals(0, status.exit(), status.err());
        JsonNode st = Json.tree(status.out().getBytes());
        assertEquals(new BigInteger(1, split.shares().get(1).value()), new BigInteger(st.get("slots").get(1).get("publishedShare").asString().substring(2), 16));
        assertEquals(new BigInteger(1, s.bytes()), new BigInteger(st.get("secret").asString().substring(2), 16), "s on chain");
        assertTrue(st.get("secretRecovered").asBoolean());
        assertEquals(kh0.getAddress(), st.get("slots").get(0).get("keyholder").asString());
        assertEquals("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy", st.get("archiveCid").asString());
        Result text = run("release", "status", "--rpc", rpc, "--release", release);
        assertTrue(text.out().contains("archive cid      bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"), text.out());
        assertTrue(text.out().contains("published share " + st.get("slots").get(1).get("publishedShare").asString()), text.out());
        assertTrue(text.out().contains("(recombined on chain from a group's shares)"), text.out());
        assertTrue(text.out().contains("next             anyone can decrypt: unveil ipfs get bafkrei"), text.out());
        assertTrue(text.out().contains("unveil release settle --release " + release + " --pay-out"), text.out());

        Result early = run(with(fanArgs, "release", "settle", "--release", release));
        assertEquals(1, early.exit());
        assertTrue(early.err().contains("too early: allowed from "), early.err());
        chain.increaseTime(Duration.ofDays(2));
        BigInteger artistBefore = chain.chain().balance(artist.getAddress());
        assertEquals(0, run(with(fanArgs, "release", "settle", "--release", release)).exit());
        chain.increaseTime(Duration.ofSeconds(ReleaseClient.ACCUSATION_WINDOW_SECONDS)); // deposits wait for late reveals
        Result settled = run(with(fanArgs, "release", "settle", "--release", release, "--pay-out", "--json"));
        assertEquals(0, settled.exit(), settled.err());
        JsonNode se = Json.tree(settled.out().getBytes());
        assertEquals("Settled", se.get("state").asString());
        assertEquals(3, se.get("transactions").size(), "two deposits, the artist fee (settled by the run before)");
        // A = G - P*F - 1% of G = 3 - 0.2 - 0.03 ETH
        assertEquals(Wei.parse("2.77eth"), chain.chain().balance(artist.getAddress()).subtract(artistBefore));
        assertEquals(ReleaseState.SETTLED, ReleaseClient.at(chain.chain(), release).state());
        Result nothing = run(with(fanArgs, "release", "refund", "--release", release));
        assertEquals(1, nothing.exit(), "both keyholders published: the fans' pool is empty");
        assertTrue(nothing.err().contains("has nothing to claim"), nothing.err());
    }

    @Test
    void artistCreatesFromItsArchiveAndReleasesByHandWhenKeyholdersVanish() throws Exception {
        String rpc = chain.rpcUrl();
        String factory = chain.deployment().factory();
        Credentials artist = chain.account(1), kh0 = chain.account(4), kh1 = chain.account(5), fan = chain.account(13);
        String[] kh0Args = {"--rpc", rpc, "--key-file", keyFile(kh0, "a-kh0.key").toString()};
        String[] kh1Args = {"--rpc", rpc, "--key-file", keyFile(kh1, "a-kh1.key").toString()};
        assertEquals(0, run(with(kh0Args, "chain", "register", "--factory", factory)).exit());
        assertEquals(0, run(with(kh1Args, "chain", "register", "--factory", factory)).exit());

        String salt = "archive release";
        String predicted = ReleaseFactoryClient.at(chain.chain(), factory).predictAddress(artist.getAddress(), ReleaseCreateCommand.salt32(salt));
        Result predictedByCli = run("release", "predict", "--rpc", rpc, "--factory", factory, "--salt", salt, "--artist", artist.getAddress(), "--json");
        assertEquals(0, predictedByCli.exit(), predictedByCli.err());
        assertTrue(predictedByCli.out().contains("\"release\":\"" + predicted + "\""), predictedByCli.out());
        ReleaseKey k0 = ReleaseKeyDerivation.derive(kh0, ReleaseKeyRequest.of(31337, factory, predicted, kh0.getAddress()));
        ReleaseKey k1 = ReleaseKeyDerivation.derive(kh1, ReleaseKeyRequest.of(31337, factory, predicted, kh1.getAddress()));
        long now = chain.chain().latestBlockTime().getEpochSecond();
        Path song = dir.resolve("song.bin");
        byte[] audio = new byte[200_000];
        new java.util.Random(7).nextBytes(audio);
        Files.write(song, audio);
        Path archive = dir.resolve("release.tar");
        Path secretFile = dir.resolve("release.secret");
        // goal 3 ETH, 2 slots, artist fee 2.77 ETH: the keyholder fee works out at 0.1 ETH after the 1% reputation share
        var packed = org.unveil.archive.ArchivePacker.builder()
                .terms(new org.unveil.archive.ReleaseTerms(31337, factory, predicted, org.unveil.archive.ReleaseTerms.ZERO_ADDRESS,
                        Wei.parse("3eth"), Wei.parse("2.77eth"), now + 86_400, now + 7 * 86_400, 2 * 86_400))
                .license("test license").file(new org.unveil.archive.FileSpec(song, "song.bin", org.unveil.archive.Cut.everyBytes(40_000), java.util.Set.of()))
                .group(2, List.of(k0.publicKey(), k1.publicKey())).secretFile(secretFile).build().pack(archive);
        Path artistKey = keyFile(artist, "a-artist.key");
        String cid = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

        Result wrongSalt = run("release", "create", "--rpc", rpc, "--key-file", artistKey.toString(), "--archive", archive.toString(),
                "--salt", "another salt", "--cid", cid, "--deposit", "1eth");
        assertEquals(1, wrongSalt.exit());
        assertTrue(wrongSalt.err().contains("the archive was packed for release address " + predicted), wrongSalt.err());
        Result created = run("release", "create", "--rpc", rpc, "--key-file", artistKey.toString(), "--archive", archive.toString(),
                "--salt", salt, "--cid", cid, "--deposit", "1eth", "--json");
        assertEquals(0, created.exit(), created.err());
        ReleaseClient release = ReleaseClient.at(chain.chain(), predicted);
        var params = release.params();
        assertEquals(Wei.parse("0.1eth"), params.keyholderFee());
        assertEquals(packed.manifestSha256(), HexFormat.of().formatHex(params.manifestHash()));
        assertEquals(packed.secret().address(), params.secretAddress());
        assertArrayEquals(FragmentTree.of(packed.manifest()).root(), params.fragmentRoot(), "the packed archive's fragment root is the contract's");
        assertEquals(packed.manifest().encryptedFragments().size(), params.fragmentCount());

        Path k0File = dir.resolve("a-k0.hex"), k1File = dir.resolve("a-k1.hex");
        Files.writeString(k0File, HexFormat.of().formatHex(k0.bytes()));
        Files.writeString(k1File, HexFormat.of().formatHex(k1.bytes()));
        // keyholders verify the archive and their shares before enrolling; a different archive is refused
        Path other = dir.resolve("other.tar");
        org.unveil.archive.ArchivePacker.builder()
                .terms(new org.unveil.archive.ReleaseTerms(31337, factory, predicted, org.unveil.archive.ReleaseTerms.ZERO_ADDRESS,
                        Wei.parse("3eth"), Wei.parse("2.77eth"), now + 86_400, now + 7 * 86_400, 2 * 86_400))
                .license("test license").file(org.unveil.archive.FileSpec.encrypted(song, "song.bin"))
                .group(2, List.of(k0.publicKey(), k1.publicKey())).build().pack(other);
        Result wrongArchive = run(with(kh0Args, "release", "enrol", "--release", predicted, "--slot", "0", "--release-key-file", k0File.toString(),
                "--archive", other.toString()));
        assertEquals(1, wrongArchive.exit());
        assertTrue(wrongArchive.err().contains("wrong archive, refusing to enrol"), wrongArchive.err());
        Result e0 = run(with(kh0Args, "release", "enrol", "--release", predicted, "--slot", "0", "--release-key-file", k0File.toString(),
                "--archive", archive.toString()));
        assertEquals(0, e0.exit(), e0.err());
        Result e1 = run(with(kh1Args, "release", "enrol", "--release", predicted, "--slot", "1", "--release-key-file", k1File.toString(),
                "--archive", archive.toString()));
        assertEquals(0, e1.exit(), e1.err());
        // the chain samples fragments; the artist reveals their keys from its secret file once the beacon is mined
        String[] revealArgs = {"release", "reveal-samples", "--rpc", rpc, "--key-file", artistKey.toString(), "--release", predicted,
                "--secret-file", secretFile.toString(), "--archive", archive.toString(), "--json"};
        Result early = run(revealArgs);
        assertEquals(1, early.exit());
        assertTrue(early.err().contains("is not mined yet") && early.err().contains("more block(s)"), early.err());
        chain.mine(6);
        Result revealed = run(revealArgs);
        assertEquals(0, revealed.exit(), revealed.err());
        JsonNode r = Json.tree(revealed.out().getBytes());
        assertEquals("Open", r.get("state").asString());
        assertEquals(List.of("drawSamples", "revealSamples"), actions(revealed));
        assertEquals(release.samples().fragments().size(), r.get("sampledFragments").size());
        Result twice = run(revealArgs);
        assertEquals(1, twice.exit());
        assertTrue(twice.err().contains("is Open: samples are revealed only while it is Sampling"), twice.err());
        String[] fanArgs = {"--rpc", rpc, "--key-file", keyFile(fan, "a-fan.key").toString()};
        assertEquals(0, run(with(fanArgs, "release", "pledge", "--unverified", "--release", predicted, "--amount", "3eth")).exit());

        // only one of two keyholders shows up; the artist releases by hand from its secret file
        Result shared = run(with(kh0Args, "release", "publish-share", "--release", predicted, "--slot", "0", "--release-key-file", k0File.toString(),
                "--archive", archive.toString(), "--json"));
        assertEquals(0, shared.exit(), shared.err());
        Result wrongKey = run(with(kh1Args, "release", "publish-share", "--release", predicted, "--slot", "1", "--release-key-file", k0File.toString(),
                "--archive", archive.toString()));
        assertEquals(1, wrongKey.exit());
        assertTrue(wrongKey.err().contains("not publishing"), wrongKey.err());
        assertEquals(ReleaseState.FUNDED, release.state());
        Result wrongSecret = run(with(new String[] {"--rpc", rpc, "--key-file", artistKey.toString()}, "release", "author-release",
                "--release", predicted, "--secret-file", k0File.toString()));
        assertEquals(1, wrongSecret.exit());
        Result byHand = run(with(new String[] {"--rpc", rpc, "--key-file", artistKey.toString()}, "release", "author-release",
                "--release", predicted, "--secret-file", secretFile.toString(), "--json"));
        assertEquals(0, byHand.exit(), byHand.err());
        assertEquals("Released", Json.tree(byHand.out().getBytes()).get("state").asString());
        var status = release.status();
        assertEquals(new BigInteger(1, packed.secret().bytes()), status.secret().orElseThrow(), "the secret is on chain for everyone");
        assertTrue(status.publishedShares().containsKey(0));
        // anyone decrypts with the secret read back from the chain
        Path unlocked = dir.resolve("unlocked");
        Result unpacked = run("unpack", archive.toString(), "--out", unlocked.toString(), "--release", predicted, "--rpc", rpc);
        assertEquals(0, unpacked.exit(), unpacked.err());
        assertTrue(unpacked.out().contains("decrypted and verified"), unpacked.out());
    }

    /**
     * A leaked release key, reported through the CLI for a beneficiary that has never held ETH: the
     * contract credits that bounty (paying a brand-new account would push accuse over its gas
     * budget) and the command claims it at once, so the beneficiary ends up paid in the same run.
     */
    @Test
    void accuseThroughTheCliPaysABrandNewBeneficiary() throws Exception {
        String rpc = chain.rpcUrl();
        Credentials reporter = chain.account(14);
        Created created = createAndEnrolTwoOfTwo(chain.account(6), chain.account(7), chain.account(1), "leaky release", "l",
                "--goal", "3eth", "--deposit", "1eth", "--keyholder-fee", "0.1eth");
        String release = created.release();
        Path k0File = created.k0File();
        BigInteger deposit = ReleaseClient.at(chain.chain(), release).params().deposit();

        String[] reporterArgs = {"--rpc", rpc, "--key-file", keyFile(reporter, "l-reporter.key").toString()};
        Result wrongKey = run(with(reporterArgs, "release", "accuse", "--release", release, "--slot", "1", "--leaked-key-file", k0File.toString()));
        assertEquals(1, wrongKey.exit());
        assertTrue(wrongKey.err().contains("is not the release key of slot 1"), wrongKey.err());

        String fresh = Credentials.create(Keys.createEcKeyPair()).getAddress();
        assertEquals(BigInteger.ZERO, chain.chain().balance(fresh));
        Path accusationFile = keyFile(reporter, "l-reporter.key").resolveSibling("l-accusation.txt");
        Result committed = run(with(reporterArgs, "release", "accuse", "--release", release, "--slot", "0", "--leaked-key-file", k0File.toString(),
                "--beneficiary", fresh, "--accusation-file", accusationFile.toString(), "--commit-only", "--json"));
        assertEquals(0, committed.exit(), committed.err());
        assertTrue(java.nio.file.Files.readString(accusationFile).contains("salt=0x"), "the salt is kept for the reveal");
        Result again = run(with(reporterArgs, "release", "accuse", "--release", release, "--slot", "0", "--leaked-key-file", k0File.toString(),
                "--beneficiary", fresh, "--accusation-file", accusationFile.toString(), "--commit-only"));
        assertEquals(1, again.exit(), "an accusation file is never replaced");
        Result accused = run(with(reporterArgs, "release", "accuse", "--release", release, "--slot", "0", "--leaked-key-file", k0File.toString(),
                "--accusation-file", accusationFile.toString(), "--reveal", "--json"));
        assertEquals(0, accused.exit(), accused.err());
        JsonNode a = Json.tree(accused.out().getBytes());
        List<String> kinds = new ArrayList<>();
        a.get("transactions").forEach(t -> kinds.add(t.get("action").asString()));
        assertEquals(List.of("accuse"), kinds, "the reveal of the recorded commitment");
        BigInteger bounty = deposit.divide(BigInteger.TWO);
        assertEquals(bounty, new BigInteger(a.get("bountyWei").asString()));
        assertEquals(fresh.toLowerCase(), a.get("beneficiary").asString().toLowerCase(), "the committed beneficiary");
        ReleaseClient rc = ReleaseClient.at(chain.chain(), release);
        assertEquals(Slot.Status.SLASHED, rc.slot(0).status());
        Result early = run(with(reporterArgs, "release", "claim-bounty", "--release", release, "--slot", "0"));
        assertEquals(1, early.exit());
        assertTrue(early.err().contains("can be claimed from") && early.err().contains("an earlier commitment may still take it over"), early.err());
        chain.increaseTime(java.time.Duration.ofSeconds(ReleaseClient.ACCUSATION_WINDOW_SECONDS));
        chain.mine();
        Result claimed = run(with(reporterArgs, "release", "claim-bounty", "--release", release, "--slot", "0", "--json"));
        assertEquals(0, claimed.exit(), claimed.err());
        assertEquals(bounty, new BigInteger(Json.tree(claimed.out().getBytes()).get("bountyWei").asString()));
        assertEquals(bounty, chain.chain().balance(fresh), "half the slashed deposit reached the brand-new beneficiary");
        assertEquals(BigInteger.ZERO, rc.bountyOwed(0), "nothing left to claim twice");
        Result twice = run(with(reporterArgs, "release", "claim-bounty", "--release", release, "--slot", "0"));
        assertEquals(1, twice.exit());
        assertTrue(twice.err().contains("slot 0 owes no bounty"), twice.err());
    }

    /**
     * Payments a payee rejects become credits it withdraws itself: a keyholder's payout address and
     * an accusation's beneficiary, both one account whose code the test sets to revert (then clears,
     * since an account with code cannot send a transaction). The deposit is credited by the release,
     * the snitch reward by the registry; {@code withdraw-credit} takes both, and refuses when nothing is owed.
     */
    @Test
    void rejectedPaymentsAreCreditedThenWithdrawnThroughTheCli() throws Exception {
        String rpc = chain.rpcUrl();
        String factory = chain.deployment().factory();
        var c = chain.chain();
        Credentials kh0 = chain.account(10), kh1 = chain.account(11), reporter = chain.account(17);
        Credentials payee = Credentials.create(Keys.createEcKeyPair());
        c.sender(chain.account(0)).transfer(payee.getAddress(), Wei.parse("1eth")); // its gas, while it still accepts ETH
        String[] payeeArgs = {"--rpc", rpc, "--key-file", keyFile(payee, "cr-payee.key").toString()};
        assertEquals(0, run("chain", "register", "--factory", factory, "--rpc", rpc, "--key-file", keyFile(kh0, "cr-kh0.key").toString(),
                "--payout", payee.getAddress(), "--stake", "1eth").exit());
        assertEquals(0, run("chain", "register", "--factory", factory, "--rpc", rpc, "--key-file", keyFile(kh1, "cr-kh1.key").toString(),
                "--stake", "1eth").exit());
        Created created = createAndEnrolTwoOfTwo(kh0, kh1, chain.account(1), "credit release", "cr", "--goal", "3eth", "--deposit", "1eth");
        String release = created.release();

        Result nothing = run(with(payeeArgs, "release", "withdraw-credit", "--release", release));
        assertEquals(1, nothing.exit());
        assertEquals(1, nothing.err().strip().lines().count(), "one line: " + nothing.err());
        assertTrue(nothing.err().contains(payee.getAddress() + " has no credit to withdraw from release " + release + " or its registry")
                && nothing.err().contains("sign with --key-file of that payee"), nothing.err());
        Result badFrom = run(with(payeeArgs, "release", "withdraw-credit", "--release", release, "--from", "wallet"));
        assertEquals(2, badFrom.exit());
        assertTrue(badFrom.err().contains("--from: expected release, registry or both, got 'wallet'"), badFrom.err());

        // kh1's key leaked: the payee is the beneficiary; the release then expires unfunded
        String[] reporterArgs = {"--rpc", rpc, "--key-file", keyFile(reporter, "cr-reporter.key").toString()};
        Result accused = run(with(reporterArgs, "release", "accuse", "--release", release, "--slot", "1", "--leaked-key-file",
                created.k1File().toString(), "--beneficiary", payee.getAddress(), "--accusation-file", dir.resolve("cr-accusation.txt").toString()));
        assertEquals(0, accused.exit(), accused.err());
        chain.increaseTime(Duration.ofDays(7));
        assertEquals(0, run(with(reporterArgs, "release", "settle", "--release", release)).exit());
        chain.increaseTime(Duration.ofSeconds(ReleaseClient.ACCUSATION_WINDOW_SECONDS));
        chain.setCode(payee.getAddress(), "0x60006000fd"); // PUSH1 0 PUSH1 0 REVERT: rejects every payment
        Result paid = run(with(reporterArgs, "release", "settle", "--release", release, "--pay-out", "--json"));
        assertEquals(0, paid.exit(), paid.err());
        assertEquals(List.of("claimDeposit 0"), actions(paid), "kh0's deposit, to its payout address");
        chain.increaseTime(Duration.ofDays(181)); // the slashed keyholder's lock after a failed release
        var registry = org.unveil.eth.KeyholderRegistryClient.at(c, chain.deployment().registry());
        registry.claimSnitchReward(c.sender(reporter), kh1.getAddress(), org.unveil.eth.ReleaseParams.ETH); // no CLI command pays it yet
        BigInteger reward = Wei.parse("0.5eth");
        assertEquals(reward, registry.creditOf(payee.getAddress(), org.unveil.eth.ReleaseParams.ETH), "half kh1's stake, rejected");
        chain.setCode(payee.getAddress(), "0x");

        // status names the credited payee from the logs, and the --key-file account's credits in both places
        Result text = run("release", "status", "--rpc", rpc, "--release", release);
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("credit           " + payee.getAddress() + ": 1 ETH (1000000000000000000 wei) from the release, 0.5 ETH"
                + " (500000000000000000 wei) from the registry; the payee withdraws it: unveil release withdraw-credit --release " + release), text.out());
        Result mine = run(with(new String[] {"--rpc", rpc, "--key-file", keyFile(reporter, "cr-reporter.key").toString()},
                "release", "status", "--release", release, "--json"));
        JsonNode credits = Json.tree(mine.out().getBytes()).get("credits");
        assertEquals(2, credits.size(), credits.toString());
        assertEquals(reporter.getAddress(), credits.get(0).get("account").asString(), "the --key-file account first, even with nothing owed");
        assertEquals("0", credits.get(0).get("releaseCreditWei").asString());
        assertEquals(Wei.parse("1eth"), new BigInteger(credits.get(1).get("releaseCreditWei").asString()));
        assertEquals(reward, new BigInteger(credits.get(1).get("registryCreditWei").asString()));

        BigInteger before = c.balance(payee.getAddress());
        Result withdrawn = run(with(payeeArgs, "release", "withdraw-credit", "--release", release, "--json"));
        assertEquals(0, withdrawn.exit(), withdrawn.err());
        assertEquals(List.of("withdrawCredit", "withdrawCredit registry " + org.unveil.eth.ReleaseParams.ETH), actions(withdrawn));
        JsonNode w = Json.tree(withdrawn.out().getBytes());
        assertEquals(Wei.parse("1eth"), new BigInteger(w.get("releaseCreditWei").asString()));
        assertEquals(reward, new BigInteger(w.get("registryCreditWei").asString()));
        BigInteger gained = c.balance(payee.getAddress()).subtract(before);
        assertTrue(gained.compareTo(Wei.parse("1.49eth")) > 0 && gained.compareTo(Wei.parse("1.5eth")) < 0, "1.5 ETH less gas: " + gained);
        assertEquals(BigInteger.ZERO, ReleaseClient.at(c, release).creditOf(payee.getAddress()));
        Result again = run(with(payeeArgs, "release", "withdraw-credit", "--release", release, "--from", "registry"));
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("has no credit to withdraw from the registry ") && again.err().contains("or look in --from both"), again.err());
        Result after = run("release", "status", "--rpc", rpc, "--release", release);
        assertTrue(!after.out().contains("credit  "), "nothing owed any more: " + after.out());
    }

    /** A release paid in an ERC-20 token, through the CLI: amounts in the token's symbol, approvals sent for the user, payouts in the token. */
    @Test
    void tokenReleaseThroughTheCli() throws Exception {
        String rpc = chain.rpcUrl();
        String factory = chain.deployment().factory();
        var c = chain.chain();
        var owner = c.sender(chain.account(0));
        String bytecode = Json.tree(Files.readAllBytes(org.unveil.eth.RepositoryRoot.find().resolve("contracts/artifacts/test/mocks/Tokens.sol/TestToken.json")))
                .get("bytecode").asString();
        String token = owner.deploy(bytecode, "TestToken");
        ReleaseFactoryClient.at(c, factory).setTokenAllowed(owner, token, true);
        Credentials artist = chain.account(1), kh0 = chain.account(8), kh1 = chain.account(9), fan = chain.account(15);
        for (Credentials who : List.of(kh0, kh1, fan)) {
            owner.send(token, new org.web3j.abi.datatypes.Function("mint", List.of(new org.web3j.abi.datatypes.Address(who.getAddress()),
                    new org.web3j.abi.datatypes.generated.Uint256(Wei.parse("50eth"))), List.of()), BigInteger.ZERO);
        }
        Created first = createAndEnrolTwoOfTwo(kh0, kh1, artist, "token release", "t",
                "--token", token, "--goal", "3TT", "--deposit", "1tt", "--keyholder-fee", "100000000000000000");
        String release = first.release();
        var params = ReleaseClient.at(c, release).params();
        assertEquals(token, params.token());
        assertEquals(Wei.parse("3eth"), params.goal(), "3TT at 18 decimals");
        assertEquals(Wei.parse("1eth"), params.deposit());
        assertEquals(List.of("approve", "enrol"), first.firstEnrolActions(), "the deposit is approved, then taken");
        String[] kh0Args = first.kh0Args(), kh1Args = first.kh1Args();
        Path k0File = first.k0File(), k1File = first.k1File();

        String[] fanArgs = {"--rpc", rpc, "--key-file", keyFile(fan, "t-fan.key").toString()};
        Result inEth = run(with(fanArgs, "release", "pledge", "--unverified", "--release", release, "--amount", "1eth"));
        assertEquals(1, inEth.exit());
        assertTrue(inEth.err().contains("this release is paid in TT"), inEth.err());
        Result tooPrecise = run(with(fanArgs, "release", "pledge", "--unverified", "--release", release, "--amount", "0.0000000000000000001TT"));
        assertEquals(1, tooPrecise.exit());
        assertTrue(tooPrecise.err().contains("more decimals than TT's 18"), tooPrecise.err());
        BigInteger fanEth = c.balance(fan.getAddress());
        Result pledged = run(with(fanArgs, "release", "pledge", "--unverified", "--release", release, "--amount", "3TT", "--json"));
        assertEquals(0, pledged.exit(), pledged.err());
        JsonNode p = Json.tree(pledged.out().getBytes());
        assertEquals(List.of("approve", "pledge"), actions(pledged));
        assertEquals("Funded", p.get("state").asString());
        assertEquals(token, p.get("token").asString());
        assertEquals(Wei.parse("3eth"), new BigInteger(p.get("pledged").asString()));
        assertTrue(fanEth.subtract(c.balance(fan.getAddress())).compareTo(Wei.parse("0.01eth")) < 0, "no ETH pledged, only gas");

        ReleaseClient.at(c, release).publishShare(c.sender(kh0), 0, first.shares().get(0));
        ReleaseClient.at(c, release).publishShare(c.sender(kh1), 1, first.shares().get(1));
        chain.increaseTime(Duration.ofDays(2));
        var erc20 = org.unveil.eth.Erc20Client.at(c, token);
        BigInteger expectedFee = ReleaseClient.at(c, release).artistFee();
        assertEquals(0, run(with(fanArgs, "release", "settle", "--release", release)).exit());
        chain.increaseTime(Duration.ofSeconds(ReleaseClient.ACCUSATION_WINDOW_SECONDS)); // deposits wait for late reveals
        Result settled = run(with(fanArgs, "release", "settle", "--release", release, "--pay-out"));
        assertEquals(0, settled.exit(), settled.err());
        assertEquals(expectedFee, erc20.balanceOf(artist.getAddress()), "the artist is paid in the token");
        assertTrue(expectedFee.signum() > 0);
        Result status = run("release", "status", "--rpc", rpc, "--release", release);
        assertTrue(status.out().contains("of goal 3000000000000000000 base units of token " + token), status.out());

        // a second token release that misses its goal: the fan's tokens come back
        String failing = createAndEnrolTwoOfTwo(kh0, kh1, artist, "token release that fails", "t2",
                "--token", token, "--goal", "3TT", "--deposit", "1TT").release();
        BigInteger fanTokens = erc20.balanceOf(fan.getAddress());
        assertEquals(0, run(with(fanArgs, "release", "pledge", "--unverified", "--release", failing, "--amount", "1.5TT")).exit());
        chain.increaseTime(Duration.ofDays(8));
        Result refund = run(with(fanArgs, "release", "refund", "--release", failing, "--json"));
        assertEquals(0, refund.exit(), refund.err());
        JsonNode rf = Json.tree(refund.out().getBytes());
        assertEquals(List.of("expire", "claimRefund"), actions(refund));
        assertTrue(new BigInteger(rf.get("refunded").asString()).compareTo(Wei.parse("1.5eth")) >= 0, rf.toString());
        assertTrue(erc20.balanceOf(fan.getAddress()).compareTo(fanTokens) >= 0, "the pledge came back in full, in the token");
    }

    /** A release created from options and enrolled through the CLI, with its keyholders' CLI arguments and release key files. */
    private record Created(String release, String[] kh0Args, String[] kh1Args, Path k0File, Path k1File, List<String> firstEnrolActions,
            List<org.unveil.archive.keys.SecretShare> shares) {}

    /**
     * Registers {@code kh0} and {@code kh1} (once), derives their release keys for the predicted
     * address, creates a 2-of-2 release from options with {@code terms} (goal, deposit, fee, token),
     * and enrols both keyholders, all through the CLI. File names start with {@code prefix}.
     */
    private static Created createAndEnrolTwoOfTwo(Credentials kh0, Credentials kh1, Credentials artist, String salt, String prefix, String... terms)
            throws Exception {
        String rpc = chain.rpcUrl();
        String factory = chain.deployment().factory();
        String[] kh0Args = {"--rpc", rpc, "--key-file", keyFile(kh0, prefix + "-kh0.key").toString()};
        String[] kh1Args = {"--rpc", rpc, "--key-file", keyFile(kh1, prefix + "-kh1.key").toString()};
        var registry = org.unveil.eth.KeyholderRegistryClient.at(chain.chain(), chain.deployment().registry());
        for (String[] args : List.of(kh0Args, kh1Args)) {
            String who = (args == kh0Args ? kh0 : kh1).getAddress();
            if (!registry.profile(who).registered()) assertEquals(0, run(with(args, "chain", "register", "--factory", factory)).exit());
        }
        String release = ReleaseFactoryClient.at(chain.chain(), factory).predictAddress(artist.getAddress(), ReleaseCreateCommand.salt32(salt));
        ReleaseKey k0 = ReleaseKeyDerivation.derive(kh0, ReleaseKeyRequest.of(31337, factory, release, kh0.getAddress()));
        ReleaseKey k1 = ReleaseKeyDerivation.derive(kh1, ReleaseKeyRequest.of(31337, factory, release, kh1.getAddress()));
        ReleaseSecret s = ReleaseSecret.generate(new SecureRandom());
        var split = FeldmanVss.split(s, new GroupSpec(2, 2), new SecureRandom());
        List<String> args = new ArrayList<>(List.of("release", "create", "--rpc", rpc, "--key-file", keyFile(artist, prefix + "-artist.key").toString(),
                "--factory", factory, "--salt", salt, "--cid", "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy",
                "--enrol-deadline", "1d", "--pledge-deadline", "7d", "--reveal-window", "2d", "--secret-address", s.address(),
                "--manifest-hash", HexFormat.of().formatHex(random32()),
                "--commitments-hash", HexFormat.of().formatHex(CommitmentsHash.of(List.of(split.commitments()))),
                "--groups", "2/2", "--release-keys", k0.address() + "," + k1.address(), "--share-addresses", String.join(",", FeldmanVss.shareAddresses(split.commitments(), 2))));
        args.addAll(fragmentOptions(s));
        args.addAll(List.of(terms));
        Result created = run(args.toArray(String[]::new));
        assertEquals(0, created.exit(), created.err());
        Path k0File = dir.resolve(prefix + "-k0.hex"), k1File = dir.resolve(prefix + "-k1.hex");
        Files.writeString(k0File, HexFormat.of().formatHex(k0.bytes()));
        Files.writeString(k1File, HexFormat.of().formatHex(k1.bytes()));
        Result e0 = run(with(kh0Args, "release", "enrol", "--release", release, "--slot", "0", "--release-key-file", k0File.toString(), "--json"));
        assertEquals(0, e0.exit(), e0.err());
        Result e1 = run(with(kh1Args, "release", "enrol", "--release", release, "--slot", "1", "--release-key-file", k1File.toString()));
        assertEquals(0, e1.exit(), e1.err());
        revealSamples(release, s);
        return new Created(release, kh0Args, kh1Args, k0File, k1File, actions(e0), split.shares());
    }

    /** The fragment options of a release made from options, for an archive of 4 encrypted fragments whose keys derive from {@code s}. */
    private static List<String> fragmentOptions(ReleaseSecret s) {
        return List.of("--fragment-root", HexFormat.of().formatHex(fragments(s).root()), "--fragment-count", "4", "--samples", "2");
    }

    private static FragmentTree fragments(ReleaseSecret s) {
        List<String> addresses = new ArrayList<>();
        for (int e = 0; e < 4; e++) addresses.add(FragmentKeys.derive(s, e).keyAddress());
        return FragmentTree.of(addresses);
    }

    /** Past the beacon, draws the samples and reveals their keys (as the artist's client would): the release opens. */
    private static void revealSamples(String release, ReleaseSecret s) throws Exception {
        chain.mine(6);
        ReleaseClient r = ReleaseClient.at(chain.chain(), release);
        var sender = chain.chain().sender(chain.account(1));
        r.drawSamples(sender);
        List<java.math.BigInteger> keys = new ArrayList<>();
        List<List<byte[]>> proofs = new ArrayList<>();
        for (int e : r.samples().fragments()) {
            keys.add(new java.math.BigInteger(1, FragmentKeys.derive(s, e).key()));
            proofs.add(fragments(s).proof(e));
        }
        r.revealSamples(sender, keys, proofs);
    }

    /** 32 random bytes (a stand-in manifest hash). */
    private static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static List<String> actions(Result r) {
        List<String> out = new ArrayList<>();
        Json.tree(r.out().getBytes()).get("transactions").forEach(t -> out.add(t.get("action").asString()));
        return out;
    }
}
