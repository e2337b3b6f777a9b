package org.unveil.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.unveil.release.Finding;
import org.unveil.release.Verdict;

/** Prints a fan's {@link Verdict}: the outcome, then every finding with its severity (text), or the same as JSON. */
final class VerdictPrinter {
    private VerdictPrinter() {}

    static void print(PrintWriter out, Verdict v, boolean json) {
        if (json) {
            Json.print(out, toMap(v));
            return;
        }
        out.printf("release   %s%n", v.release());
        out.printf("archive   %s%n", v.cid());
        for (Finding f : v.findings()) out.printf("%-9s %s%n", f.severity().name().toLowerCase(Locale.ROOT), f.reason());
        out.printf("verdict   %s%s%n", v.outcome().name(), v.ok() ? "" : " (" + v.suspects().size() + " reason(s) above): do not pledge unless you know why");
        out.flush();
    }

    static Map<String, Object> toMap(Verdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("release", v.release());
        m.put("archiveCid", v.cid());
        m.put("verdict", v.outcome().name().toLowerCase(Locale.ROOT));
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : v.findings()) findings.add(Map.of("severity", f.severity().name().toLowerCase(Locale.ROOT), "reason", f.reason()));
        m.put("findings", findings);
        return m;
    }
}
