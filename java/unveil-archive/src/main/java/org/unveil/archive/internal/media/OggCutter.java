package org.unveil.archive.internal.media;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Cuts an Ogg Opus or Ogg Vorbis file on page boundaries (spec/archive-format.md, "Ogg
 * cutting"). Segment 0 is the header segment: the pages holding the codec headers. Later segments
 * start on a page where a new packet starts, so a decoder given header + segment sees whole
 * packets, and the granule positions give each segment's time. Only a single logical stream is
 * cut: chained or multiplexed files are refused, because their headers change midway.
 */
public final class OggCutter implements MediaCutter {
    @Override
    public MediaFormat format() {
        return MediaFormat.OGG;
    }

    @Override
    public boolean recognizes(byte[] head) {
        return head.length >= 5 && head[0] == 'O' && head[1] == 'g' && head[2] == 'g' && head[3] == 'S' && head[4] == 0;
    }

    @Override
    public MediaPlan plan(Path file, int seconds) throws IOException {
        try (MediaInput in = MediaInput.open(file)) {
            OggPages pages = new OggPages(in);
            OggPages.Page p = pages.next();
            if (p == null || (p.flags() & OggPages.FIRST) == 0) throw new MediaFormatException(in.name() + " is not Ogg: it does not start with a first (BOS) Ogg page");
            int[] first = new int[30];
            for (int i = 0; i < first.length; i++) first[i] = pages.body(p, i);
            OggCodec codec = OggCodec.identify(first, in.name());
            StreamCheck stream = new StreamCheck(in.name(), p);
            int headers = pages.packetsEnding(p);
            while (headers < codec.headerPackets()) {
                p = stream.next(pages.next(), "its " + codec.name() + " headers");
                headers += pages.packetsEnding(p);
            }
            if (headers != codec.headerPackets() || p.segments() == 0 || pages.lacing(p.segments() - 1) == 255) {
                throw new MediaFormatException(in.name() + ": audio starts on the page holding the last " + codec.name() + " header (offset " + p.offset()
                        + "), so the headers cannot travel alone; remux it: ffmpeg -i IN -c copy OUT." + (codec.name().equals("Opus") ? "opus" : "ogg"));
            }
            SegmentCollector segments = new SegmentCollector(MediaFormat.OGG, codec.rate(), seconds, p.end());
            long granule = 0;
            while ((p.flags() & OggPages.LAST) == 0) {
                OggPages.Page next = pages.next();
                if (next == null) break; // no end-of-stream page: a stream cut short at a page boundary still plays
                p = stream.next(next, "its audio");
                if ((p.flags() & OggPages.CONTINUED) == 0) segments.boundary(p.offset(), codec.samples(granule));
                if (p.granule() != -1) {
                    if (p.granule() < granule) {
                        throw new MediaFormatException(in.name() + ": the Ogg page at offset " + p.offset() + " has granule position " + p.granule()
                                + ", before the previous page's " + granule + ": the file is corrupt");
                    }
                    granule = p.granule();
                }
            }
            if (!in.atEnd()) {
                throw new MediaFormatException(in.name() + " has data after the end of its Ogg stream (offset " + in.position() + "): a chained Ogg file (several"
                        + " streams one after the other) is not cut; split it into one file per stream, or cut it by bytes");
            }
            return segments.finish(codec.samples(granule));
        }
    }

    /** Checks that pages come from one logical stream, in sequence. */
    private static final class StreamCheck {
        private final String name;
        private final int serial;
        private long sequence;

        StreamCheck(String name, OggPages.Page first) {
            this.name = name;
            this.serial = first.serial();
            this.sequence = first.sequence();
        }

        OggPages.Page next(OggPages.Page p, String what) {
            if (p == null) throw new MediaFormatException(name + " ends inside " + what + ": the file is truncated");
            if (p.serial() != serial || (p.flags() & OggPages.FIRST) != 0) {
                throw new MediaFormatException(name + " holds more than one Ogg logical stream (page at offset " + p.offset() + " has serial " + Integer.toUnsignedString(p.serial())
                        + "): multiplexed Ogg files are not cut; keep one audio stream (ffmpeg -i IN -map 0:a:0 -c copy OUT) or cut it by bytes");
            }
            if (p.sequence() != sequence + 1) {
                throw new MediaFormatException(name + ": the Ogg page at offset " + p.offset() + " has sequence number " + p.sequence() + ", expected " + (sequence + 1)
                        + ": a page is missing, the file is corrupt");
            }
            sequence = p.sequence();
            return p;
        }
    }
}
