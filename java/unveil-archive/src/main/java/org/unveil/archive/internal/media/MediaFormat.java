package org.unveil.archive.internal.media;

/**
 * The media formats the packer cuts on their own boundaries. {@code name} is what {@code --cut
 * PATH:NAME[:SECONDS]} says and what the manifest records.
 */
public enum MediaFormat {
    MP3("mp3", "audio/mpeg"),
    MPEG_TS("ts", "video/mp2t"),
    FMP4("fmp4", "video/mp4"),
    FLAC("flac", "audio/flac"),
    OGG("ogg", "audio/ogg");

    private final String cutName;
    private final String mediaType;

    MediaFormat(String cutName, String mediaType) {
        this.cutName = cutName;
        this.mediaType = mediaType;
    }

    public String cutName() {
        return cutName;
    }

    public String mediaType() {
        return mediaType;
    }
}
