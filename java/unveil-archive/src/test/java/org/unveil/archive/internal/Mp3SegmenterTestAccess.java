package org.unveil.archive.internal;

import java.io.InputStream;

/** Lets tests in other packages use the one-byte-at-a-time stream wrapper. */
public final class Mp3SegmenterTestAccess {
    private Mp3SegmenterTestAccess() {}

    public static InputStream oneByteAtATime(InputStream in) {
        return Mp3SegmenterTest.oneByteAtATime(in);
    }
}
