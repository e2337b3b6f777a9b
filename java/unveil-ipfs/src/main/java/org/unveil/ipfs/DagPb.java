package org.unveil.ipfs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The dag-pb codec (https://ipld.io/specs/codecs/dag-pb/spec/), by hand rather than with a protobuf library: the
 * schema is two tiny messages, and CIDs only agree with kubo and Helia if the bytes are the canonical form exactly
 * (Links before Data; within a link Hash, Name, Tsize), which generic protobuf encoders do not promise.
 * The decoder accepts only that canonical form, as the spec's strict decoders do.
 */
final class DagPb {
    record Link(Cid hash, String name, Long tsize) {
    }

    record Node(List<Link> links, byte[] data) {
    }

    private DagPb() {
    }

    static byte[] encode(List<Link> links, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + links.size() * 48 + (data == null ? 0 : data.length));
        for (Link link : links) {
            ByteArrayOutputStream l = new ByteArrayOutputStream(48);
            bytesField(1, link.hash().bytes(), l);
            if (link.name() != null) {
                bytesField(2, link.name().getBytes(StandardCharsets.UTF_8), l);
            }
            if (link.tsize() != null) {
                l.write(3 << 3);
                Varint.write(link.tsize(), l);
            }
            bytesField(2, l.toByteArray(), out);
        }
        if (data != null) {
            bytesField(1, data, out);
        }
        return out.toByteArray();
    }

    static Node decode(byte[] block) throws InvalidBlockException {
        ByteCursor c = new ByteCursor(block);
        List<Link> links = new ArrayList<>();
        byte[] data = null;
        while (c.hasMore()) {
            long key = c.readVarint();
            if (key == (2 << 3 | 2) && data == null) {
                links.add(decodeLink(c.slice(c.readVarint())));
            } else if (key == (1 << 3 | 2) && data == null) {
                data = c.readBytes(c.readVarint());
            } else {
                throw new InvalidBlockException("dag-pb field key " + key + " at offset " + c.position()
                        + " is unknown, repeated or out of canonical order (Links then Data)");
            }
        }
        return new Node(links, data);
    }

    private static Link decodeLink(ByteCursor c) throws InvalidBlockException {
        Cid hash = null;
        String name = null;
        Long tsize = null;
        int lastField = 0;
        while (c.hasMore()) {
            long key = c.readVarint();
            int field = (int) (key >>> 3);
            if (field <= lastField) {
                throw new InvalidBlockException("dag-pb link field " + field + " at offset " + c.position() + " is repeated or out of order");
            }
            lastField = field;
            if (key == (1 << 3 | 2)) {
                ByteCursor cidBytes = c.slice(c.readVarint());
                hash = Cid.read(cidBytes);
                if (cidBytes.hasMore()) {
                    throw new InvalidBlockException("dag-pb link Hash has trailing bytes at offset " + cidBytes.position());
                }
            } else if (key == (2 << 3 | 2)) {
                name = new String(c.readBytes(c.readVarint()), StandardCharsets.UTF_8);
            } else if (key == (3 << 3)) {
                tsize = c.readVarint();
            } else {
                throw new InvalidBlockException("dag-pb link field key " + key + " at offset " + c.position() + " is unknown");
            }
        }
        if (hash == null) {
            throw new InvalidBlockException("dag-pb link without a Hash");
        }
        return new Link(hash, name, tsize);
    }

    private static void bytesField(int field, byte[] value, ByteArrayOutputStream out) {
        out.write(field << 3 | 2);
        Varint.write(value.length, out);
        out.writeBytes(value);
    }
}
