package org.unveil.keyholder.http;

import java.util.Set;

/** The endpoints of spec/keyholder-protocol.md section 8, each with the methods it answers and its metrics label. */
enum Route {
    INFO("info", Set.of("GET")),
    SOLICIT("solicit", Set.of("POST")),
    ARCHIVES("archives", Set.of("PUT")),
    COMMIT("commit", Set.of("POST")),
    RELEASES("releases", Set.of("GET")),
    GATEWAY("ipfs", Set.of("GET", "HEAD")),
    HEALTHZ("healthz", Set.of("GET")),
    METRICS("metrics", Set.of("GET")),
    UNKNOWN("unknown", Set.of());

    private final String label;
    private final Set<String> methods;

    Route(String label, Set<String> methods) {
        this.label = label;
        this.methods = methods;
    }

    String label() {
        return label;
    }

    boolean allows(String method) {
        return methods.contains(method);
    }

    /** The {@code Allow} header of a 405: the route's methods and OPTIONS. */
    String allowHeader() {
        return String.join(", ", methods.stream().sorted().toList()) + ", OPTIONS";
    }

    /** The route of a raw request path; its parameter, if any, is the path's last segment. */
    static Route of(String path) {
        if (path.equals("/v1/info")) return INFO;
        if (path.equals("/v1/solicit")) return SOLICIT;
        if (path.equals("/v1/commit")) return COMMIT;
        if (path.equals("/healthz")) return HEALTHZ;
        if (path.equals("/metrics")) return METRICS;
        if (oneSegmentUnder(path, "/v1/archives/")) return ARCHIVES;
        if (oneSegmentUnder(path, "/v1/releases/")) return RELEASES;
        if (path.startsWith("/ipfs/")) return GATEWAY;
        return UNKNOWN;
    }

    private static boolean oneSegmentUnder(String path, String prefix) {
        return path.startsWith(prefix) && path.length() > prefix.length() && path.indexOf('/', prefix.length()) < 0;
    }
}
