package org.unveil.archive.internal.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MediaCuttersTest {
    @Test
    void everyFormatHasExactlyOneCutter() {
        List<MediaFormat> registered = MediaCutters.all().stream().map(MediaCutter::format).sorted().toList();
        assertEquals(Arrays.asList(MediaFormat.values()), registered, "each MediaFormat needs one cutter in MediaCutters");
    }
}
