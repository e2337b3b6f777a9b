package org.unveil.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar for times on the command line (spec/glossary.md, "Times"): every deadline takes
 * a relative form (a duration from now: {@code 7d}, {@code +12h}) or an absolute one (a date
 * {@code 2027-01-31}, which means 00:00 UTC, an ISO-8601 instant {@code 2027-01-31T12:00:00Z}, or
 * Unix seconds {@code 1800000000}); every window takes a duration.
 */
final class TimeArgs {
    static final String DURATION_FORMS = "a duration such as 3d, 12h, 30m, 45s or 1w";
    static final String WHEN_FORMS = DURATION_FORMS + " from now, a date (2027-01-31, 00:00 UTC), an instant (2027-01-31T12:00:00Z) or Unix seconds";
    private static final Pattern SHORT = Pattern.compile("\\+?(\\d{1,9})\\s*([wdhms])");

    private TimeArgs() {}

    /** A duration: {@code 3d}, {@code 12h}, {@code 30m}, {@code 45s}, {@code 1w}, or ISO-8601 {@code PT1H}. */
    static Duration duration(String text, String option) {
        Duration d = parseDuration(text.strip());
        if (d == null) throw new IllegalArgumentException(option + " " + quoted(text) + " is not " + DURATION_FORMS);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(option + " must be longer than zero, got " + quoted(text));
        return d;
    }

    /** A point in time, relative to {@code now} or absolute; see the class comment. */
    static Instant instant(String text, String option, Instant now) {
        String t = text.strip();
        Duration relative = parseDuration(t);
        if (relative != null) return now.plus(relative);
        if (t.matches("\\d{1,12}")) return Instant.ofEpochSecond(Long.parseLong(t));
        try {
            if (t.matches("\\d{4}-\\d{2}-\\d{2}")) return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
            if (t.endsWith("Z") || t.endsWith("z")) return Instant.parse(t.toUpperCase(java.util.Locale.ROOT));
            if (t.matches(".*[+-]\\d{2}:\\d{2}$")) return OffsetDateTime.parse(t).toInstant();
            // A date and time without a zone: UTC, as everywhere else in Unveil (chain time is UTC).
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " " + quoted(text) + " is not " + WHEN_FORMS, e);
        }
    }

    /** "3 days", "12 hours", "90 seconds": for printing durations back to people. */
    static String describe(Duration d) {
        long s = d.getSeconds();
        if (s % 86_400 == 0) return plural(s / 86_400, "day");
        if (s % 3_600 == 0) return plural(s / 3_600, "hour");
        if (s % 60 == 0) return plural(s / 60, "minute");
        return plural(s, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private static Duration parseDuration(String t) {
        Matcher m = SHORT.matcher(t.toLowerCase(java.util.Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "w" -> Duration.ofDays(7 * n);
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        }
        if (t.startsWith("P") || t.startsWith("p") || t.startsWith("+P") || t.startsWith("+p")) {
            try {
                return Duration.parse(t.startsWith("+") ? t.substring(1) : t);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }
}
