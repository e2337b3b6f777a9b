package org.unveil.keyholder.daemon;

import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One JSON object per line ({@code ts}, {@code level}, {@code logger}, {@code msg}, and {@code error}
 * when a record carries one): structured logs a collector can parse. Nothing secret reaches a log
 * record in the first place (keys and shares are never formatted into messages); this only shapes them.
 */
public final class JsonLogFormatter extends Formatter {
    @Override
    public String format(LogRecord r) {
        StringBuilder b = new StringBuilder(160).append("{\"ts\":\"").append(Instant.ofEpochMilli(r.getMillis())).append("\",\"level\":\"")
                .append(r.getLevel().getName()).append("\",\"logger\":");
        quote(b, r.getLoggerName());
        b.append(",\"msg\":");
        quote(b, formatMessage(r));
        if (r.getThrown() != null) {
            b.append(",\"error\":");
            quote(b, r.getThrown().toString());
        }
        return b.append("}\n").toString();
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        if (s != null) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                        else b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
