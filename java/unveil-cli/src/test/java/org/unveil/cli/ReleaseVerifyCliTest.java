package org.unveil.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.ArchivePacker;
import org.unveil.archive.Cut;
import org.unveil.archive.FileSpec;
import org.unveil.archive.ReleaseTerms;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.unveil.eth.DevChain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.Wei;
import org.unveil.eth.keys.ReleaseKeyDerivation;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.UnixFsImporter;
import org.unveil.ipfs.UnixFsProfile;
import org.unveil.ipfs.gateway.TrustlessGateway;
import org.web3j.crypto.Credentials;

/**
 * The fan's commands against a real Hardhat node and a real trustless gateway: {@code release
 * verify} exits 0 for an honest release and 3 (with its reasons) for one without preview,
 * {@code release pledge} needs {@code --gateway} or {@code --unverified} and refuses a suspect
 * release, keyholders enrol and publish from the gateway, and {@code release unlock} writes the
 * original bytes from the release address alone.
 */
class ReleaseVerifyCliTest {
    private static DevChain chain;
    private static FsBlockStore store;
    private static TrustlessGateway gateway;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        chain = DevChain.start();
        store = FsBlockStore.open(dir.resolve("blocks"));
        gateway = TrustlessGateway.start(store, 0);
        for (int i : List.of(2, 3)) {
            assertEquals(0, CliRun.of("chain", "register", "--rpc", chain.rpcUrl(), "--key-file", key(i).toString(),
                    "--factory", chain.deployment().factory(), "--stake", "1eth").exit());
        }
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
        if (store != null) store.close();
        if (chain != null) chain.close();
    }

    private static Path key(int account) throws Exception {
        Path p = dir.resolve("account-" + account + ".key");
        if (!Files.exists(p)) {
            Files.writeString(p, org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(chain.account(account).getEcKeyPair().getPrivateKey(), 64));
        }
        return p;
    }

    private static String[] chainArgs(int account, String... command) throws Exception {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of("--rpc", chain.rpcUrl(), "--key-file", key(account).toString()));
        return all.toArray(String[]::new);
    }

    /** Packs, adds to the gateway's blockstore, creates and enrols (keyholders fetch the archive by CID): the release address and the song. */
    private static String[] release(String salt, boolean preview) throws Exception {
        String factory = chain.deployment().factory();
        Credentials artist = chain.account(1);
        String predicted = ReleaseFactoryClient.at(chain.chain(), factory).predictAddress(artist.getAddress(), ReleaseCreateCommand.salt32(salt));
        List<Path> keyFiles = new ArrayList<>();
        List<byte[]> publicKeys = new ArrayList<>();
        for (int i : List.of(2, 3)) {
            Credentials kh = chain.account(i);
            ReleaseKey k = ReleaseKeyDerivation.derive(kh, ReleaseKeyRequest.of(31337, factory, predicted, kh.getAddress()));
            Path f = dir.resolve(salt + "-k" + i + ".hex");
            Files.writeString(f, HexFormat.of().formatHex(k.bytes()));
            keyFiles.add(f);
            publicKeys.add(k.publicKey());
        }
        Path song = dir.resolve(salt + ".bin");
        byte[] audio = new byte[500_000];
        new Random(salt.hashCode()).nextBytes(audio);
        Files.write(song, audio);
        long now = chain.chain().latestBlockTime().getEpochSecond();
        Path archive = dir.resolve(salt + ".tar");
        Path secretFile = dir.resolve(salt + ".secret");
        ArchivePacker.builder()
                .terms(new ReleaseTerms(31337, factory, predicted, ReleaseTerms.ZERO_ADDRESS, Wei.parse("3eth"), Wei.parse("2.77eth"),
                        now + 86_400, now + 7 * 86_400, 2 * 86_400))
                .license("test license").file(new FileSpec(song, "song.bin", Cut.everyBytes(100_000), preview ? Set.of(0) : Set.of()))
                .group(2, publicKeys).secretFile(secretFile).build().pack(archive);
        Cid cid;
        try (InputStream in = Files.newInputStream(archive)) {
            cid = UnixFsImporter.importFile(in, UnixFsProfile.UNIXFS_V1_2025, store);
        }
        store.sync();
        CliRun created = CliRun.of(chainArgs(1, "release", "create", "--archive", archive.toString(), "--salt", salt, "--cid", cid.toString(), "--deposit", "1eth"));
        assertEquals(0, created.exit(), created.err());
        for (int slot = 0; slot < 2; slot++) {
            CliRun enrolled = CliRun.of(chainArgs(2 + slot, "release", "enrol", "--release", predicted, "--slot", "" + slot,
                    "--release-key-file", keyFiles.get(slot).toString(), "--gateway", gateway.uri().toString()));
            assertEquals(0, enrolled.exit(), enrolled.err());
        }
        // the chain samples fragments; the artist reveals their keys (the archive fetched by CID) and pledging opens
        chain.mine(6);
        CliRun revealed = CliRun.of(chainArgs(1, "release", "reveal-samples", "--release", predicted, "--secret-file", secretFile.toString(),
                "--gateway", gateway.uri().toString()));
        assertEquals(0, revealed.exit(), revealed.err());
        return new String[] {predicted, song.toString(), keyFiles.get(0).toString(), keyFiles.get(1).toString()};
    }

    @Test
    void anHonestReleaseVerifiesIsPledgedAfterAVerifyPassAndUnlocks() throws Exception {
        String[] r = release("cli honest", true);
        String gw = gateway.uri().toString();
        CliRun verified = CliRun.of(chainArgs(12, "release", "verify", "--release", r[0], "--gateway", gw, "--json"));
        assertEquals(0, verified.exit(), verified.out() + verified.err());
        assertEquals("ok", verified.json().get("verdict").asString());
        assertTrue(verified.out().contains("sample: encrypted fragment") && verified.out().contains("decrypts with the key revealed on chain"),
                verified.out());
        // the samples play like previews: each is its byte range of the song, decrypted with the key revealed on chain
        Path fetched = dir.resolve("cli honest.tar"); // the archive release() packed and served
        CliRun inspected = CliRun.of("inspect", fetched.toString(), "--release", r[0], "--rpc", chain.rpcUrl());
        assertEquals(0, inspected.exit(), inspected.err());
        List<Integer> drawn = ReleaseClient.at(chain.chain(), r[0]).samples().fragments();
        assertTrue(inspected.out().contains("encrypted fragments " + drawn), inspected.out());
        assertEquals(drawn.size(), inspected.out().lines().filter(l -> l.endsWith("SAMPLE")).count(), inspected.out());
        Path samples = dir.resolve("honest-samples");
        CliRun extracted = CliRun.of("preview", fetched.toString(), "--out", samples.toString(), "--samples", r[0], "--rpc", chain.rpcUrl(), "--json");
        assertEquals(0, extracted.exit(), extracted.err());
        byte[] song = Files.readAllBytes(Path.of(r[1]));
        int checked = 0;
        for (var e : ReleaseClient.at(chain.chain(), r[0]).samples().fragments()) {
            int j = e + 1; // fragment 0 of the song is the preview, so encrypted fragment e is the song's fragment e + 1
            byte[] got = Files.readAllBytes(samples.resolve("song.sample-" + j + ".bin"));
            assertArrayEquals(java.util.Arrays.copyOfRange(song, j * 100_000, Math.min(song.length, (j + 1) * 100_000)), got, "sample " + e);
            checked++;
        }
        assertEquals(3, checked, "three samples (the default sample count)");
        CliRun neither = CliRun.of(chainArgs(12, "release", "pledge", "--release", r[0], "--amount", "3eth"));
        assertEquals(2, neither.exit());
        assertTrue(neither.err().contains("--gateway") && neither.err().contains("--unverified"), neither.err());
        CliRun pledged = CliRun.of(chainArgs(12, "release", "pledge", "--release", r[0], "--amount", "3eth", "--gateway", gw, "--json"));
        assertEquals(0, pledged.exit(), pledged.err());
        assertTrue(pledged.json().get("verified").asBoolean());
        for (int slot = 0; slot < 2; slot++) {
            CliRun published = CliRun.of(chainArgs(2 + slot, "release", "publish-share", "--release", r[0], "--slot", "" + slot,
                    "--release-key-file", r[2 + slot], "--gateway", gw));
            assertEquals(0, published.exit(), published.err());
        }
        assertEquals(ReleaseState.RELEASED, ReleaseClient.at(chain.chain(), r[0]).state());
        Path out = dir.resolve("unlocked");
        CliRun unlocked = CliRun.of("release", "unlock", "--rpc", chain.rpcUrl(), "--release", r[0], "--gateway", gw, "--out", out.toString());
        assertEquals(0, unlocked.exit(), unlocked.err());
        assertTrue(unlocked.out().contains("1 file(s) decrypted and verified"), unlocked.out());
        assertArrayEquals(Files.readAllBytes(Path.of(r[1])), Files.readAllBytes(out.resolve("song.bin")));
    }

    @Test
    void aReleaseWithoutPreviewIsSuspectAndThePledgeRefusedUnlessUnverified() throws Exception {
        String[] r = release("cli no preview", false);
        String gw = gateway.uri().toString();
        CliRun verified = CliRun.of(chainArgs(13, "release", "verify", "--release", r[0], "--gateway", gw));
        assertEquals(3, verified.exit(), verified.out() + verified.err());
        assertTrue(verified.out().contains("suspect   no preview"), verified.out());
        assertTrue(verified.out().contains("verdict   SUSPECT"), verified.out());
        CliRun refused = CliRun.of(chainArgs(13, "release", "pledge", "--release", r[0], "--amount", "1eth", "--gateway", gw));
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("refusing to pledge to a suspect release: no preview"), refused.err());
        assertEquals(java.math.BigInteger.ZERO, ReleaseClient.at(chain.chain(), r[0]).pledgeOf(chain.account(13).getAddress()));
        CliRun overridden = CliRun.of(chainArgs(13, "release", "pledge", "--release", r[0], "--amount", "1eth", "--unverified"));
        assertEquals(0, overridden.exit(), overridden.err());
        CliRun help = CliRun.of("release", "verify", "--help");
        assertTrue(help.out().contains("3   SUSPECT"), help.out());
    }
}
