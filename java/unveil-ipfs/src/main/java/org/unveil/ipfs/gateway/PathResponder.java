package org.unveil.ipfs.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.StringJoiner;
import org.unveil.ipfs.BlockSource;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.UnixFsEntry;
import org.unveil.ipfs.UnixFsExporter;

/**
 * The path gateway's deserialized response (https://specs.ipfs.tech/http-gateways/path-gateway/)
 * for {@code /ipfs/{cid}[/path...]}: walks the path one directory block per segment, then serves a
 * file with a Content-Type from its name, a directory's {@code index.html}, or a listing. A
 * directory URL without its trailing slash is redirected (301) to the one with it, so the page's
 * relative links resolve inside the directory. A bare file CID keeps the plain
 * {@code application/octet-stream} response: without a name there is no type to tell.
 */
final class PathResponder implements Responder {
    private final BlockSource blocks;

    PathResponder(BlockSource blocks) {
        this.blocks = blocks;
    }

    @Override
    public void respond(GatewayRequest req, GatewayExchange ex) throws IOException {
        Cid root = req.cid();
        if (root.codec() != Cid.RAW && root.codec() != Cid.DAG_PB) {
            throw new GatewayRequestException(501, "cannot deserialize codec 0x" + Integer.toHexString(root.codec())
                    + " as UnixFS; request ?format=raw or ?format=car");
        }
        ContentPath path = ContentPath.parse(req.contentPath());
        if (ProbeCid.is(root) && path.segments().isEmpty()) {
            FileResponder.serve(root, MediaTypes.OCTET_STREAM, blocks, ex);
            return;
        }
        UnixFsEntry entry = UnixFsEntry.load(root, blocks);
        StringJoiner roots = new StringJoiner(",").add(root.toString());
        StringBuilder walked = new StringBuilder("/ipfs/").append(root);
        for (String name : path.segments()) {
            if (entry.kind() != UnixFsEntry.Kind.DIRECTORY) {
                throw notWalkable(entry, walked, name);
            }
            UnixFsEntry.Link link = entry.find(name);
            if (link == null) {
                throw new GatewayRequestException(404, "no entry named \"" + GatewayRequest.abbreviate(name) + "\" in "
                        + walked + " (directory " + entry.cid() + ")");
            }
            entry = UnixFsEntry.load(link.cid(), blocks);
            roots.add(link.cid().toString());
            walked.append('/').append(DirectoryListing.encodeSegment(name));
        }
        String ipfsPath = "/ipfs/" + root + req.contentPath();
        switch (entry.kind()) {
            case FILE -> {
                ex.resolved("\"" + entry.cid() + "\"", ipfsPath, roots.toString());
                String type = path.last() == null ? MediaTypes.OCTET_STREAM : contentType(path.last(), entry.cid());
                FileResponder.serve(entry.cid(), type, blocks, ex);
            }
            case DIRECTORY -> directory(req, ex, path, entry, ipfsPath, roots.toString());
            default -> throw new GatewayRequestException(501, ipfsPath + " is " + entry.describe()
                    + ", which this gateway does not serve; fetch it with ?format=car");
        }
    }

    private void directory(GatewayRequest req, GatewayExchange ex, ContentPath path, UnixFsEntry dir,
                           String ipfsPath, String roots) throws IOException {
        if (!path.trailingSlash()) {
            ex.resolved("\"" + dir.cid() + "\"", ipfsPath, roots);
            String query = req.rawQuery() == null ? "" : "?" + req.rawQuery();
            ex.redirect(ex.requestPath() + "/" + query);
            return;
        }
        UnixFsEntry.Link index = dir.find("index.html");
        if (index != null) {
            UnixFsEntry page = UnixFsEntry.load(index.cid(), blocks);
            if (page.kind() == UnixFsEntry.Kind.FILE) {
                ex.resolved("\"" + page.cid() + "\"", ipfsPath, roots + "," + page.cid());
                FileResponder.serve(page.cid(), MediaTypes.HTML, blocks, ex);
                return;
            }
        }
        ex.resolved("\"DirIndex-" + dir.cid() + "\"", ipfsPath, roots);
        if (ex.notModified()) return;
        byte[] html = DirectoryListing.html(ipfsPath, dir, path.segments().isEmpty());
        OutputStream body = ex.begin(200, MediaTypes.HTML, html.length);
        if (body != null) body.write(html);
    }

    private String contentType(String name, Cid file) throws IOException {
        String known = MediaTypes.byName(name);
        if (known != null) return known;
        ByteArrayOutputStream head = new ByteArrayOutputStream(MediaTypes.SNIFF_BYTES);
        UnixFsExporter.export(file, blocks, head, 0, MediaTypes.SNIFF_BYTES);
        return MediaTypes.sniff(head.toByteArray(), head.size() < MediaTypes.SNIFF_BYTES);
    }

    private static GatewayRequestException notWalkable(UnixFsEntry entry, CharSequence walked, String next) {
        if (entry.kind() == UnixFsEntry.Kind.SHARDED_DIRECTORY) {
            return new GatewayRequestException(501, walked + " is a HAMT-sharded directory, which this gateway does not walk;"
                    + " fetch it with ?format=car");
        }
        return new GatewayRequestException(404, walked + " is " + entry.describe() + ", not a directory: it has no entry \""
                + GatewayRequest.abbreviate(next) + "\"");
    }
}
