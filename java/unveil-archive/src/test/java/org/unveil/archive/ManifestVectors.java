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

    static void writeInvalid(String valid, Path out) throws IOException {
        List<Map<String, String>> cases = new ArrayList<>();
        add(cases, "unknown version", valid.replace("\"version\":1", "\"version\":2"), "version 2 is not supported");
        add(cases, "unknown top-level field", valid.replace("{\"files\"", "{\"extra\":1,\"files\""), "unknown field(s) [extra]");
        add(cases, "not canonical: whitespace", valid.replace("\"version\":1", "\"version\": 1"), "not in canonical form");
        add(cases, "duplicate key", valid.replace("{\"files\"", "{\"version\":1,\"files\""), "not valid JSON");
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
        JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(out.toFile(), cases);
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
