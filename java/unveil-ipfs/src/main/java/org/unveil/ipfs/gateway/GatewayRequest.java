package org.unveil.ipfs.gateway;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.unveil.ipfs.ByteRange;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.DagScope;

/**
 * One parsed {@code GET|HEAD /ipfs/{cid}} request: which CID, which response format (the
 * {@code format} parameter wins over {@code Accept}, as the trustless gateway spec says), and for
 * CARs the scope, byte range and duplicate policy. {@code contentPath} is the raw (still
 * percent-encoded) path after the CID: "" for {@code /ipfs/{cid}}, else starting with '/'; only
 * the deserialized (path gateway) response walks it.
 */
record GatewayRequest(Cid cid, ResponseFormat format, boolean formatFromQuery, DagScope scope,
                      ByteRange entityBytes, String contentPath, String rawQuery) {

    /** Formats of the path gateway spec that this gateway knows of but does not produce. */
    private static final Set<String> NOT_IMPLEMENTED_FORMATS =
            Set.of("tar", "dag-json", "dag-cbor", "json", "cbor", "ipns-record");
    private static final int MAX_QUERY_PARAMS = 16;

    static GatewayRequest parse(URI uri, String accept) {
        String path = uri.getRawPath();
        if (path.startsWith("/ipns/")) {
            throw new GatewayRequestException(501, "IPNS is not implemented by this gateway; request /ipfs/{cid}");
        }
        if (!path.startsWith("/ipfs/")) {
            throw new GatewayRequestException(404, "no such resource [" + abbreviate(path) + "]; this gateway serves /ipfs/{cid}");
        }
        String rest = path.substring("/ipfs/".length());
        int slash = rest.indexOf('/');
        String cidText = slash < 0 ? rest : rest.substring(0, slash);
        String contentPath = slash < 0 ? "" : rest.substring(slash);
        Cid cid;
        try {
            cid = Cid.parse(cidText);
        } catch (IllegalArgumentException e) {
            throw new GatewayRequestException(400, e.getMessage());
        }
        Map<String, String> query = query(uri.getRawQuery());
        ResponseFormat format;
        boolean fromQuery = query.containsKey("format");
        AcceptHeader.Choice choice = fromQuery ? null : AcceptHeader.negotiate(accept);
        if (fromQuery) {
            format = switch (query.get("format")) {
                case "raw" -> ResponseFormat.RAW;
                case "car" -> ResponseFormat.CAR;
                default -> {
                    String f = query.get("format");
                    if (NOT_IMPLEMENTED_FORMATS.contains(f)) {
                        throw new GatewayRequestException(501, "format=" + f + " is not implemented; use format=raw or format=car");
                    }
                    throw new GatewayRequestException(400, "unknown format [" + abbreviate(f) + "]; use raw or car");
                }
            };
        } else if (choice != null) {
            format = choice.format();
        } else {
            format = ResponseFormat.FILE;
        }
        if (query.containsKey("car-dups")) yesNo(query.get("car-dups"), "car-dups");
        if (query.containsKey("car-version") && !query.get("car-version").equals("1")) {
            throw new GatewayRequestException(406, "car-version=" + query.get("car-version") + " is not supported; only CARv1");
        }
        if (query.containsKey("car-order") && !Set.of("dfs", "unk").contains(query.get("car-order"))) {
            throw new GatewayRequestException(406, "car-order=" + query.get("car-order") + " is not supported; only dfs");
        }
        if (!contentPath.isEmpty() && !contentPath.equals("/")) {
            if (format == ResponseFormat.RAW) {
                throw new GatewayRequestException(400, "raw block requests take no path: use /ipfs/{cid}?format=raw");
            }
            if (format == ResponseFormat.CAR) {
                throw new GatewayRequestException(501, "CARs of a path below a CID are not implemented; request the CAR of the entity's own CID"
                        + " (its X-Ipfs-Roots header lists it)");
            }
        }
        DagScope scope = DagScope.ALL;
        ByteRange range = null;
        if (query.containsKey("entity-bytes")) {
            try {
                range = ByteRange.parse(query.get("entity-bytes"));
            } catch (IllegalArgumentException e) {
                throw new GatewayRequestException(400, e.getMessage());
            }
            scope = DagScope.ENTITY;
        }
        if (query.containsKey("dag-scope")) {
            try {
                scope = DagScope.parse(query.get("dag-scope"));
            } catch (IllegalArgumentException e) {
                throw new GatewayRequestException(400, e.getMessage());
            }
        }
        if (format != ResponseFormat.CAR && (query.containsKey("dag-scope") || range != null)) {
            throw new GatewayRequestException(400, "dag-scope and entity-bytes apply only to CAR responses (format=car)");
        }
        return new GatewayRequest(cid, format, fromQuery, scope, range, contentPath, uri.getRawQuery());
    }

    /** The Etag: the CID, plus the format and every parameter that changes the bytes (spec: path gateway). */
    String etag() {
        return switch (format) {
            case RAW -> "\"" + cid + ".raw\"";
            case FILE -> "\"" + cid + "\"";
            case CAR -> "\"" + cid + ".car." + Integer.toHexString(
                    (scope.wireName() + "|" + entityBytes).hashCode()) + "\"";
        };
    }

    private static boolean yesNo(String value, String name) {
        return switch (value) {
            case "y" -> true;
            case "n" -> false;
            default -> throw new GatewayRequestException(400, name + " must be y or n, got [" + abbreviate(value) + "]");
        };
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        String[] pairs = raw.split("&");
        if (pairs.length > MAX_QUERY_PARAMS) {
            throw new GatewayRequestException(400, "too many query parameters (" + pairs.length + ")");
        }
        for (String pair : pairs) {
            String[] kv = pair.split("=", 2);
            try {
                out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            } catch (IllegalArgumentException e) {
                throw new GatewayRequestException(400, "malformed query parameter [" + abbreviate(pair) + "]");
            }
        }
        return out;
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
