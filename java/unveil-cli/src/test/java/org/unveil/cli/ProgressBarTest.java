package org.unveil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.unveil.archive.ProgressListener;

class ProgressBarTest {
    @Test
    void lineShowsBarPercentSizeAndRate() {
        assertEquals("packing  [###############...............]  50%    512.0 MiB   256.0 MiB/s",
                ProgressBar.line("packing", 512L << 20, 1024L << 20, 2.0));
        assertTrue(ProgressBar.line("unpacking", 0, 0, 0).contains("100%"));
    }

    @Test
    void forcedProgressPrintsTheFinalLineOnStderr() {
        StringWriter err = new StringWriter();
        ProgressListener bar = ProgressBar.forCommand(new PrintWriter(err), "packing", true);
        bar.progress(10, 100);
        bar.progress(100, 100);
        assertTrue(err.toString().lines().anyMatch(l -> l.startsWith("packing  [##############################] 100%")), err.toString());
    }
}
