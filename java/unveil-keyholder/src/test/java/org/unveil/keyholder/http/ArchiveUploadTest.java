package org.unveil.keyholder.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
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
import org.unveil.archive.ArchiveReader;
import org.unveil.archive.Cut;
import org.unveil.archive.FileSpec;
import org.unveil.archive.ReleaseTerms;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.unveil.eth.DevChain;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.Wei;
import org.unveil.eth.hiring.HiringMessageException;
import org.unveil.eth.hiring.RefusalCode;
import org.unveil.eth.keys.ReleaseKeyDerivation;
import org.unveil.ipfs.Block;
import org.unveil.ipfs.CarImport;
import org.unveil.ipfs.CarWriter;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.DagScope;
import org.unveil.ipfs.DagWalker;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.UnixFsExporter;
import org.unveil.ipfs.UnixFsImporter;
import org.unveil.ipfs.UnixFsProfile;
import org.unveil.release.Artist;
import org.web3j.crypto.Credentials;

/**
 * {@code PUT /v1/archives/{cid}} over a real node: a real archive packed for the offered release key
 * is stored, pinned and served back; every bad upload is refused with its code and leaves nothing in
 * the block store or the staging directory; a release already created is not solicited.
 */
class ArchiveUploadTest {
    private static DevChain chain;
    private static TestBot bot;
    private static Credentials artist;
    @TempDir static Path dir;

    @BeforeAll
    static void start() throws Exception {
        chain = DevChain.start();
        bot = TestBot.start(chain, dir.resolve("bot"), 16);
        artist = chain.account(1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (bot != null) bot.close();
        if (chain != null) chain.close();
    }

    private record Offered(String release, ReleaseKey key, byte[] salt) {}

    /** Solicits a slot of the artist's release of {@code salt} and derives, as the keyholder would, the key the offer names. */
    private static Offered offered(String salt, long maxArchiveBytes) throws Exception {
        byte[] salt32 = Artist.salt32(salt);
        String release = ReleaseFactoryClient.at(chain.chain(), bot.factory()).predictAddress(artist.getAddress(), salt32);
        SolicitationDraft d = new SolicitationDraft(31337, bot.factory(), release, artist.getAddress(), "0x" + HexFormat.of().formatHex(salt32),
                Instant.now().getEpochSecond());
        d.maxArchiveBytes = maxArchiveBytes;
        HttpResponse<String> r = bot.post("/v1/solicit", d.sign(artist).toJson());
        assertEquals(200, r.statusCode(), r.body());
        Credentials kh = TestBot.keyholder(chain);
        ReleaseKey key = ReleaseKeyDerivation.derive(kh, ReleaseKeyRequest.of(31337, bot.factory(), release, kh.getAddress()));
        assertTrue(r.body().contains(key.address()));
        return new Offered(release, key, salt32);
    }

    /** A real archive for {@code release}, one 2-of-2 group sealed to {@code keys} (slot 0 is the first). */
    private static Path pack(String name, String release, List<byte[]> keys) throws Exception {
        Path song = dir.resolve(name + ".bin");
        byte[] audio = new byte[600_000];
        new Random(name.hashCode()).nextBytes(audio);
        Files.write(song, audio);
        long now = Instant.now().getEpochSecond();
        Path archive = dir.resolve(name + ".tar");
        ArchivePacker.builder()
                .terms(new ReleaseTerms(31337, bot.factory(), release, ReleaseTerms.ZERO_ADDRESS, Wei.parse("3eth"), Wei.parse("2.77eth"),
                        now + 86_400, now + 7 * 86_400, 2 * 86_400))
                .license("test license").file(new FileSpec(song, "song.bin", Cut.everyBytes(100_000), Set.of(0)))
                .group(2, keys).build().pack(archive);
        return archive;
    }

    private static byte[] otherKey() {
        return ReleaseKey.random(new SecureRandom()).publicKey();
    }

    /** The archive as a CAR in DAG order (256 KiB chunks, so it has several blocks), with its root. */
    private record Car(Cid root, List<Block> blocks) {
        byte[] bytes() throws Exception {
            return write(root, blocks);
        }
    }

    private static Car car(Path archive) throws Exception {
        try (FsBlockStore scratch = FsBlockStore.open(Files.createTempDirectory(dir, "scratch")); InputStream in = Files.newInputStream(archive)) {
            Cid root = UnixFsImporter.importFile(in, UnixFsProfile.KUBO_LEGACY, scratch);
            List<Block> blocks = new ArrayList<>();
            DagWalker.walk(root, scratch, DagScope.ALL, null, (cid, block) -> blocks.add(new Block(cid, block)));
            return new Car(root, blocks);
        }
    }

    private static byte[] write(Cid root, List<Block> blocks) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CarWriter w = new CarWriter(out, List.of(root))) {
            for (Block b : blocks) w.write(b.cid(), b.data());
        }
        return out.toByteArray();
    }

    private static HttpResponse<String> upload(Cid cid, String release, byte[] car) throws Exception {
        return bot.put("/v1/archives/" + cid + "?release=" + release, car);
    }

    /** The upload is refused with {@code code}, and the store and the staging directory are as they were. */
    private static void assertRefusedLeavingNothing(RefusalCode code, Cid cid, String release, byte[] car) throws Exception {
        long before = bot.blockFiles();
        HttpResponse<String> r = upload(cid, release, car);
        assertEquals(code.httpStatus(), r.statusCode(), r.body());
        assertEquals(code, HiringMessageException.fromJson(r.body()).code(), r.body());
        assertEquals(before, bot.blockFiles(), "no block of a refused upload stays");
        assertEquals(List.of(), bot.staged(), "nothing stays in staging");
    }

    @Test
    void theArchiveOfAnOfferedReleaseIsStoredPinnedAndServedBack() throws Exception {
        Offered o = offered("good", 8 << 20);
        Path archive = pack("good", o.release(), List.of(o.key().publicKey(), otherKey()));
        Car car = car(archive);
        assertTrue(car.blocks().size() > 2, "several blocks: " + car.blocks().size());
        HttpResponse<String> r = upload(car.root(), o.release(), car.bytes());
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("{\"cid\":\"" + car.root() + "\",\"release\":\"" + o.release() + "\",\"bytes\":" + Files.size(archive) + "}", r.body());
        assertTrue(bot.blocks.pins().contains(car.root()));
        assertEquals(car.root().toString(), bot.store.offers().get(31337, o.release()).orElseThrow().archiveCid().orElseThrow());
        assertEquals(List.of(), bot.staged());
        HttpResponse<String> again = upload(car.root(), o.release(), car.bytes());
        assertEquals(200, again.statusCode(), again.body());

        HttpResponse<byte[]> fetched = bot.http.send(HttpRequest.newBuilder(bot.uri("/ipfs/" + car.root() + "?format=car")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, fetched.statusCode());
        try (FsBlockStore fan = FsBlockStore.open(dir.resolve("fan"))) {
            assertEquals(car.root(), CarImport.importCar(new ByteArrayInputStream(fetched.body()), fan));
            fan.pin(car.root());
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            UnixFsExporter.export(car.root(), fan, file);
            assertArrayEquals(Files.readAllBytes(archive), file.toByteArray());
        }
        assertEquals(o.release(), ArchiveReader.inspect(archive).manifest().terms().release());
    }

    @Test
    void aCarThatIsNotTheArchiveOfTheOfferedReleaseIsRefusedAndLeavesNothing() throws Exception {
        Offered a = offered("refusals-a", 8 << 20);
        Offered b = offered("refusals-b", 8 << 20);
        Car good = car(pack("refusals-a", a.release(), List.of(a.key().publicKey(), otherKey())));
        byte[] bytes = good.bytes();

        Cid otherCid = car(pack("refusals-b", b.release(), List.of(b.key().publicKey(), otherKey()))).root();
        assertRefusedLeavingNothing(RefusalCode.BAD_ARCHIVE, otherCid, a.release(), bytes);

        byte[] tampered = bytes.clone();
        tampered[tampered.length - 1] ^= 1;
        assertRefusedLeavingNothing(RefusalCode.BAD_ARCHIVE, good.root(), a.release(), tampered);

        List<Block> missingOne = new ArrayList<>(good.blocks());
        missingOne.remove(missingOne.size() - 1);
        assertRefusedLeavingNothing(RefusalCode.BAD_ARCHIVE, good.root(), a.release(), write(good.root(), missingOne));

        assertRefusedLeavingNothing(RefusalCode.BAD_ARCHIVE, good.root(), a.release(), new byte[] {1, 2, 3});
        assertRefusedLeavingNothing(RefusalCode.NOT_FOUND, good.root(), "0x" + "56".repeat(20), bytes);
        assertRefusedLeavingNothing(RefusalCode.MALFORMED, good.root(), "nonsense", bytes);

        // a real archive, but of release b, sent for a
        Car ofB = car(pack("of-b", b.release(), List.of(b.key().publicKey(), otherKey())));
        assertRefusedLeavingNothing(RefusalCode.BAD_ARCHIVE, ofB.root(), a.release(), ofB.bytes());
        // a's archive, but its slot 0 sealed to someone else's key
        Car noShare = car(pack("no-share", a.release(), List.of(otherKey(), a.key().publicKey())));
        assertRefusedLeavingNothing(RefusalCode.BAD_ARCHIVE, noShare.root(), a.release(), noShare.bytes());
        assertTrue(bot.store.offers().get(31337, a.release()).orElseThrow().archiveCid().isEmpty());
    }

    @Test
    void anArchiveAboveTheSolicitedSizeIsRefusedAndAnEndlessCarIsCutWhileItStreams() throws Exception {
        Offered small = offered("small", 100_000);
        Car big = car(pack("small", small.release(), List.of(small.key().publicKey(), otherKey())));
        assertRefusedLeavingNothing(RefusalCode.TOO_LARGE, big.root(), small.release(), big.bytes());

        long before = bot.blockFiles();
        try (Socket s = new Socket("127.0.0.1", bot.server.port())) {
            s.setSoTimeout(20_000);
            OutputStream raw = s.getOutputStream();
            raw.write(("PUT /v1/archives/" + big.root() + "?release=" + small.release() + " HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Type: application/vnd.ipld.car\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            Thread writer = Thread.ofVirtual().start(() -> endlessCar(raw, big.root()));
            StringBuilder status = new StringBuilder();
            InputStream in = s.getInputStream();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) status.append((char) c);
            assertTrue(status.toString().startsWith("HTTP/1.1 413"), status.toString());
            writer.interrupt();
        }
        assertEquals(before, bot.blockFiles());
        assertEquals(List.of(), bot.staged());
    }

    /** Writes a CAR header and then 256 KiB raw blocks, chunk-encoded, until the server hangs up. */
    private static void endlessCar(OutputStream raw, Cid root) {
        try {
            OutputStream chunked = new OutputStream() {
                @Override
                public void write(int b) throws java.io.IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws java.io.IOException {
                    if (len == 0) return;
                    raw.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    raw.write(b, off, len);
                    raw.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            };
            CarWriter w = new CarWriter(chunked, List.of(root));
            Random random = new Random(1);
            while (!Thread.currentThread().isInterrupted()) {
                byte[] block = new byte[256 * 1024];
                random.nextBytes(block);
                w.write(Cid.sha256(Cid.RAW, block), block);
                w.flush();
            }
        } catch (Exception hungUp) {
            // the server cut the upload: what the test waits for
        }
    }

    @Test
    void aReleaseAlreadyCreatedIsNotSolicited() throws Exception {
        byte[] salt = Artist.salt32("created");
        var factory = ReleaseFactoryClient.at(chain.chain(), bot.factory());
        String release = factory.predictAddress(artist.getAddress(), salt);
        Path archive = pack("created", release, List.of(otherKey(), otherKey()));
        Car car = car(archive);
        Artist a = new Artist(chain.chain());
        a.create(chain.chain().sender(artist), factory, a.draft(ArchiveReader.inspect(archive), car.root(), factory, release, Wei.parse("1eth"), null), salt);
        SolicitationDraft d = new SolicitationDraft(31337, bot.factory(), release, artist.getAddress(), "0x" + HexFormat.of().formatHex(salt),
                Instant.now().getEpochSecond());
        HttpResponse<String> r = bot.post("/v1/solicit", d.sign(artist).toJson());
        assertEquals(422, r.statusCode(), r.body());
        assertEquals(RefusalCode.ALREADY_DEPLOYED, HiringMessageException.fromJson(r.body()).code());
    }
}
