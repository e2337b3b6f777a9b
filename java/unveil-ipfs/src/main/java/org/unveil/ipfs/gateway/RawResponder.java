package org.unveil.ipfs.gateway;

import java.io.IOException;
import java.io.OutputStream;
import org.unveil.ipfs.BlockSource;

/** {@code application/vnd.ipld.raw}: the one block whose hash is the CID, with its exact length. */
final class RawResponder implements Responder {
    private final BlockSource blocks;

    RawResponder(BlockSource blocks) {
        this.blocks = blocks;
    }

    @Override
    public void respond(GatewayRequest req, GatewayExchange ex) throws IOException {
        byte[] block = ProbeCid.is(req.cid()) ? new byte[0] : blocks.get(req.cid());
        ex.headers().set("Content-Disposition", "attachment; filename=\"" + req.cid() + ".bin\"");
        if (ex.notModified()) return;
        OutputStream body = ex.begin(200, ResponseFormat.RAW.mediaType, block.length);
        if (body != null) body.write(block);
    }
}
