package org.unveil.archive.internal.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Cuts a fragmented MP4 (ISO/IEC 14496-12 movie fragments; CMAF, what DASH and HLS-fMP4 serve)
 * into its init segment (everything before the first fragment: {@code ftyp}, {@code moov}) and
 * media segments, each starting at a {@code moof} (with the {@code styp}, {@code sidx},
 * {@code prft} or {@code emsg} boxes right before it) whose first sample of the cut track is a
 * sync sample, at least SECONDS after the previous cut. The init segment followed by any one media
 * segment plays. Only {@code moov} and {@code moof} boxes are read into memory, within caps; media
 * data is skipped over, so the cutter reads a few kilobytes per fragment.
 */
public final class Fmp4Cutter implements MediaCutter {
    static final int MOOV_CAP = 64 << 20;
    static final int MOOF_CAP = 16 << 20;

    public Fmp4Cutter() {}

    @Override
    public MediaFormat format() {
        return MediaFormat.FMP4;
    }

    /** A {@code ftyp} (any MP4, so that a plain one is refused with its remedy) or {@code styp} box at the start. */
    @Override
    public boolean recognizes(byte[] head) {
        if (head.length < 8) return false;
        long size = Mp4Box.u32(head, 0);
        int type = (int) Mp4Box.u32(head, 4);
        return (type == Mp4Box.FTYP || type == Mp4Box.STYP) && size >= 8 && size <= 4096;
    }

    /** The one command that turns any MP4 this cutter refuses as unfragmented into one it cuts. */
    static String remux(String name) {
        int dot = name.lastIndexOf('.');
        String out = (dot > name.lastIndexOf('/') ? name.substring(0, dot) : name) + "-fragmented.mp4";
        return "Remux it without re-encoding (it takes seconds), then cut the result: ffmpeg -i " + Shell.quote(name)
                + " -c copy -movflags +frag_keyframe+empty_moov+default_base_moof " + Shell.quote(out);
    }

    private static MediaFormatException plain(String name, String why) {
        return new MediaFormatException(name + " is a plain (unfragmented) MP4: " + why
                + ". Its samples are indexed in one table for the whole file, so no piece of it plays alone and it cannot be cut into previews. " + remux(name));
    }

    @Override
    public MediaPlan plan(Path file, int seconds) throws IOException {
        if (seconds < 1) throw new IllegalArgumentException("segments must hold at least 1 second, not " + seconds);
        String name = file.toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Walk(ch, name).plan(seconds);
        }
    }

    /** One pass over the top-level boxes of one file. */
    private static final class Walk {
        private final FileChannel ch;
        private final String name;
        private final long size;
        private final ByteBuffer header = ByteBuffer.allocate(16);

        Walk(FileChannel ch, String name) throws IOException {
            this.ch = ch;
            this.name = name;
            this.size = ch.size();
        }

        MediaPlan plan(int seconds) throws IOException {
            Mp4Movie movie = null;
            long pos = 0, prefix = -1;
            Mp4Box box;
            // The init segment: everything up to the first fragment (and the boxes that lead into it).
            while (true) {
                if (pos >= size) {
                    if (movie == null) throw new MediaFormatException(name + " holds no moov box: it is not a complete MP4 (truncated, or only media segments?)");
                    throw new MediaFormatException(name + " is a fragmented MP4 with no fragment (moof) after its moov: there is no media to cut");
                }
                box = box(pos);
                int type = box.type();
                if (pos == 0 && type != Mp4Box.FTYP && type != Mp4Box.STYP) {
                    throw new MediaFormatException(name + " does not start with an ftyp or styp box (it starts with '" + Mp4Box.typeName(type) + "'): it is not an MP4 this cutter reads");
                }
                if (type == Mp4Box.MOOF) break;
                if (type == Mp4Box.MOOV) {
                    if (movie != null) throw Mp4Box.corrupt(name, pos, "a second moov box");
                    movie = Mp4Movie.parse(read(box, MOOV_CAP), pos, name);
                    if (!movie.fragmented()) throw plain(name, "its moov box has no mvex (movie extends) box, so there are no fragments");
                } else if (type == Mp4Box.MDAT && movie == null) {
                    throw plain(name, "its media data (mdat) comes before its moov");
                } else if (type == Mp4Box.MDAT) {
                    throw new MediaFormatException(name + " is fragmented, but its first samples are indexed by the moov itself (written without empty_moov), "
                            + "so there is no init segment free of media to send with each preview. " + remux(name));
                }
                prefix = leadsIntoFragment(type) ? (prefix < 0 ? pos : prefix) : -1;
                pos = box.end();
            }
            if (movie == null) {
                throw new MediaFormatException(name + " starts with a media fragment but holds no init segment (ftyp and moov) before it, so nothing in it plays. "
                        + "Put the init segment in front: cat init.mp4 " + Shell.quote(name) + " > whole.mp4");
            }
            return media(movie, box, prefix >= 0 ? prefix : pos, seconds);
        }

        /** From the first fragment to the end. {@code first} is the first moof; {@code mediaStart} where its segment begins. */
        private MediaPlan media(Mp4Movie movie, Mp4Box first, long mediaStart, int seconds) throws IOException {
            SegmentCollector cuts = new SegmentCollector(MediaFormat.FMP4, movie.timescale(), seconds, mediaStart);
            long minTicks = seconds * movie.timescale();
            long pos = first.offset(), prefix = -1, next = 0, end = 0, origin = -1, previous = -1, segmentStart = 0;
            while (pos < size) {
                Mp4Box box = pos == first.offset() ? first : box(pos);
                int type = box.type();
                if (type == Mp4Box.MOOF) {
                    Mp4Fragment f = Mp4Fragment.parse(read(box, MOOF_CAP), pos, movie, name);
                    if (f.hasSamples()) {
                        long start = f.baseTime() >= 0 ? f.baseTime() : next;
                        if (start < previous) {
                            throw new MediaFormatException(name + ": the fragment at offset " + pos + " starts at decoding time " + start + ", before the previous one ("
                                    + previous + "), so its timeline is broken. " + remux(name));
                        }
                        if (origin < 0) origin = start; // times count from the first fragment
                        long at = workTime(start - origin, movie.timescale(), pos);
                        if (f.startsWithSync() && at - segmentStart >= minTicks) {
                            cuts.boundary(prefix >= 0 ? prefix : pos, at);
                            segmentStart = at;
                        }
                        previous = start;
                        if (f.duration() > Long.MAX_VALUE - start) throw Mp4Box.corrupt(name, pos, "a fragment that ends past 2^63 ticks");
                        next = start + f.duration();
                        end = Math.max(end, workTime(next - origin, movie.timescale(), pos));
                    }
                    prefix = -1;
                } else {
                    prefix = leadsIntoFragment(type) ? (prefix < 0 ? pos : prefix) : -1;
                }
                pos = box.end();
            }
            if (origin < 0) throw new MediaFormatException(name + ": no fragment holds a sample of track " + movie.trackId() + "; there is no media to cut");
            return cuts.finish(end);
        }

        /** {@code ticks} into the work, refused when a corrupt decoding time puts it past what microseconds in a long can say (292,000 years). */
        private long workTime(long ticks, long timescale, long pos) {
            if (ticks / timescale >= Long.MAX_VALUE / 1_000_000) {
                throw Mp4Box.corrupt(name, pos, "a fragment " + ticks / timescale + " s into the work");
            }
            return ticks;
        }

        /** The header of the top-level box at {@code pos}. */
        private Mp4Box box(long pos) throws IOException {
            header.clear();
            if (size - pos < 16) header.limit((int) (size - pos));
            while (header.hasRemaining()) {
                if (ch.read(header, pos + header.position()) < 0) throw new IOException(name + " shrank while being read");
            }
            Mp4Box box = Mp4Box.parse(header.array(), 0, size - pos, pos, true, name);
            return new Mp4Box(box.type(), pos, box.size(), box.headerSize());
        }

        /** The whole of {@code box}, refused past {@code cap} bytes so that a corrupt size cannot exhaust memory. */
        private byte[] read(Mp4Box box, int cap) throws IOException {
            if (box.size() > cap) {
                throw new MediaFormatException(String.format("%s has a %s box of %d bytes at offset %d; this cutter reads at most %d MiB of one (a fragmented MP4 keeps them to kilobytes). "
                        + "The file is corrupt, or fragments are far too long: %s", name, Mp4Box.typeName(box.type()), box.size(), box.offset(), cap >> 20, remux(name)));
            }
            ByteBuffer b = ByteBuffer.allocate((int) box.size());
            while (b.hasRemaining()) {
                if (ch.read(b, box.offset() + b.position()) < 0) throw new IOException(name + " shrank while being read");
            }
            return b.array();
        }
    }

    /** Boxes that belong to the fragment after them: segment type, segment index, producer time, event messages. */
    private static boolean leadsIntoFragment(int type) {
        return type == Mp4Box.STYP || type == Mp4Box.SIDX || type == Mp4Box.SSIX || type == Mp4Box.PRFT || type == Mp4Box.EMSG;
    }
}
