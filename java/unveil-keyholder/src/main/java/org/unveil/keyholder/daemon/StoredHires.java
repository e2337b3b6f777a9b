package org.unveil.keyholder.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.UnixFsExporter;
import org.unveil.keyholder.engine.Hires;
import org.unveil.keyholder.store.AcceptedOffer;
import org.unveil.keyholder.store.KeyholderStore;

/** The engine's view of the offers the solicitation desk accepted and the archives the intake stored. */
final class StoredHires implements Hires {
    private final KeyholderStore store;
    private final FsBlockStore blocks;
    private final Clock clock;

    StoredHires(KeyholderStore store, FsBlockStore blocks, Clock clock) {
        this.store = store;
        this.blocks = blocks;
        this.clock = clock;
    }

    @Override
    public List<Hire> all() throws IOException {
        List<Hire> out = new ArrayList<>();
        for (AcceptedOffer o : store.offers().standingUnheld(clock.instant().getEpochSecond())) out.add(hire(o));
        return out;
    }

    @Override
    public Optional<Hire> get(long chainId, String release) throws IOException {
        return store.offers().get(chainId, release).map(StoredHires::hire);
    }

    private static Hire hire(AcceptedOffer o) {
        return new Hire(o.terms(), o.releaseKey(), o.validUntil(), o.archiveCid());
    }

    @Override
    public Optional<Path> exportArchive(Hire hire, Path dir) throws IOException {
        if (hire.archiveCid().isEmpty()) return Optional.empty();
        Cid cid = Cid.parse(hire.archiveCid().get());
        Path file = Files.createTempFile(dir, "archive-", ".tar");
        try (OutputStream out = Files.newOutputStream(file)) {
            UnixFsExporter.export(cid, blocks, out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return Optional.of(file);
    }
}
