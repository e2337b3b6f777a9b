package org.unveil.archive.internal;

import java.util.Arrays;
import org.unveil.archive.ArchiveFormatException;
import org.unveil.archive.Manifest;
import org.unveil.archive.internal.media.MediaFormat;

/**
 * The manifest rules for media-cut files (spec/archive-format.md, section 5, rule 9): a known
 * format, a media span on every fragment of such a file and on no other, starts that never go
 * back, and a header segment that holds no media time and is always a preview (an encrypted
 * fragment revealed as a sample must play too, and it plays only after the header).
 */
final class MediaRules {
    private MediaRules() {}

    static void validate(Manifest.FileEntry f, String where) throws ArchiveFormatException {
        if (f.media() == null) {
            for (int i = 0; i < f.fragments().size(); i++) {
                require(f.fragments().get(i).span() == null, where + ".fragments[" + i + "] has a media start and duration but the file has no media object");
            }
            return;
        }
        String format = f.media().format();
        require(Arrays.stream(MediaFormat.values()).anyMatch(m -> m.cutName().equals(format)), where + ".media.format '" + format + "' is not one of "
                + Arrays.stream(MediaFormat.values()).map(MediaFormat::cutName).toList());
        long previousStart = 0;
        for (int i = 0; i < f.fragments().size(); i++) {
            Manifest.Fragment x = f.fragments().get(i);
            String w = where + ".fragments[" + i + "]";
            require(x.span() != null, w + " lacks a media start and duration; every fragment of a media-cut file has them");
            require(x.span().start() >= previousStart, w + ".start is " + x.span().start() + ", before the previous fragment's start " + previousStart);
            previousStart = x.span().start();
        }
        if (!f.media().header()) return;
        require(f.fragments().size() >= 2, where + " has a header segment but no media segment after it");
        Manifest.Fragment header = f.fragments().get(0);
        require(header.span().start() == 0 && header.span().duration() == 0, where + ".fragments[0] is a header segment, so its start and duration must be 0, not "
                + header.span().start() + " and " + header.span().duration());
        require(header.preview(), where + ".fragments[0] is a header segment and must be a preview: every other fragment, samples included, plays only after it");
    }

    private static void require(boolean ok, String message) throws ArchiveFormatException {
        if (!ok) throw new ArchiveFormatException(message);
    }
}
