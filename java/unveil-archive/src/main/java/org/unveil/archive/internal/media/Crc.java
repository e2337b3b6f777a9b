package org.unveil.archive.internal.media;

/** The checksums media containers use to tell a real boundary from bytes that only look like one. */
final class Crc {
    private static final int[] CRC8 = new int[256];
    private static final int[] CRC16 = new int[256];
    private static final int[] CRC32_OGG = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c8 = i, c16 = i << 8, c32 = i << 24;
            for (int k = 0; k < 8; k++) {
                c8 = (c8 & 0x80) != 0 ? (c8 << 1) ^ 0x07 : c8 << 1;
                c16 = (c16 & 0x8000) != 0 ? (c16 << 1) ^ 0x8005 : c16 << 1;
                c32 = (c32 & 0x80000000) != 0 ? (c32 << 1) ^ 0x04c11db7 : c32 << 1;
            }
            CRC8[i] = c8 & 0xff;
            CRC16[i] = c16 & 0xffff;
            CRC32_OGG[i] = c32;
        }
    }

    private Crc() {}

    /** FLAC frame header CRC-8 (polynomial 0x07, initial 0). */
    static int crc8(int crc, int b) {
        return CRC8[(crc ^ b) & 0xff];
    }

    /** FLAC frame CRC-16 (polynomial 0x8005, initial 0, not reflected). */
    static int crc16(int crc, int b) {
        return ((crc << 8) ^ CRC16[((crc >>> 8) ^ b) & 0xff]) & 0xffff;
    }

    /** Ogg page CRC-32 (polynomial 0x04c11db7, initial 0, not reflected, no final xor). */
    static int crc32Ogg(int crc, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) crc = (crc << 8) ^ CRC32_OGG[((crc >>> 24) ^ b[i]) & 0xff];
        return crc;
    }
}
