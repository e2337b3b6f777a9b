package org.unveil.ipfs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The CARv1 header, {@code {"roots": [CID...], "version": 1}} in dag-cbor
 * (https://ipld.io/specs/transport/car/carv1/). Written in dag-cbor's canonical key order (shorter key first);
 * read with a decoder that understands exactly the CBOR subset a header needs and nothing more.
 */
final class CarHeader {
    private static final int TAG_CID = 42;

    private CarHeader() {
    }

    static byte[] encode(List<Cid> roots) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + roots.size() * 40);
        head(5, 2, out);
        text("roots", out);
        head(4, roots.size(), out);
        for (Cid root : roots) {
            head(6, TAG_CID, out);
            byte[] cid = root.bytes();
            head(2, cid.length + 1L, out);
            out.write(0); // the multibase "identity" prefix dag-cbor puts before binary CIDs
            out.writeBytes(cid);
        }
        text("version", out);
        head(0, 1, out);
        return out.toByteArray();
    }

    /** Decodes the header; returns the roots, after checking that the version is 1. */
    static List<Cid> decode(byte[] bytes) throws CarFormatException {
        ByteCursor c = new ByteCursor(bytes);
        try {
            long entries = expect(c, 5, "a map");
            List<Cid> roots = null;
            Long version = null;
            for (long i = 0; i < entries; i++) {
                String key = new String(c.readBytes(expect(c, 3, "a text key")), StandardCharsets.UTF_8);
                if (key.equals("version") && version == null) {
                    version = expect(c, 0, "an unsigned version");
                } else if (key.equals("roots") && roots == null) {
                    roots = readRoots(c);
                } else {
                    throw new CarFormatException("CAR header has an unexpected or repeated key '" + key + "'");
                }
            }
            if (c.hasMore()) {
                throw new CarFormatException("CAR header has " + c.remaining() + " trailing bytes");
            }
            if (version == null || version != 1) {
                throw new CarFormatException("CAR version " + version + " is not supported; Unveil reads CARv1"
                        + (version != null && version == 2 ? " (convert CARv2 with 'car debug' or re-export as v1)" : ""));
            }
            if (roots == null) {
                throw new CarFormatException("CARv1 header has no roots");
            }
            return roots;
        } catch (CarFormatException e) {
            throw e;
        } catch (InvalidBlockException e) {
            throw new CarFormatException("CAR header is malformed: " + e.getMessage());
        }
    }

    private static List<Cid> readRoots(ByteCursor c) throws InvalidBlockException {
        long count = expect(c, 4, "an array of roots");
        List<Cid> roots = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long tag = expect(c, 6, "a CID tag");
            if (tag != TAG_CID) {
                throw new CarFormatException("CAR header root has CBOR tag " + tag + ", not 42 (CID)");
            }
            ByteCursor cid = c.slice(expect(c, 2, "CID bytes"));
            if (cid.readByte() != 0) {
                throw new CarFormatException("CAR header root CID lacks the 0x00 multibase prefix");
            }
            roots.add(Cid.read(cid));
            if (cid.hasMore()) {
                throw new CarFormatException("CAR header root CID has trailing bytes");
            }
        }
        return roots;
    }

    /** Reads a CBOR head of the given major type and returns its argument. */
    private static long expect(ByteCursor c, int major, String what) throws InvalidBlockException {
        int initial = c.readByte();
        if (initial >>> 5 != major) {
            throw new CarFormatException("CAR header: expected " + what + " at offset " + (c.position() - 1)
                    + ", found CBOR major type " + (initial >>> 5));
        }
        int info = initial & 31;
        if (info < 24) {
            return info;
        }
        if (info > 27) {
            throw new CarFormatException("CAR header: indefinite or reserved CBOR length at offset " + (c.position() - 1));
        }
        long value = 0;
        for (int i = 0; i < 1 << (info - 24); i++) {
            value = value << 8 | c.readByte();
        }
        if (value < 0) {
            throw new CarFormatException("CAR header: CBOR value out of range at offset " + c.position());
        }
        return value;
    }

    private static void head(int major, long value, ByteArrayOutputStream out) {
        if (value < 24) {
            out.write(major << 5 | (int) value);
        } else if (value < 0x100) {
            out.write(major << 5 | 24);
            out.write((int) value);
        } else if (value < 0x10000) {
            out.write(major << 5 | 25);
            out.write((int) (value >>> 8));
            out.write((int) value);
        } else {
            out.write(major << 5 | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (value >>> shift));
            }
        }
    }

    private static void text(String s, ByteArrayOutputStream out) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(3, b.length, out);
        out.writeBytes(b);
    }
}
