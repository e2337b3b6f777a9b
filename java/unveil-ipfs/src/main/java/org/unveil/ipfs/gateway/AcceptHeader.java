package org.unveil.ipfs.gateway;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Content negotiation over the {@code Accept} header (RFC 9110 section 12.5.1), limited to what a
 * trustless gateway serves. Picks the highest-q media range this gateway can produce; a CAR
 * range whose parameters we cannot honour (version other than 1, an order other than dfs/unk)
 * is skipped, so a client listing alternatives still gets the one we support.
 */
final class AcceptHeader {
    /** The outcome: the format to send. */
    record Choice(ResponseFormat format) {}

    private record MediaRange(String type, Map<String, String> params, double q, int position) {}

    private AcceptHeader() {}

    /**
     * @return the chosen format, or null when the header is absent or names only types a
     *         trustless gateway does not know (then the caller falls back to file bytes)
     * @throws GatewayRequestException 406 when the client asked only for CAR variants we cannot produce
     */
    static Choice negotiate(String header) {
        if (header == null || header.isBlank()) return null;
        List<MediaRange> ranges = parse(header);
        ranges.sort(Comparator.comparingDouble(MediaRange::q).reversed().thenComparingInt(MediaRange::position));
        boolean unsupportedCar = false;
        for (MediaRange r : ranges) {
            if (r.q() <= 0) continue;
            switch (r.type()) {
                case "application/vnd.ipld.raw" -> { return new Choice(ResponseFormat.RAW); }
                case "application/vnd.ipld.car" -> {
                    String version = r.params().getOrDefault("version", "1");
                    String order = r.params().getOrDefault("order", "dfs");
                    String dups = r.params().getOrDefault("dups", "n");
                    if (version.equals("1") && (order.equals("dfs") || order.equals("unk"))
                            && (dups.equals("y") || dups.equals("n"))) {
                        return new Choice(ResponseFormat.CAR);
                    }
                    unsupportedCar = true;
                }
                case "application/octet-stream", "*/*", "application/*" -> {
                    return new Choice(ResponseFormat.FILE);
                }
                default -> { /* e.g. text/html: this gateway renders no HTML; keep looking */ }
            }
        }
        if (unsupportedCar) {
            throw new GatewayRequestException(406, "unsupported CAR variant in Accept [" + header
                    + "]; this gateway serves application/vnd.ipld.car; version=1; order=dfs; dups=y|n");
        }
        return null;
    }

    private static List<MediaRange> parse(String header) {
        List<MediaRange> out = new ArrayList<>();
        String[] items = header.split(",");
        for (int i = 0; i < items.length && i < 32; i++) {
            String[] parts = items[i].split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            Map<String, String> params = new HashMap<>();
            double q = 1.0;
            for (int p = 1; p < parts.length; p++) {
                String[] kv = parts[p].split("=", 2);
                if (kv.length != 2) continue;
                String key = kv[0].strip().toLowerCase(Locale.ROOT);
                String value = kv[1].strip().replace("\"", "").toLowerCase(Locale.ROOT);
                if (key.equals("q")) {
                    try {
                        q = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                } else {
                    params.put(key, value);
                }
            }
            out.add(new MediaRange(type, params, q, i));
        }
        return out;
    }
}
