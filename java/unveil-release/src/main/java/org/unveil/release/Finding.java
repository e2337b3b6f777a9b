package org.unveil.release;

import java.util.Objects;

/**
 * One thing a check found about a release, as a sentence with its weight.
 *
 * @param severity {@link Severity#SUSPECT} makes the whole {@link Verdict} suspect
 * @param reason what was checked and what came out, naming the values
 */
public record Finding(Severity severity, String reason) {
    public enum Severity {
        /** A check that passed, stated so a fan sees what was verified. */
        OK,
        /** Worth knowing before paying, but no reason by itself to distrust the release (a keyholder without stake). */
        WARNING,
        /** A reason to distrust the release: the archive, the contract or a keyholder is not what it claims. */
        SUSPECT
    }

    public Finding {
        Objects.requireNonNull(severity, "severity required");
        Objects.requireNonNull(reason, "reason required");
    }

    static Finding ok(String reason) {
        return new Finding(Severity.OK, reason);
    }

    static Finding warning(String reason) {
        return new Finding(Severity.WARNING, reason);
    }

    static Finding suspect(String reason) {
        return new Finding(Severity.SUSPECT, reason);
    }
}
