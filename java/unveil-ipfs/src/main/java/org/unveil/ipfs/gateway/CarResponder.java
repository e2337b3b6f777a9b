package org.unveil.ipfs.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.unveil.ipfs.BlockSource;
import org.unveil.ipfs.CarWriter;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.DagScope;
import org.unveil.ipfs.DagWalker;
import org.unveil.ipfs.UnixFsExporter;

/**
 * {@code application/vnd.ipld.car; version=1; order=dfs}: streams the requested part of the DAG
 * block by block as the walk reaches it, so memory stays bounded by a few blocks plus the set of
 * CIDs the walk has visited.
 */
final class CarResponder implements Responder {
    private final BlockSource blocks;

    CarResponder(BlockSource blocks) {
        this.blocks = blocks;
    }

    @Override
    public void respond(GatewayRequest req, GatewayExchange ex) throws IOException {
        Cid root = req.cid();
        boolean probe = ProbeCid.is(root);
        if (!probe) {
            blocks.get(root); // a missing root is a 404, decided before the status line
            rejectRangeOutsideEntity(req);
        }
        ex.headers().set("Content-Disposition", "attachment; filename=\"" + root + ".car\"");
        if (!req.formatFromQuery()) {
            ex.headers().set("Content-Location", "/ipfs/" + root + "?format=car&dag-scope=" + req.scope().wireName()
                    + (req.entityBytes() == null ? "" : "&entity-bytes=" + req.entityBytes())
                    + "&car-dups=n");
        }
        if (ex.notModified()) return;
        // The walk sends each block once; a dups=y request gets dups=n, labelled so (clients must check).
        String type = ResponseFormat.CAR.mediaType + "; version=1; order=dfs; dups=n";
        // A whole DAG is sized up front (dag-pb nodes read, leaves only measured); the JDK server
        // chunks bodies of unknown length into 4 KiB pieces, which cost a fifth of a 1 GiB transfer.
        boolean whole = !probe && req.scope() == DagScope.ALL && req.entityBytes() == null;
        OutputStream body = ex.begin(200, type, whole ? DagWalker.carLength(root, blocks) : -1);
        if (body == null) return;
        CarWriter car = new CarWriter(body, List.of(root)); // buffers 64 KiB itself
        if (!probe) {
            ReadAhead.walk(root, blocks, req.scope(), req.entityBytes(), car::write);
        }
        car.flush();
    }

    /** Spec: a range wholly outside the entity SHOULD be a 400 when the gateway can tell up front. */
    private void rejectRangeOutsideEntity(GatewayRequest req) throws IOException {
        if (req.entityBytes() == null) return;
        int codec = req.cid().codec();
        if (codec != Cid.RAW && codec != Cid.DAG_PB) return;
        long size = UnixFsExporter.size(req.cid(), blocks);
        long from = req.entityBytes().from();
        long start = from >= 0 ? from : Math.max(0, size + from);
        Long to = req.entityBytes().toInclusiveOrNull();
        long last = to == null ? size - 1 : to >= 0 ? Math.min(to, size - 1) : size + to;
        if (start >= size || last < start) {
            throw new GatewayRequestException(400, "entity-bytes=" + req.entityBytes() + " selects no byte of "
                    + req.cid() + " (" + size + " bytes)");
        }
    }
}
