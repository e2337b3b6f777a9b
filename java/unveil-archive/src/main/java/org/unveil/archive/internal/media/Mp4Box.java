package org.unveil.archive.internal.media;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One ISO base media file format box header (ISO/IEC 14496-12 4.2): a 32-bit size and a
 * four-character type, a 64-bit size after them when the 32-bit one is 1, and size 0 meaning "to
 * the end of the file (or of the enclosing box)". Offsets are in the array or file the box was
 * read from.
 */
record Mp4Box(int type, long offset, long size, int headerSize) {
    static final int FTYP = fourcc("ftyp"), STYP = fourcc("styp"), MOOV = fourcc("moov"), MOOF = fourcc("moof"),
            MDAT = fourcc("mdat"), SIDX = fourcc("sidx"), SSIX = fourcc("ssix"), PRFT = fourcc("prft"), EMSG = fourcc("emsg"),
            TRAK = fourcc("trak"), TKHD = fourcc("tkhd"), MDIA = fourcc("mdia"), MDHD = fourcc("mdhd"), HDLR = fourcc("hdlr"),
            MVEX = fourcc("mvex"), TREX = fourcc("trex"), TRAF = fourcc("traf"), TFHD = fourcc("tfhd"), TFDT = fourcc("tfdt"),
            TRUN = fourcc("trun");

    long end() {
        return offset + size;
    }

    long body() {
        return offset + headerSize;
    }

    /**
     * The box whose header starts at {@code b[off]}, with {@code room} bytes left in its container
     * (the file, or the enclosing box) from there, of which {@code b} holds at least 16 or all;
     * {@code base + off} is its offset in the file, for messages. The box's offset is {@code off}.
     */
    static Mp4Box parse(byte[] b, int off, long room, long base, boolean topLevel, String name) {
        if (room < 8) throw corrupt(name, base + off, room + " bytes where a box header needs 8");
        long size = u32(b, off);
        int type = (int) u32(b, off + 4);
        if (topLevel && !printable(type)) {
            throw new MediaFormatException(name + " has no MP4 box at offset " + (base + off) + " (its type bytes are " + typeName(type) + "): it is corrupt or not an MP4");
        }
        int header = 8;
        if (size == 1) {
            if (room < 16) throw corrupt(name, base + off, "a box with a 64-bit size cut off in its header");
            size = u64(b, off + 8);
            header = 16;
            if (size < 0) throw corrupt(name, base + off, "a box '" + typeName(type) + "' of implausible size");
        } else if (size == 0) {
            size = room;
        }
        if (size < header) throw corrupt(name, base + off, "a box '" + typeName(type) + "' of size " + size + ", smaller than its own header");
        if (size > room) {
            throw corrupt(name, base + off, "a box '" + typeName(type) + "' of " + size + " bytes where its " + (topLevel ? "file" : "container") + " has " + room + " left");
        }
        return new Mp4Box(type, off, size, header);
    }

    /** The boxes that fill {@code b[from, to)}, inside a box already read into memory. */
    static List<Mp4Box> children(byte[] b, int from, int to, long base, String name) {
        List<Mp4Box> out = new ArrayList<>();
        for (int at = from; at < to; ) {
            Mp4Box box = parse(b, at, to - at, base, false, name);
            out.add(box);
            at += (int) box.size();
        }
        return out;
    }

    static MediaFormatException corrupt(String name, long offset, String what) {
        return new MediaFormatException(name + " has " + what + " at offset " + offset + "; the file is corrupt or truncated");
    }

    static int fourcc(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
    }

    static String typeName(int type) {
        if (printable(type)) return new String(new byte[] {(byte) (type >>> 24), (byte) (type >>> 16), (byte) (type >>> 8), (byte) type}, StandardCharsets.US_ASCII);
        return String.format("0x%08X", type);
    }

    private static boolean printable(int type) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (type >>> shift) & 0xFF;
            if (c < 0x20 || c > 0x7E) return false;
        }
        return true;
    }

    static long u32(byte[] b, int at) {
        return ((b[at] & 0xFFL) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    static long u64(byte[] b, int at) {
        return (u32(b, at) << 32) | u32(b, at + 4);
    }
}
