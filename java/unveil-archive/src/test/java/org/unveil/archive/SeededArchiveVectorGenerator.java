package org.unveil.archive;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes spec/vectors/archive-seeded.tar, its inputs (spec/vectors/archive-seeded/) and its
 * description (archive-seeded.json): an archive packed with a seeded SHA1PRNG, so every other
 * implementation packing the same inputs with the same seed must produce the same bytes (the
 * JavaScript twin's web/test/archive-pack.test.js does). The inputs sit on age's edges: an empty
 * file, a fragment of exactly one 64 KiB chunk, a preview between encrypted fragments, a fragment
 * of two chunks, and two keyholder groups, so the order of every random draw (s, each group's
 * coefficients, each share's ECIES key and nonce, each age file key, ephemeral key and nonce) shows.
 * Rewrite with {@code -Dunveil.regenerateVectors=true} (SeededArchiveVectorTest).
 */
final class SeededArchiveVectorGenerator {
    static final long SEED = 20_261_201L;
    static final String NAME = "archive-seeded";
    static final ReleaseTerms TERMS = new ReleaseTerms(Fixtures.TERMS.chainId(), Fixtures.TERMS.factory(), Fixtures.TERMS.release(),
            Fixtures.TERMS.token(), Fixtures.TERMS.goal(), Fixtures.TERMS.artistFee(), Fixtures.TERMS.enrolDeadline(),
            Fixtures.TERMS.pledgeDeadline(), Fixtures.TERMS.revealWindow(), 5);

    /** One input: where it is, its archive path, how it is cut (null: whole; else bytes per fragment), its previews. */
    record Input(String file, String path, Long cutBytes, Set<Integer> previews) {
        Cut cut() {
            return cutBytes == null ? Cut.whole() : Cut.everyBytes(cutBytes);
        }
    }

    static final List<Input> INPUTS = List.of(
            new Input("notes.txt", "notes.txt", null, Set.of(0)),
            new Input("empty.bin", "extras/empty.bin", null, Set.of()),
            new Input("data.bin", "data.bin", 65_536L, Set.of(1)),
            new Input("long.bin", "long.bin", null, Set.of()));

    private SeededArchiveVectorGenerator() {}

    /** The inputs, made once and committed: a text, nothing, and java.util.Random bytes. */
    static void writeInputs(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "Liner notes for the seeded archive vector.\n");
        Files.write(dir.resolve("empty.bin"), new byte[0]);
        Fixtures.randomFile(dir, "data.bin", 140_000, 13);
        Fixtures.randomFile(dir, "long.bin", 70_000, 14);
    }

    /** Packs the inputs in {@code inputs} with the seed into {@code out}. */
    static PackResult pack(Path inputs, Path out) throws Exception {
        ArchivePacker.Builder b = ArchivePacker.builder().terms(TERMS).license(Fixtures.LICENSE).random(Fixtures.seeded(SEED))
                .group(2, Fixtures.publicKeys(Fixtures.keys(3, 21)))
                .group(1, Fixtures.publicKeys(Fixtures.keys(2, 22)));
        for (Input i : INPUTS) b.file(new FileSpec(inputs.resolve(i.file()), i.path(), i.cut(), i.previews()));
        return b.build().pack(out);
    }

    /** The description a second implementation packs from. */
    static String describe(PackResult r, byte[] archive) throws Exception {
        HexFormat hex = HexFormat.of();
        ObjectNode root = FragmentVectorGenerator.JSON.createObjectNode();
        root.put("comment", "An archive packed by the Java reference (SeededArchiveVectorGenerator) with randomness from SHA1PRNG"
                + " seeded by setSeed(seed) before first use (the JavaScript twin: sha1prng(seed)). Packing the files (input: path under"
                + " " + NAME + "/, cut: whole or bytes per fragment, previews: plaintext fragment indices) for the groups (threshold,"
                + " keyholders' release public keys in share order) with these terms and license must give archive-seeded.tar byte for"
                + " byte; secret is the s drawn, manifestSha256 and fragmentRoot what the release contract records.");
        root.put("seed", SEED);
        root.put("archive", NAME + ".tar");
        root.put("archiveSize", archive.length);
        root.put("archiveSha256", hex.formatHex(MessageDigest.getInstance("SHA-256").digest(archive)));
        root.put("manifestSha256", r.manifestSha256());
        root.put("fragmentRoot", r.manifest().fragmentTree().rootHex());
        root.put("secret", hex.formatHex(r.secret().bytes()));
        root.set("terms", FragmentVectorGenerator.JSON.readTree(new String(r.manifest().canonicalBytes(), StandardCharsets.UTF_8)).get("terms"));
        root.put("license", r.manifest().license());
        ArrayNode groups = root.putArray("groups");
        for (Manifest.Group g : r.manifest().groups()) {
            ObjectNode o = groups.addObject();
            o.put("threshold", g.threshold());
            ArrayNode k = o.putArray("keyholders");
            for (Manifest.Share s : g.shares()) k.add(s.keyholder());
        }
        ArrayNode files = root.putArray("files");
        for (Input i : INPUTS) {
            ObjectNode o = files.addObject();
            o.put("path", i.path());
            o.put("input", NAME + "/" + i.file());
            if (i.cutBytes() == null) o.put("cut", "whole"); else o.putObject("cut").put("bytes", i.cutBytes());
            ArrayNode p = o.putArray("previews");
            i.previews().stream().sorted().forEach(p::add);
        }
        return FragmentVectorGenerator.pretty(root);
    }

    /** Rewrites the inputs, the archive and its description under {@code vectors}. */
    static void regenerate(Path vectors) throws Exception {
        Path inputs = vectors.resolve(NAME);
        writeInputs(inputs);
        Path tar = vectors.resolve(NAME + ".tar");
        PackResult r = pack(inputs, tar);
        try {
            Files.writeString(vectors.resolve(NAME + ".json"), describe(r, Files.readAllBytes(tar)));
        } finally {
            r.secret().destroy();
        }
    }
}
