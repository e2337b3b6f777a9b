package org.unveil.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.archive.keys.ReleaseSecret;

/** Seeking inside an encrypted fragment while it sits in the archive. */
class AgeChunkReaderTest {
    @TempDir Path dir;

    private Path packOne(int size, ReleaseSecret[] secret) throws Exception {
        Path a = Fixtures.randomFile(dir, "a", size, 3);
        PackResult r = Fixtures.packer(Fixtures.keys(1, 1), 1).file(FileSpec.encrypted(a, "a")).build().pack(dir.resolve("o.tar"));
        secret[0] = r.secret();
        return a;
    }

    /** The fragment is the last entry: it starts after the manifest entry and its own 512-byte header. */
    private static long fragmentOffset(Path tar) throws Exception {
        Manifest m = ArchiveReader.readManifest(tar);
        long manifestBlocks = (m.canonicalBytes().length + 511) / 512;
        return 512 + manifestBlocks * 512 + 512;
    }

    @Test
    void readsChunkInTheMiddleOfAFragmentInsideTheArchive() throws Exception {
        ReleaseSecret[] s = new ReleaseSecret[1];
        Path a = packOne(300_000, s);
        byte[] plain = Files.readAllBytes(a);
        Path tar = dir.resolve("o.tar");
        long off = fragmentOffset(tar);
        long len = Manifest.parse(ArchiveReader.readManifest(tar).canonicalBytes()).files().get(0).fragments().get(0).storedSize();
        try (FileChannel ch = FileChannel.open(tar); AgeChunkReader r = AgeChunkReader.open(ch, off, len, FragmentKeys.derive(s[0], 0).ageIdentity())) {
            assertEquals(5, r.chunkCount());
            assertArrayEquals(Arrays.copyOfRange(plain, 3 * 65_536, 4 * 65_536), r.readChunk(3));
            assertArrayEquals(Arrays.copyOfRange(plain, 4 * 65_536, plain.length), r.readChunk(4));
        }
    }

    @Test
    void flippedBitIsDetectedInExactlyTheChunkThatHoldsIt() throws Exception {
        ReleaseSecret[] s = new ReleaseSecret[1];
        packOne(300_000, s);
        Path tar = dir.resolve("o.tar");
        long off = fragmentOffset(tar);
        long len = ArchiveReader.readManifest(tar).files().get(0).fragments().get(0).storedSize();
        long chunk2 = off + 184 + 2 * (65_536 + 16) + 100;
        try (FileChannel ch = FileChannel.open(tar, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, chunk2);
            b.put(0, (byte) (b.get(0) ^ 0x20)).rewind();
            ch.write(b, chunk2);
            try (AgeChunkReader r = AgeChunkReader.open(ch, off, len, FragmentKeys.derive(s[0], 0).ageIdentity())) {
                r.readChunk(1);
                r.readChunk(3);
                IntegrityException e = assertThrows(IntegrityException.class, () -> r.readChunk(2));
                assertEquals("age chunk 2 failed to authenticate; the file is corrupted or tampered with", e.getMessage());
            }
        }
    }

    @Test
    void truncatedFileIsDetectedBecauseTheLastChunkLacksTheFinalFlag() throws Exception {
        ReleaseSecret[] s = new ReleaseSecret[1];
        packOne(300_000, s);
        Path tar = dir.resolve("o.tar");
        long off = fragmentOffset(tar);
        long cut = 184 + 3 * (65_536 + 16); // drop the last two chunks: chunk 2 now looks last
        try (FileChannel ch = FileChannel.open(tar); AgeChunkReader r = AgeChunkReader.open(ch, off, cut, FragmentKeys.derive(s[0], 0).ageIdentity())) {
            assertEquals(3, r.chunkCount());
            r.readChunk(1);
            assertThrows(IntegrityException.class, () -> r.readChunk(2));
        }
    }

    @Test
    void headerAndChunksParseFromAChannelThatReturnsOneByteAtATime() throws Exception {
        ReleaseSecret[] s = new ReleaseSecret[1];
        Path a = packOne(70_000, s);
        Path tar = dir.resolve("o.tar");
        long off = fragmentOffset(tar);
        long len = ArchiveReader.readManifest(tar).files().get(0).fragments().get(0).storedSize();
        try (FileChannel ch = FileChannel.open(tar); AgeChunkReader r = AgeChunkReader.open(new OneByteChannel(ch), off, len, FragmentKeys.derive(s[0], 0).ageIdentity())) {
            assertArrayEquals(Files.readAllBytes(a), r.read(0, 70_000));
        }
    }

    /** A seekable channel that transfers at most one byte per read, like a slow network. */
    private record OneByteChannel(FileChannel ch) implements java.nio.channels.SeekableByteChannel {
        @Override public int read(java.nio.ByteBuffer dst) throws java.io.IOException {
            if (!dst.hasRemaining()) return 0;
            java.nio.ByteBuffer one = dst.slice(dst.position(), 1);
            int n = ch.read(one);
            if (n > 0) dst.position(dst.position() + n);
            return n;
        }
        @Override public int write(java.nio.ByteBuffer src) { throw new UnsupportedOperationException(); }
        @Override public long position() throws java.io.IOException { return ch.position(); }
        @Override public java.nio.channels.SeekableByteChannel position(long p) throws java.io.IOException { ch.position(p); return this; }
        @Override public long size() throws java.io.IOException { return ch.size(); }
        @Override public java.nio.channels.SeekableByteChannel truncate(long size) { throw new UnsupportedOperationException(); }
        @Override public boolean isOpen() { return ch.isOpen(); }
        @Override public void close() {}
    }

    @Test
    void wrongIdentityCannotOpenTheHeader() throws Exception {
        ReleaseSecret[] s = new ReleaseSecret[1];
        packOne(1000, s);
        Path tar = dir.resolve("o.tar");
        long off = fragmentOffset(tar);
        AgeIdentity other = FragmentKeys.derive(ReleaseSecret.generate(Fixtures.seeded(1)), 0).ageIdentity();
        try (FileChannel ch = FileChannel.open(tar)) {
            assertThrows(IntegrityException.class, () -> AgeChunkReader.open(ch, off, 1000 + 200, other));
        }
    }
}
