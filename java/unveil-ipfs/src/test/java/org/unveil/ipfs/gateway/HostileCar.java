package org.unveil.ipfs.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.unveil.ipfs.CarWriter;
import org.unveil.ipfs.Cid;

/**
 * Builds CAR bytes by hand, section by section, so tests can pair any CID with any bytes: the
 * lies a hostile gateway could tell (CarWriter only writes what it is given, but this keeps the
 * intent visible).
 */
final class HostileCar {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    HostileCar(Cid root) throws IOException {
        new CarWriter(out, List.of(root)).flush();
    }

    HostileCar section(Cid cid, byte[] data) {
        byte[] c = cid.bytes();
        varint(c.length + data.length);
        out.writeBytes(c);
        out.writeBytes(data);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private void varint(long v) {
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
