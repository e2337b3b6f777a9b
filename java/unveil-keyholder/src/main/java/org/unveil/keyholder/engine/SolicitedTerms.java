package org.unveil.keyholder.engine;

import java.util.ArrayList;
import java.util.List;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.hiring.Solicitation;

/**
 * The created release against the solicitation the bot accepted: the artist may not solicit one
 * set of terms and create the release with another (a lower fee, a larger deposit, a longer lock).
 */
final class SolicitedTerms {
    private SolicitedTerms() {}

    /** Every term of {@code p} (created by {@code artist}) that differs from {@code s}, one phrase each; empty when all match. */
    static List<String> differences(Solicitation s, ReleaseParams p, String artist) {
        List<String> why = new ArrayList<>();
        if (!s.artist().equalsIgnoreCase(artist)) why.add("artist " + artist + " (solicited by " + s.artist() + ")");
        if (!s.token().equalsIgnoreCase(p.token())) why.add("token " + p.token() + " (solicited " + s.token() + ")");
        if (!s.deposit().equals(p.deposit())) why.add("deposit " + p.deposit() + " (solicited " + s.deposit() + ")");
        if (!s.keyholderFee().equals(p.keyholderFee())) why.add("keyholder fee " + p.keyholderFee() + " (solicited " + s.keyholderFee() + ")");
        if (!s.goal().equals(p.goal())) why.add("goal " + p.goal() + " (solicited " + s.goal() + ")");
        if (s.enrolDeadline() != p.enrolDeadline().getEpochSecond()) why.add("enrolment deadline " + p.enrolDeadline().getEpochSecond() + " (solicited " + s.enrolDeadline() + ")");
        if (s.pledgeDeadline() != p.pledgeDeadline().getEpochSecond()) why.add("pledge deadline " + p.pledgeDeadline().getEpochSecond() + " (solicited " + s.pledgeDeadline() + ")");
        if (s.revealWindow() != p.revealWindow().getSeconds()) why.add("reveal window " + p.revealWindow().getSeconds() + " s (solicited " + s.revealWindow() + " s)");
        if (s.slot() >= p.releaseKeys().size()) {
            why.add("no slot " + s.slot() + " (the release has " + p.releaseKeys().size() + ")");
        } else if (p.groupOfSlot(s.slot()) != s.group()) {
            why.add("slot " + s.slot() + " in group " + p.groupOfSlot(s.slot()) + " (solicited in group " + s.group() + ")");
        }
        return why;
    }
}
