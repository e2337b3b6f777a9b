package org.unveil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Durations and deadlines of the chain commands, without a chain. */
class ChainOptionsTest {
    @Test
    void timesTakeRelativeAndAbsoluteForms() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        assertEquals(Duration.ofDays(3), TimeArgs.duration("3d", "--w"));
        assertEquals(Duration.ofDays(14), TimeArgs.duration("2w", "--w"));
        assertEquals(Duration.ofMinutes(90), TimeArgs.duration("PT1H30M", "--w"));
        assertEquals(now.plus(Duration.ofDays(7)), TimeArgs.instant("7d", "--t", now));
        assertEquals(now.plus(Duration.ofHours(12)), TimeArgs.instant("+12h", "--t", now));
        assertEquals(Instant.parse("2027-01-31T00:00:00Z"), TimeArgs.instant("2027-01-31", "--t", now));
        assertEquals(Instant.parse("2027-01-31T12:00:00Z"), TimeArgs.instant("2027-01-31T12:00:00Z", "--t", now));
        assertEquals(Instant.parse("2027-01-31T12:00:00Z"), TimeArgs.instant("2027-01-31T13:00:00+01:00", "--t", now));
        assertEquals(Instant.parse("2027-01-31T12:00:00Z"), TimeArgs.instant("2027-01-31T12:00", "--t", now));
        assertEquals(Instant.ofEpochSecond(1_800_000_000L), TimeArgs.instant("1800000000", "--t", now));
        var bad = assertThrows(IllegalArgumentException.class, () -> TimeArgs.instant("soon", "--pledge-deadline", now));
        assertTrue(bad.getMessage().startsWith("--pledge-deadline \"soon\" is not a duration such as 3d"), bad.getMessage());
        var zero = assertThrows(IllegalArgumentException.class, () -> TimeArgs.duration("0s", "--reveal-window"));
        assertTrue(zero.getMessage().contains("longer than zero"), zero.getMessage());
        assertEquals("3 days", TimeArgs.describe(Duration.ofDays(3)));
        assertEquals("90 seconds", TimeArgs.describe(Duration.ofSeconds(90)));
    }

}
