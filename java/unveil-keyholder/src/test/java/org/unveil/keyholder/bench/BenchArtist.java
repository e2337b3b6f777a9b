package org.unveil.keyholder.bench;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.unveil.archive.ArchivePacker;
import org.unveil.archive.ArchiveReader;
import org.unveil.archive.Cut;
import org.unveil.archive.FileSpec;
import org.unveil.archive.Inspection;
import org.unveil.archive.PackResult;
import org.unveil.archive.ReleaseTerms;
import org.unveil.eth.Chain;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.TransactionSender;
import org.unveil.eth.hiring.HiringDomain;
import org.unveil.eth.hiring.KeyholderInfo;
import org.unveil.eth.hiring.Offer;
import org.unveil.eth.hiring.RefusalCode;
import org.unveil.eth.hiring.Signed;
import org.unveil.eth.hiring.Solicitation;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.UnixFsImporter;
import org.unveil.ipfs.UnixFsProfile;
import org.unveil.release.Artist;
import org.unveil.release.hire.BotClient;
import org.unveil.release.hire.BotException;
import org.web3j.crypto.Credentials;

/**
 * One artist launching releases with the bot as the only keyholder (a 1-of-1 group), through the
 * hiring protocol as {@code Launch} does it: solicit, pack for the predicted address with the
 * offered release key, upload the archive, create, commit, wait for the bot to enrol and draw the
 * samples, reveal them. Each artist talks to the bot from its own loopback address (127.0.0.x), as
 * artists on their own machines would: the bot's per-IP rate limit is per client, and 1,000
 * releases from one address would measure that limit, not the bot.
 */
final class BenchArtist {
    static final BigInteger GOAL = new BigInteger("1000000000000000000");
    private static final BigInteger ARTIST_FEE = new BigInteger("900000000000000000");
    private static final BigInteger DEPOSIT = new BigInteger("10000000000000000");
    private final Chain chain;
    private final Credentials key;
    private final TransactionSender sender;
    private final ReleaseFactoryClient factory;
    private final BotClient bot;
    private final HiringDomain domain;
    private final Path dir;
    private final Path song;
    private final SecureRandom random = new SecureRandom();
    private long maxArchiveBytes;
    private String keyholder;

    BenchArtist(Chain chain, Credentials key, ReleaseFactoryClient factory, java.net.URI botUri, InetAddress from, Path dir) throws IOException {
        this.chain = chain;
        this.key = key;
        this.sender = chain.sender(key);
        this.factory = factory;
        this.bot = new BotClient(botUri, HttpClient.newBuilder().localAddress(from).connectTimeout(Duration.ofSeconds(10)).build(), Duration.ofSeconds(60));
        this.domain = new HiringDomain(chain.chainId(), factory.address());
        this.dir = Files.createDirectories(dir);
        byte[] audio = new byte[8192];
        random.nextBytes(audio);
        this.song = Files.write(dir.resolve("song.bin"), audio);
    }

    /** Launches release {@code salt} until pledging is open; its address. */
    String launch(String salt) throws IOException, GeneralSecurityException, InterruptedException {
        if (keyholder == null) {
            KeyholderInfo info = retrying(() -> bot.info(domain, Instant.now().getEpochSecond())).message();
            keyholder = info.keyholder();
            maxArchiveBytes = info.policy().maxArchiveBytes();
        }
        byte[] salt32 = Artist.salt32(salt);
        String release = factory.predictAddress(key.getAddress(), salt32);
        long chainNow = chain.latestBlockTime().getEpochSecond();
        long enrolBy = chainNow + 7_200, pledgeBy = enrolBy + 86_400, revealWindow = 7_200;
        BigInteger fee = Artist.derivedKeyholderFee(GOAL, ARTIST_FEE, factory.reputationBps(), 1);
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        long now = Instant.now().getEpochSecond();
        Solicitation s = new Solicitation(chain.chainId(), factory.address(), release, key.getAddress(), "0x" + HexFormat.of().formatHex(salt32), 0, 0,
                ReleaseParams.ETH, DEPOSIT, fee, enrolBy, pledgeBy, revealWindow, GOAL, maxArchiveBytes, "0x" + HexFormat.of().formatHex(nonce), now + 600);
        Signed<Solicitation> signed = s.sign(key);
        Signed<Offer> offer = retrying(() -> bot.solicit(signed, keyholder, Instant.now().getEpochSecond()));
        byte[] releaseKey = offer.message().releasePublicKey(offer.signature(), domain);

        Path archive = dir.resolve(salt + ".tar");
        PackResult packed = ArchivePacker.builder()
                .terms(new ReleaseTerms(chain.chainId(), factory.address(), release, ReleaseParams.ETH, GOAL, ARTIST_FEE, enrolBy, pledgeBy, revealWindow, 1))
                .license("bench").file(new FileSpec(song, "song.bin", Cut.everyBytes(2048), Set.of(0))).group(1, List.of(releaseKey)).build().pack(archive);
        Inspection insp = ArchiveReader.inspect(archive);
        try (FsBlockStore blocks = FsBlockStore.open(dir.resolve("blocks"))) {
            Cid cid;
            try (InputStream in = Files.newInputStream(archive)) {
                cid = UnixFsImporter.importFile(in, UnixFsProfile.UNIXFS_V1_2025, blocks);
            }
            retrying(() -> {
                bot.uploadArchive(cid, release, blocks, done -> {});
                return null;
            });
            Artist artist = new Artist(chain);
            ReleaseClient r = artist.create(sender, factory, artist.draft(insp, cid, factory, release, DEPOSIT, fee), salt32);
            retrying(() -> bot.commit(release));
            awaitSamples(r);
            artist.revealSamples(sender, r, packed.secret(), insp.manifest());
        } finally {
            packed.secret().destroy();
            Files.deleteIfExists(archive);
        }
        return release;
    }

    /** How many releases the artists drew the samples of themselves, the bot not having drawn them 20 blocks after the beacon. */
    static final java.util.concurrent.atomic.AtomicInteger DRAWN_BY_ARTISTS = new java.util.concurrent.atomic.AtomicInteger();

    /** Waits for the bot to enrol and draw the samples (drawing them itself, as Launch does, if no one has 20 blocks after the beacon). */
    private void awaitSamples(ReleaseClient r) throws IOException, InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            ReleaseState state = r.summary().state();
            if (state == ReleaseState.SAMPLING) {
                ReleaseClient.Samples s = r.samples();
                if (s.seed().isPresent()) return;
                if (s.beaconBlock().isPresent() && chain.blockNumber().compareTo(s.beaconBlock().get().add(BigInteger.valueOf(20))) > 0) {
                    try {
                        r.drawSamples(sender);
                        DRAWN_BY_ARTISTS.incrementAndGet();
                    } catch (org.unveil.eth.ContractRevertException e) {
                        if (r.samples().seed().isEmpty()) throw e; // not a race lost to the bot
                    }
                    return;
                }
            } else if (state != ReleaseState.ENROLLING) {
                throw new IOException(r.address() + " is " + state + " while waiting for the samples to be drawn");
            }
            if (System.nanoTime() > end) throw new IOException(r.address() + ": the bot did not enrol within 10 minutes");
            Thread.sleep(200);
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws IOException;
    }

    /** A request the bot refused as rate limited is sent again after a second. */
    private static <T> T retrying(Step<T> step) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return step.run();
            } catch (BotException e) {
                if (e.code() != RefusalCode.RATE_LIMITED || attempt >= 120) throw e;
                Thread.sleep(1000);
            }
        }
    }
}
