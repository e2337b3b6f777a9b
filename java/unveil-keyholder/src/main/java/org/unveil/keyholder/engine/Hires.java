package org.unveil.keyholder.engine;

import java.io.IOException;
import org.unveil.archive.Inspection;
import java.util.List;
import java.util.Optional;
import org.unveil.eth.hiring.Solicitation;

/**
 * The slots the bot agreed to take through the hiring protocol, as the engine needs them: which
 * releases to hold before they exist, the terms each was solicited with (checked against the created
 * release before enrolling), and the archive the artist uploaded.
 */
public interface Hires {
    /** One accepted solicitation and what came of it. */
    record Hire(Solicitation solicitation, String releaseKey, long validUntil, Optional<String> archiveCid) {
        public long chainId() {
            return solicitation.chainId();
        }

        public String release() {
            return solicitation.release();
        }

        public int slot() {
            return solicitation.slot();
        }
    }

    /**
     * The hires whose offer still stands and whose release the bot may not hold yet: the releases to
     * start holding (one already held may be listed too; holding it again changes nothing).
     */
    List<Hire> all() throws IOException;

    Optional<Hire> get(long chainId, String release) throws IOException;

    /**
     * The hire's archive as its manifest tells it (read from the bot's own copy, which was verified
     * whole when it was received), or empty when the archive has not been received yet.
     */
    Optional<Inspection> archive(Hire hire) throws IOException;
}
