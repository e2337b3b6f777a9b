package org.unveil.ipfs.gateway;

import java.io.ByteArrayOutputStream;
import org.unveil.ipfs.Cid;

/**
 * A minimal dag-pb + UnixFS file-node encoder for building DAGs the importer would never make
 * (absurdly deep chains). Field layout per the dag-pb spec: PBNode.Links (2) before Data (1).
 */
final class DagPbNodes {
    private DagPbNodes() {}

    /** A UnixFS file node with one child of {@code childSize} file bytes. */
    static byte[] fileNodeWithOneChild(Cid child, long childSize, long childBlockSize) {
        ByteArrayOutputStream link = new ByteArrayOutputStream();
        bytes(link, 1, child.bytes());
        bytes(link, 2, new byte[0]);
        varintField(link, 3, childBlockSize);
        ByteArrayOutputStream unixfs = new ByteArrayOutputStream();
        varintField(unixfs, 1, 2); // Type = File
        varintField(unixfs, 3, childSize); // filesize
        varintField(unixfs, 4, childSize); // blocksizes[0]
        ByteArrayOutputStream node = new ByteArrayOutputStream();
        bytes(node, 2, link.toByteArray());
        bytes(node, 1, unixfs.toByteArray());
        return node.toByteArray();
    }

    private static void bytes(ByteArrayOutputStream out, int field, byte[] value) {
        varint(out, (field << 3) | 2);
        varint(out, value.length);
        out.writeBytes(value);
    }

    private static void varintField(ByteArrayOutputStream out, int field, long value) {
        varint(out, field << 3);
        varint(out, value);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
