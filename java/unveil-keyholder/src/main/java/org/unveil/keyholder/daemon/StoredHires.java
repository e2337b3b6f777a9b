package org.unveil.keyholder.daemon;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.unveil.archive.ArchiveReader;
import org.unveil.archive.Inspection;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.UnixFsExporter;
import org.unveil.keyholder.engine.Hires;
import org.unveil.keyholder.store.AcceptedOffer;
import org.unveil.keyholder.store.KeyholderStore;

/** The engine's view of the offers the solicitation desk accepted and the archives the intake stored. */
final class StoredHires implements Hires {
    /** The tar header, the largest manifest (16 MiB) and its padding. */
    private static final long MANIFEST_PREFIX = 16L * 1024 * 1024 + 1024;
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
    public Optional<Inspection> archive(Hire hire) throws IOException {
        if (hire.archiveCid().isEmpty()) return Optional.empty();
        Cid cid = Cid.parse(hire.archiveCid().get());
        // The manifest is the first entry and at most 16 MiB: only that prefix of the file is read back.
        long prefix = Math.min(UnixFsExporter.size(cid, blocks), MANIFEST_PREFIX);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        UnixFsExporter.export(cid, blocks, out, 0, prefix);
        return Optional.of(ArchiveReader.inspectManifest(new ByteArrayInputStream(out.toByteArray())));
    }
}
