package org.unveil.keyholder.http;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.unveil.eth.hiring.HiringMessageException;
import org.unveil.eth.hiring.RefusalCode;

/** The engine's side of the HTTP layer with fixed answers: one known release, everything else not created yet. */
final class FixedReleaseDesk implements ReleaseDesk {
    static final String KNOWN = "0x00000000000000000000000000000000000000aa";
    static final String TX = "0x" + "ab".repeat(32);
    volatile Health health = Health.ok(31337, 120, 118);

    @Override
    public CommitAnswer commit(String release, List<java.net.URI> gateways) throws HiringMessageException {
        if (!gateways.isEmpty()) throw new HiringMessageException(RefusalCode.NOT_READY, "fetching from " + gateways.size() + " gateways");
        if (!release.equals(KNOWN)) throw new HiringMessageException(RefusalCode.NOT_READY, "release " + release + " is not created yet; create it, then commit");
        return new CommitAnswer(release, 3, "enrol", "BROADCAST", TX);
    }

    @Override
    public Optional<ReleaseReport> report(String release) {
        if (!release.equals(KNOWN)) return Optional.empty();
        return Optional.of(new ReleaseReport(release, 31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3", 3, 1, "ENROLLING", Optional.empty(),
                List.of(new ReleaseReport.Action("enrol", "BROADCAST", OptionalLong.of(7), Optional.of(TX)),
                        new ReleaseReport.Action("draw-samples", "INTENDED", OptionalLong.empty(), Optional.empty())),
                "wait for the enrolment to be mined"));
    }

    @Override
    public Health health() {
        return health;
    }

    @Override
    public void writeMetrics(Appendable out) throws IOException {
        out.append("# TYPE unveil_keyholder_chain_head gauge\nunveil_keyholder_chain_head 120\n");
    }
}
