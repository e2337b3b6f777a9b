package org.unveil.ipfs.gateway;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.unveil.ipfs.BlockSource;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.UnixFsExporter;

/**
 * A UnixFS file's bytes, with single-range support (206/416) so media players and resumable
 * downloads work. The bytes are not verifiable by the client; the trustless formats are for that.
 * {@link PathResponder} decides which file and which Content-Type.
 */
final class FileResponder {
    private FileResponder() {
    }

    static void serve(Cid cid, String contentType, BlockSource blocks, GatewayExchange ex) throws IOException {
        long size = ProbeCid.is(cid) ? 0 : UnixFsExporter.size(cid, blocks);
        ex.headers().set("Accept-Ranges", "bytes");
        HttpRange range;
        try {
            range = HttpRange.parse(ex.requestHeader("Range"), size);
        } catch (GatewayRequestException e) {
            ex.headers().set("Content-Range", "bytes */" + size);
            throw e;
        }
        if (range == null && ex.notModified()) return;
        long start = range == null ? 0 : range.start();
        long length = range == null ? size : range.length();
        if (range != null) {
            ex.headers().set("Content-Range", "bytes " + start + "-" + (range.endExclusive() - 1) + "/" + size);
        }
        OutputStream body = ex.begin(range == null ? 200 : 206, contentType, length);
        if (body == null || length == 0) return;
        BufferedOutputStream buffered = new BufferedOutputStream(body, 1 << 16);
        UnixFsExporter.export(cid, blocks, buffered, start, length);
        buffered.flush();
    }
}
