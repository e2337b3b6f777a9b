package org.unveil.archive;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.SerializationFeature;

/** Builds spec/vectors/manifest-invalid.json: one targeted corruption of a valid manifest per rule. */
final class ManifestVectors {
    private ManifestVectors() {}

    static void writeInvalid(Manifest manifest, Path out) throws IOException {
        String valid = new String(manifest.canonicalBytes(), java.nio.charset.StandardCharsets.UTF_8);
        List<Map<String, String>> cases = new ArrayList<>();
        add(cases, "version 1", valid.replace("\"version\":2", "\"version\":1"), "manifest version 1 is no longer read");
        add(cases, "unknown version", valid.replace("\"version\":2", "\"version\":3"), "version 3 is not supported");
        add(cases, "unknown top-level field", valid.replace("{\"files\"", "{\"extra\":1,\"files\""), "unknown field(s) [extra]");
        add(cases, "not canonical: whitespace", valid.replace("\"version\":2", "\"version\": 2"), "not in canonical form");
        add(cases, "duplicate key", valid.replace("{\"files\"", "{\"version\":2,\"files\""), "not valid JSON");
        add(cases, "path traversal", replaceFirstPath(valid, "../evil"), "'..' segment");
        add(cases, "absolute path", replaceFirstPath(valid, "/etc/passwd"), "absolute path");
        add(cases, "float size", valid.replaceFirst("\"size\":(\\d+)", "\"size\":$1.0"), "must be an integer");
        add(cases, "missing field", valid.replace("\"license\":", "\"licence\":"), "unknown field(s) [licence]");
        add(cases, "fragment gap", valid.replaceFirst("\"offset\":65536", "\"offset\":65535"), "previous fragment ended at");
        add(cases, "lying stored size", valid.replaceFirst("\"storedSize\":(\\d+)", "\"storedSize\":1"), "storedSize is 1");
        add(cases, "uppercase hash", valid.replaceFirst("\"sha256\":\"([0-9a-f])", "\"sha256\":\"A"), "64 lowercase hex");
        String keyholder = valid.replaceFirst("(?s).*?\"keyholder\":\"([0-9a-f]{66})\".*", "$1");
        add(cases, "commitment 0 is not S", valid.replaceFirst("\"commitments\":\\[\"[0-9a-f]{66}\"", "\"commitments\":[\"" + keyholder + "\""),
                "commitments[0] is not manifest.secret.publicKey");
        add(cases, "not an object", "[]", "must be a JSON object");
        add(cases, "truncated", valid.substring(0, valid.length() / 2), "not valid JSON");
        // version 2: fragment keys, renamed terms, sample count
        add(cases, "v1 term name fee", valid.replace("\"artistFee\":", "\"fee\":"), "unknown field(s) [fee]");
        add(cases, "v1 term name enrollmentDeadline", valid.replace("\"enrolDeadline\":", "\"enrollmentDeadline\":"), "unknown field(s) [enrollmentDeadline]");
        add(cases, "v1 secret.ageRecipient", valid.replace("\"secret\":{", "\"secret\":{\"ageRecipient\":\"age1\","), "unknown field(s) [ageRecipient]");
        add(cases, "sample count 0", valid.replaceFirst("\"sampleCount\":\\d+", "\"sampleCount\":0"), "sampleCount is 0; allowed range is 1..16");
        add(cases, "sample count 17", valid.replaceFirst("\"sampleCount\":\\d+", "\"sampleCount\":17"), "sampleCount is 17; allowed range is 1..16");
        add(cases, "encrypted fragment without keyAddress", valid.replaceFirst("\"keyAddress\":\"0x[0-9a-f]{40}\",", ""), "lacks the field 'keyAddress'");
        add(cases, "uppercase keyAddress", valid.replaceFirst("\"keyAddress\":\"0x([0-9a-f]{40})\"", "\"keyAddress\":\"0xABCDEF0000000000000000000000000000000000\""),
                "keyAddress '0xABCDEF0000000000000000000000000000000000' is not a lowercase 0x address");
        String firstAddress = valid.replaceFirst("(?s).*?\"keyAddress\":\"(0x[0-9a-f]{40})\".*", "$1");
        add(cases, "repeated keyAddress", valid.replaceAll("\"keyAddress\":\"0x[0-9a-f]{40}\"", "\"keyAddress\":\"" + firstAddress + "\""),
                "repeats encrypted fragment 0's");
        add(cases, "keyAddress on a preview", valid.replaceFirst("\\{\"offset\":(\\d+),\"preview\":true",
                "{\"keyAddress\":\"" + firstAddress + "\",\"offset\":$1,\"preview\":true"), "unknown field(s) [keyAddress]");
        add(cases, "no encrypted fragment", allPreviews(manifest), "manifest has no encrypted fragment");
        // media cuts (issue 11): tone.flac is the media-cut file, its fragment 0 the header segment
        add(cases, "unknown media format", valid.replace("\"format\":\"flac\"", "\"format\":\"wav\""), ".media.format 'wav' is not one of");
        add(cases, "unknown media field", valid.replace("\"media\":{", "\"media\":{\"codec\":\"flac\","), "unknown field(s) [codec]");
        add(cases, "media fragment without start", valid.replaceFirst("(\"duration\":\\d+,\"offset\":\\d+,\"preview\":\\w+,\"sha256\":\"[0-9a-f]{64}\",\"size\":\\d+),\"start\":\\d+",
                "$1"), "lacks the field 'start'");
        add(cases, "start on a byte-cut file", valid.replaceFirst("\\{\"offset\":0,\"preview\":true,\"sha256\"", "{\"duration\":0,\"offset\":0,\"preview\":true,\"sha256\""),
                "unknown field(s) [duration]");
        add(cases, "header segment with media time", valid.replaceFirst("\\{\"duration\":0,", "{\"duration\":5,"), "header segment, so its start and duration must be 0");
        add(cases, "media start goes back", mediaEdit(manifest, frags -> {
            Manifest.Fragment x = frags.get(1);
            frags.set(1, new Manifest.Fragment(x.offset(), x.size(), x.preview(), x.storedSize(), x.sha256(), x.keyAddress(), new Manifest.MediaSpan(999_000_000, x.span().duration())));
        }), "before the previous fragment's start");
        add(cases, "encrypted header segment", mediaEdit(manifest, frags -> {
            Manifest.Fragment h = frags.get(0);
            frags.set(0, new Manifest.Fragment(h.offset(), h.size(), false, org.unveil.archive.internal.AgeSizes.storedSize(h.size()), h.sha256(),
                    "0x" + "ab".repeat(20), h.span()));
        }), "header segment and must be a preview");
        JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(out.toFile(), cases);
    }

    /** The manifest with every fragment a preview: well-formed except that nothing is encrypted. */
    private static String allPreviews(Manifest m) {
        List<Manifest.FileEntry> files = new ArrayList<>();
        for (Manifest.FileEntry f : m.files()) {
            files.add(f.withFragments(f.fragments().stream().map(x -> new Manifest.Fragment(x.offset(), x.size(), true, x.size(), x.sha256(), null, x.span())).toList()));
        }
        Manifest p = new Manifest(m.version(), m.terms(), m.license(), m.secret(), m.groups(), files);
        return new String(p.canonicalBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The manifest with the media-cut file's fragments changed by {@code edit}: all else well-formed. */
    private static String mediaEdit(Manifest m, java.util.function.Consumer<List<Manifest.Fragment>> edit) {
        List<Manifest.FileEntry> files = new ArrayList<>();
        for (Manifest.FileEntry f : m.files()) {
            if (f.media() == null) {
                files.add(f);
                continue;
            }
            List<Manifest.Fragment> frags = new ArrayList<>(f.fragments());
            edit.accept(frags);
            files.add(f.withFragments(frags));
        }
        return new String(new Manifest(m.version(), m.terms(), m.license(), m.secret(), m.groups(), files).canonicalBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String replaceFirstPath(String valid, String path) {
        return valid.replaceFirst("\"path\":\"[^\"]*\"", "\"path\":\"" + path + "\"");
    }

    private static void add(List<Map<String, String>> cases, String name, String manifest, String error) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("case", name);
        c.put("manifest", manifest);
        c.put("error", error);
        cases.add(c);
    }
}
