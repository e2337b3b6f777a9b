package org.unveil.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.keys.ReleaseSecret;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The language-neutral vectors in spec/vectors/ (read by every implementation). Run with
 * {@code -Dunveil.regenerateVectors=true} to rewrite them (the tiny archive then changes, because
 * age encryption is randomised).
 */
class SpecVectorsTest {
    static final Path VECTORS = Path.of(System.getProperty("unveil.root", "../.."), "spec", "vectors");
    @TempDir Path dir;

    @Test
    void validManifestParsesReserialisesToTheSameBytesAndHash() throws Exception {
        regenerateIfAsked();
        byte[] json = Files.readAllBytes(VECTORS.resolve("manifest-v2.json"));
        Manifest m = Manifest.parse(json);
        assertArrayEquals(json, m.canonicalBytes());
        assertEquals(Files.readString(VECTORS.resolve("manifest-v2.json.sha256")).strip(), m.sha256Hex());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)), m.sha256Hex());
    }

    @TestFactory
    List<DynamicTest> invalidManifestsAreRejectedWithTheStatedReason() throws Exception {
        JsonNode cases = JsonMapper.builder().build().readTree(Files.readAllBytes(VECTORS.resolve("manifest-invalid.json")));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases.values()) {
            String name = c.get("case").stringValue();
            byte[] json = c.get("manifest").stringValue().getBytes(StandardCharsets.UTF_8);
            String error = c.get("error").stringValue();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                ArchiveFormatException e = assertThrows(ArchiveFormatException.class, () -> Manifest.parse(json));
                assertTrue(e.getMessage().contains(error), "'" + e.getMessage() + "' should contain '" + error + "'");
            }));
        }
        assertTrue(tests.size() >= 10);
        return tests;
    }

    /** Validates with Debian's python3-jsonschema (an independent implementation of JSON Schema 2020-12). */
    static int schemaCheck(String json) throws Exception {
        Path schema = VECTORS.resolve("../manifest.schema.json");
        Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                "import json,sys,jsonschema\n"
                        + "s=json.load(open(sys.argv[1]))\n"
                        + "jsonschema.Draft202012Validator.check_schema(s)\n"
                        + "jsonschema.Draft202012Validator(s).validate(json.loads(sys.stdin.read()))", schema.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Test
    void jsonSchemaAcceptsTheVectorAndRejectsStructuralBreakage() throws Exception {
        String valid = Files.readString(VECTORS.resolve("manifest-v2.json"));
        assertEquals(0, schemaCheck(valid));
        assertEquals(1, schemaCheck(valid.replace("\"version\":2", "\"version\":1")));
        assertEquals(1, schemaCheck(valid.replaceFirst("\"keyAddress\":\"0x[0-9a-f]{40}\",", "")));
        assertEquals(1, schemaCheck(valid.replaceFirst("\"sampleCount\":\\d+", "\"sampleCount\":17")));
        assertEquals(1, schemaCheck(valid.replace("\"artistFee\":", "\"fee\":")));
        assertEquals(1, schemaCheck(valid.replace("{\"files\"", "{\"extra\":1,\"files\"")));
        assertEquals(1, schemaCheck(valid.replaceFirst("\"size\":(\\d+)", "\"size\":$1.5")));
        assertEquals(1, schemaCheck(valid.replaceFirst("\"sha256\":\"[0-9a-f]", "\"sha256\":\"A")));
        assertEquals(1, schemaCheck(valid.replaceFirst("\"path\":\"[^\"]*\"", "\"path\":\"/abs\"")));
        assertEquals(1, schemaCheck(valid.replaceFirst("\"media\":\\{\"format\":\"flac\"", "\"media\":{\"format\":\"wav\"")));
        assertEquals(1, schemaCheck(valid.replaceFirst(",\"start\":\\d+", "")));
        assertEquals(1, schemaCheck(valid.replaceFirst("\"preview\":true,", "\"duration\":0,\"preview\":true,\"start\":0,")));
    }

    @Test
    void tinyArchiveInspectsAndUnpacksWithItsSecret() throws Exception {
        Path tar = VECTORS.resolve("archive-tiny.tar");
        Inspection i = ArchiveReader.inspect(tar);
        assertEquals(Files.readString(VECTORS.resolve("archive-tiny.tar.manifest-sha256")).strip(), i.manifestSha256());
        ReleaseSecret s = SecretFile.read(VECTORS.resolve("archive-tiny.secret"));
        ArchiveUnpacker.unpack(tar, dir.resolve("x"), s, ProgressListener.NONE);
        for (Manifest.FileEntry f : i.manifest().files()) {
            byte[] got = Files.readAllBytes(dir.resolve("x").resolve(f.path()));
            assertEquals(f.sha256(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(got)));
        }
        assertEquals("hello, unveil\n", Files.readString(dir.resolve("x/notes/hello.txt")));
        // The root the release contract must record for this archive (the chain side checks the same file).
        assertEquals(Files.readString(VECTORS.resolve("archive-tiny.tar.fragment-root")).strip(), i.manifest().fragmentTree().rootHex());
        assertEquals(3 + 2, i.manifest().fragmentCount(), "data.bin's three and tone.flac's last two segments");
    }

    private void regenerateIfAsked() throws Exception {
        if (!Boolean.getBoolean("unveil.regenerateVectors")) return;
        Files.createDirectories(VECTORS);
        Path in = Files.createDirectories(dir.resolve("in"));
        Path hello = Files.writeString(in.resolve("hello.txt"), "hello, unveil\n");
        Path data = Fixtures.randomFile(in, "data.bin", 100_000, 8);
        // tone.flac: 3 s at 8 kHz cut into 1 s FLAC segments: a header segment (always a preview), then media segments with start/duration.
        Path flac = org.unveil.archive.internal.media.FfmpegAudio.tone(in.resolve("tone.flac"), 3, 8000, "-c:a", "flac", "-ac", "1", "-fflags", "+bitexact");
        // data.bin: four 32 KiB fragments, the second a preview, so F = 3 (enough for a repeated-keyAddress case).
        PackResult r = Fixtures.packer(Fixtures.keys(3, 21), 2).random(Fixtures.seeded(2026))
                .file(new FileSpec(hello, "notes/hello.txt", Cut.whole(), Set.of(0)))
                .file(new FileSpec(data, "data.bin", Cut.everyBytes(32_768), Set.of(1)))
                .file(new FileSpec(flac, "tone.flac", Cut.media("flac", 1), Set.of(1)))
                .build().pack(VECTORS.resolve("archive-tiny.tar"));
        Files.deleteIfExists(VECTORS.resolve("archive-tiny.secret")); // a test vector, regenerated on purpose: secret files are never replaced
        SecretFile.write(VECTORS.resolve("archive-tiny.secret"), r.secret(), r.manifestSha256());
        Files.writeString(VECTORS.resolve("archive-tiny.tar.manifest-sha256"), r.manifestSha256() + "\n");
        Files.writeString(VECTORS.resolve("archive-tiny.tar.fragment-root"), r.manifest().fragmentTree().rootHex() + "\n");
        Files.write(VECTORS.resolve("manifest-v2.json"), r.manifest().canonicalBytes());
        Files.writeString(VECTORS.resolve("manifest-v2.json.sha256"), r.manifestSha256() + "\n");
        ManifestVectors.writeInvalid(r.manifest(), VECTORS.resolve("manifest-invalid.json"));
    }
}
