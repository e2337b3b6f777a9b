package org.unveil.keyholder.engine;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.unveil.archive.ArchivePacker;
import org.unveil.archive.ArchiveReader;
import org.unveil.archive.Cut;
import org.unveil.archive.FileSpec;
import org.unveil.archive.Inspection;
import org.unveil.archive.PackResult;
import org.unveil.archive.ReleaseTerms;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.unveil.eth.DevChain;
import org.unveil.eth.KeyholderRegistryClient;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.Wei;
import org.unveil.eth.hiring.Solicitation;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.UnixFsImporter;
import org.unveil.ipfs.UnixFsProfile;
import org.unveil.release.Artist;
import org.unveil.release.Keyholder;
import org.web3j.crypto.Credentials;

/**
 * A release on a real Hardhat node whose keyholders are bots: packed for the predicted address
 * with each bot's derived release key, hired (a {@link Hires} per bot, over files), created, and
 * the artist's and fans' steps for the tests to take by hand. Test keys only (Hardhat's accounts).
 */
final class ReleaseFixture {
    static final int ARTIST = 1;
    static final BigInteger DEPOSIT = Wei.parse("1eth");

    /** What one bot was hired for: a real file-backed record, as the daemon's store keeps it. */
    static final class FileHires implements Hires {
        private final Map<String, Hire> hires = new ConcurrentHashMap<>();
        private final Map<String, Path> archives = new ConcurrentHashMap<>();

        void add(Hire hire, Path archive) {
            hires.put(hire.release(), hire);
            if (archive != null) archives.put(hire.release(), archive);
        }

        @Override
        public List<Hire> all() {
            return List.copyOf(hires.values());
        }

        @Override
        public Optional<Hire> get(long chainId, String release) {
            return Optional.ofNullable(hires.get(release.toLowerCase(java.util.Locale.ROOT)));
        }

        @Override
        public Optional<org.unveil.archive.Inspection> archive(Hire hire) throws IOException {
            Path file = archives.get(hire.release());
            return file == null ? Optional.empty() : Optional.of(ArchiveReader.inspect(file));
        }
    }

    final DevChain chain;
    final ReleaseClient release;
    final Path archive;
    final PackResult packed;
    final Inspection inspection;
    final ReleaseParams params;

    private ReleaseFixture(DevChain chain, ReleaseClient release, Path archive, PackResult packed, Inspection inspection, ReleaseParams params) {
        this.chain = chain;
        this.release = release;
        this.archive = archive;
        this.packed = packed;
        this.inspection = inspection;
        this.params = params;
    }

    /** Registers and stakes each bot's account in the registry (once per chain). */
    static void register(DevChain chain, List<Integer> bots) throws IOException {
        var registry = KeyholderRegistryClient.at(chain.chain(), chain.deployment().registry());
        for (int i : bots) {
            var kh = chain.chain().sender(chain.account(i));
            if (registry.isActive(kh.address())) continue;
            registry.register(kh, kh.address(), kh.address(), "http://127.0.0.1/bot" + i, "");
            registry.stake(kh, Wei.parse("1eth"));
        }
    }

    /**
     * Packs and creates a release with {@code groups} (each a threshold and the bot accounts holding
     * its shares, slots numbered group after group), hiring each bot in its {@code hires}.
     */
    static ReleaseFixture create(DevChain chain, Path dir, String salt, List<Group> groups, Map<Integer, FileHires> hires, boolean uploadArchive)
            throws IOException, java.security.GeneralSecurityException {
        var c = chain.chain();
        Credentials artist = chain.account(ARTIST);
        var factory = ReleaseFactoryClient.at(c, chain.deployment().factory());
        String predicted = factory.predictAddress(artist.getAddress(), Artist.salt32(salt));
        Path song = dir.resolve(salt + ".bin");
        byte[] audio = new byte[300_000];
        new Random(salt.hashCode()).nextBytes(audio);
        Files.write(song, audio);
        long now = c.latestBlockTime().getEpochSecond();
        ArchivePacker.Builder b = ArchivePacker.builder()
                .terms(new ReleaseTerms(c.chainId(), factory.address(), predicted, ReleaseTerms.ZERO_ADDRESS, Wei.parse("3eth"), Wei.parse("2.7eth"),
                        now + 86_400, now + 7 * 86_400, 2 * 86_400))
                .license("test license").file(new FileSpec(song, "song.bin", Cut.everyBytes(50_000), Set.of(0)));
        List<Integer> slotBots = new ArrayList<>();
        for (Group g : groups) {
            List<byte[]> keys = new ArrayList<>();
            for (int bot : g.bots()) {
                ReleaseKey k = Keyholder.deriveKey(chain.account(bot), ReleaseKeyRequest.of(c.chainId(), factory.address(), predicted, chain.account(bot).getAddress()));
                keys.add(k.publicKey());
                slotBots.add(bot);
            }
            b.group(g.threshold(), keys);
        }
        Path archive = dir.resolve(salt + ".tar");
        PackResult packed = b.build().pack(archive);
        Cid cid;
        try (var in = Files.newInputStream(archive); FsBlockStore blocks = FsBlockStore.open(dir.resolve(salt + ".blocks"))) {
            cid = UnixFsImporter.importFile(in, UnixFsProfile.UNIXFS_V1_2025, blocks);
        }
        Inspection insp = ArchiveReader.inspect(archive);
        ReleaseParams p = new Artist(c).draft(insp, cid, factory, predicted, DEPOSIT, null);
        for (int slot = 0; slot < slotBots.size(); slot++) {
            int bot = slotBots.get(slot);
            Solicitation s = new Solicitation(c.chainId(), factory.address(), predicted, artist.getAddress(),
                    "0x" + HexFormat.of().formatHex(Artist.salt32(salt)), p.groupOfSlot(slot), slot, p.token(), p.deposit(), p.keyholderFee(),
                    p.enrolDeadline().getEpochSecond(), p.pledgeDeadline().getEpochSecond(), p.revealWindow().getSeconds(), p.goal(), 1L << 30,
                    "0x" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest((salt + slot).getBytes(java.nio.charset.StandardCharsets.UTF_8))), now + 3_000);
            hires.get(bot).add(new Hires.Hire(s, p.releaseKeys().get(slot), now + 3_000, Optional.of(cid.toString())), uploadArchive ? archive : null);
        }
        ReleaseClient release = new Artist(c).create(c.sender(artist), factory, p, Artist.salt32(salt));
        return new ReleaseFixture(chain, release, archive, packed, insp, p);
    }

    record Group(int threshold, List<Integer> bots) {}

    /** The artist reveals the sampled keys (after a bot drew them). */
    void revealSamples() throws Exception {
        new Artist(chain.chain()).revealSamples(chain.chain().sender(chain.account(ARTIST)), release, packed.secret(), inspection.manifest());
    }

    /** A fan pledges the whole goal: Funded. */
    void fund(int fan) throws IOException {
        release.pledge(chain.chain().sender(chain.account(fan)), params.goal());
    }
}
