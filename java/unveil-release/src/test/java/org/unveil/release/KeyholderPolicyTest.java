package org.unveil.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.eth.ReleaseParams;

/** The terms a keyholder accepts: each violation is named; none means the terms are acceptable. */
class KeyholderPolicyTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");
    private static final String A = "0x" + "11".repeat(20);

    private static ReleaseParams terms(Duration revealWindow, BigInteger deposit, Instant enrolDeadline) {
        return new ReleaseParams(ReleaseParams.ETH, BigInteger.valueOf(1_000_000), deposit, BigInteger.TEN, enrolDeadline, enrolDeadline.plusSeconds(86_400),
                revealWindow, A, new byte[32], new byte[32], new byte[36], List.of(1), List.of(1), List.of(A), List.of(A), new byte[32], 1, 1);
    }

    @Test
    void defaultsAcceptOrdinaryTerms() {
        assertEquals(List.of(), KeyholderPolicy.DEFAULTS.violations(terms(Duration.ofDays(2), BigInteger.ONE, NOW.plusSeconds(86_400)), NOW));
    }

    @Test
    void everyViolationIsNamed() {
        KeyholderPolicy p = KeyholderPolicy.DEFAULTS.withMaxDeposit(BigInteger.valueOf(100));
        List<String> why = p.violations(terms(Duration.ofMinutes(5), BigInteger.valueOf(101), NOW.plusSeconds(10)), NOW);
        assertEquals(3, why.size(), why.toString());
        assertTrue(why.get(0).contains("shorter than"), why.get(0));
        assertTrue(why.get(1).contains("deposit 101 is more than the 100"), why.get(1));
        assertTrue(why.get(2).contains("enrolment deadline"), why.get(2));
        var e = assertThrows(RefusedException.class, () -> p.check(terms(Duration.ofDays(365), BigInteger.ONE, NOW.plusSeconds(86_400)), NOW));
        assertTrue(e.getMessage().startsWith("refusing to enrol: the reveal window 365 days is longer than the 90 days"), e.getMessage());
    }

    @Test
    void aDepositLockedLongerThanThePolicyAllowsIsRefused() {
        // pledge deadline 1 day after a 1-day enrolment, 30 days to reveal, 1 day for accusations: 33 days
        ReleaseParams t = terms(Duration.ofDays(30), BigInteger.ONE, NOW.plusSeconds(86_400));
        assertEquals(List.of(), KeyholderPolicy.DEFAULTS.withMaxLock(Duration.ofDays(33)).violations(t, NOW));
        List<String> why = KeyholderPolicy.DEFAULTS.withMaxLock(Duration.ofDays(32)).violations(t, NOW);
        assertEquals(1, why.size(), why.toString());
        assertTrue(why.get(0).contains("locked until 2027-01-03T00:00:00Z") && why.get(0).contains("longer than the 32 days"), why.get(0));
    }

    @Test
    void aFeeBelowTheMinimumIsRefused() {
        List<String> why = KeyholderPolicy.DEFAULTS.withMinKeyholderFee(BigInteger.valueOf(11))
                .violations(terms(Duration.ofDays(2), BigInteger.ONE, NOW.plusSeconds(86_400)), NOW);
        assertEquals(List.of("the keyholder fee 10 is less than this keyholder's minimum 11"), why);
    }

    @Test
    void durationsReadAsAPersonWritesThem() {
        assertEquals("90 days", KeyholderPolicy.human(Duration.ofDays(90)));
        assertEquals("1 d 2 h", KeyholderPolicy.human(Duration.ofHours(26)));
        assertEquals("1 h 30 min", KeyholderPolicy.human(Duration.ofMinutes(90)));
        assertEquals("0 s", KeyholderPolicy.human(Duration.ZERO));
    }

    @Test
    void aMinimumAboveTheMaximumIsMisuse() {
        assertThrows(IllegalArgumentException.class, () -> KeyholderPolicy.DEFAULTS.withRevealWindow(Duration.ofDays(2), Duration.ofDays(1)));
    }
}
