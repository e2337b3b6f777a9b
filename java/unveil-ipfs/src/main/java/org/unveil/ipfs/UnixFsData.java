package org.unveil.ipfs;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The UnixFS {@code Data} protobuf carried in a dag-pb node's Data field (https://specs.ipfs.tech/unixfs/).
 * Encoded by hand in field-number order, as kubo and Helia do, so file nodes hash identically.
 */
record UnixFsData(int type, byte[] data, Long fileSize, long[] blockSizes, Long fanout) {
    static final int RAW = 0;
    static final int DIRECTORY = 1;
    static final int FILE = 2;
    static final int METADATA = 3;
    static final int SYMLINK = 4;
    static final int HAMT_SHARD = 5;

    /** A File node: {@code data} may be null (interior nodes), {@code blockSizes} one entry per link. */
    static byte[] encodeFile(byte[] data, long[] blockSizes) {
        long fileSize = data == null ? 0 : data.length;
        for (long size : blockSizes) {
            fileSize += size;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + blockSizes.length * 4 + (data == null ? 0 : data.length));
        out.write(1 << 3);
        Varint.write(FILE, out);
        if (data != null && data.length > 0) {
            out.write(2 << 3 | 2);
            Varint.write(data.length, out);
            out.writeBytes(data);
        }
        out.write(3 << 3);
        Varint.write(fileSize, out);
        for (long size : blockSizes) {
            out.write(4 << 3);
            Varint.write(size, out);
        }
        return out.toByteArray();
    }

    static UnixFsData decode(byte[] bytes, Cid cid) throws InvalidBlockException {
        try {
            return decode(new ByteCursor(bytes));
        } catch (InvalidBlockException e) {
            throw new InvalidBlockException("UnixFS data of " + cid + " is malformed: " + e.getMessage(), e);
        }
    }

    private static UnixFsData decode(ByteCursor c) throws InvalidBlockException {
        Integer type = null;
        byte[] data = null;
        Long fileSize = null;
        Long fanout = null;
        long[] sizes = new long[8];
        int count = 0;
        while (c.hasMore()) {
            long key = c.readVarint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == 1 && wire == 0) {
                type = (int) Math.min(c.readVarint(), Integer.MAX_VALUE);
            } else if (field == 2 && wire == 2) {
                data = c.readBytes(c.readVarint());
            } else if (field == 3 && wire == 0) {
                fileSize = c.readVarint();
            } else if (field == 4 && (wire == 0 || wire == 2)) {
                // Proto2 readers must accept both the unpacked form writers use and the packed form.
                ByteCursor values = wire == 0 ? c : c.slice(c.readVarint());
                do {
                    if (count == sizes.length) {
                        sizes = Arrays.copyOf(sizes, count * 2);
                    }
                    sizes[count++] = values.readVarint();
                } while (wire == 2 && values.hasMore());
            } else if (field == 6 && wire == 0) {
                fanout = c.readVarint();
            } else {
                skip(c, wire, field);
            }
        }
        if (type == null) {
            throw new InvalidBlockException("the required Type field is missing");
        }
        return new UnixFsData(type, data, fileSize, Arrays.copyOf(sizes, count), fanout);
    }

    private static void skip(ByteCursor c, int wire, int field) throws InvalidBlockException {
        switch (wire) {
            case 0 -> c.readVarint();
            case 1 -> c.readBytes(8);
            case 2 -> c.readBytes(c.readVarint());
            case 5 -> c.readBytes(4);
            default -> throw new InvalidBlockException("field " + field + " has unsupported wire type " + wire);
        }
    }

    int dataLength() {
        return data == null ? 0 : data.length;
    }

    boolean isFile() {
        return type == FILE || type == RAW;
    }
}
