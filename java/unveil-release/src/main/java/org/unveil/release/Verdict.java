package org.unveil.release;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Fan#verify} concluded about a release before a fan pays: {@link Outcome#OK} when no
 * finding is {@link Finding.Severity#SUSPECT}, else {@link Outcome#SUSPECT}, with every finding
 * (passed checks included) in the order they were made.
 *
 * @param release the release contract's address
 * @param cid the archive's CID as the contract records it (text), or its hex when it is no CID
 * @param findings every check made, in order
 */
public record Verdict(String release, String cid, List<Finding> findings) {
    public enum Outcome { OK, SUSPECT }

    public Verdict {
        Objects.requireNonNull(release, "release required");
        Objects.requireNonNull(cid, "cid required");
        findings = List.copyOf(findings);
    }

    public Outcome outcome() {
        return suspects().isEmpty() ? Outcome.OK : Outcome.SUSPECT;
    }

    public boolean ok() {
        return outcome() == Outcome.OK;
    }

    /** The reasons to distrust the release; empty for an {@link Outcome#OK} verdict. */
    public List<Finding> suspects() {
        return findings.stream().filter(f -> f.severity() == Finding.Severity.SUSPECT).toList();
    }
}
