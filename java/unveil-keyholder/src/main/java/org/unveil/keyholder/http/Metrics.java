package org.unveil.keyholder.http;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP layer's counters, in Prometheus text format 0.0.4. Labels come from a fixed set (the route
 * names, the HTTP statuses, the refusal codes), never from a request's path, so a client cannot grow them.
 */
final class Metrics {
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();

    void answered(Route route, int status) {
        requests.computeIfAbsent("endpoint=\"" + route.label() + "\",status=\"" + status + "\"", k -> new LongAdder()).increment();
    }

    void refused(Route route, String code) {
        refusals.computeIfAbsent("endpoint=\"" + route.label() + "\",code=\"" + code + "\"", k -> new LongAdder()).increment();
    }

    void write(Appendable out) throws IOException {
        family(out, "unveil_keyholder_http_requests_total", "Requests answered, by endpoint and HTTP status.", requests);
        family(out, "unveil_keyholder_http_refusals_total", "Typed refusals answered, by endpoint and refusal code.", refusals);
    }

    private static void family(Appendable out, String name, String help, Map<String, LongAdder> series) throws IOException {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        for (var e : new TreeMap<>(series).entrySet()) {
            out.append(name).append('{').append(e.getKey()).append("} ").append(Long.toString(e.getValue().sum())).append('\n');
        }
    }
}
