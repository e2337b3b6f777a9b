package org.unveil.keyholder.engine;

import java.io.IOException;
import java.nio.file.Path;
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
     * Writes the hire's archive to a new file in {@code dir} and returns it (the caller deletes it),
     * or empty when the artist has not uploaded it yet.
     */
    Optional<Path> exportArchive(Hire hire, Path dir) throws IOException;
}
