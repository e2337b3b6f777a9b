package org.unveil.archive.internal.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Cuts an MPEG transport stream (ISO/IEC 13818-1; what HLS segments and DVB recordings are) on
 * packet boundaries so that every segment starts with PAT, PMT and a keyframe and decodes alone
 * ({@link TsCutFinder} chooses where). Also reads M2TS (Blu-ray, AVCHD: each 188-byte packet
 * preceded by a 4-byte arrival time stamp), cutting before the time stamp. Reads the file once,
 * sequentially, in 1 MiB blocks read ahead of the parsing ({@link BlockReader}).
 */
public final class MpegTsCutter implements MediaCutter {
    private static final int PACKET = 188;
    private static final int BUFFER_PACKETS = 5577; // 1 MiB of 188-byte packets

    public MpegTsCutter() {}

    @Override
    public MediaFormat format() {
        return MediaFormat.MPEG_TS;
    }

    @Override
    public boolean recognizes(byte[] head) {
        return stride(head, head.length, 3) > 0;
    }

    /** 188 (TS) or 192 (M2TS) when {@code packets} sync bytes line up (fewer if the file is shorter), else 0. */
    private static int stride(byte[] head, long fileSize, int packets) {
        for (int stride : new int[] {PACKET, PACKET + 4}) {
            int first = stride - PACKET;
            int seen = 0;
            for (long at = first; seen < packets && at < Math.min(head.length, fileSize); at += stride, seen++) {
                if (head[(int) at] != 0x47) break;
            }
            boolean enough = seen == packets || (seen > 0 && first + (long) seen * stride >= fileSize);
            if (enough && seen > 0) return stride;
        }
        return 0;
    }

    @Override
    public MediaPlan plan(Path file, int seconds) throws IOException {
        if (seconds < 1) throw new IllegalArgumentException("segments must hold at least 1 second, not " + seconds);
        String name = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 4 * (PACKET + 4)));
            while (head.hasRemaining() && ch.read(head) >= 0) {}
            int stride = stride(head.array(), size, 4);
            if (stride == 0) {
                throw new MediaFormatException(name + " is not an MPEG-TS: no 0x47 sync byte every 188 bytes (or every 192, for M2TS) from its start");
            }
            if (size % stride != 0) {
                throw new MediaFormatException(String.format(
                        "%s ends %d bytes into a %d-byte packet: it is truncated (an interrupted download or copy?). Fetch it again, or keep the whole packets: "
                                + "ffmpeg -i %s -map 0 -c copy -f mpegts OUT.ts", name, size % stride, stride, Shell.quote(name)));
            }
            return scan(ch, size, stride, new TsCutFinder(name, seconds), name);
        }
    }

    private static MediaPlan scan(FileChannel ch, long size, int stride, TsCutFinder finder, String name) throws IOException {
        int syncAt = stride - PACKET;
        try (BlockReader blocks = new BlockReader(ch, size, BUFFER_PACKETS * stride, name)) {
            for (BlockReader.Block b; (b = blocks.next()) != null; ) {
                for (int at = 0; at < b.length; at += stride) finder.packet(b.bytes, at + syncAt, b.offset + at);
            }
        }
        return finder.finish();
    }
}
