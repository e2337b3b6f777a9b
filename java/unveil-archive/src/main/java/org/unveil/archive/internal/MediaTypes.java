package org.unveil.archive.internal;

import java.util.Locale;
import java.util.Map;

/** The small media-type table the packer uses to label files and name preview entries. */
public final class MediaTypes {
    public static final String MP3 = "audio/mpeg";
    public static final String OCTET_STREAM = "application/octet-stream";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("mp3", MP3), Map.entry("flac", "audio/flac"), Map.entry("ogg", "audio/ogg"),
            Map.entry("opus", "audio/ogg"), Map.entry("oga", "audio/ogg"), Map.entry("ts", "video/mp2t"), Map.entry("wav", "audio/wav"), Map.entry("m4a", "audio/mp4"),
            Map.entry("mp4", "video/mp4"), Map.entry("webm", "video/webm"), Map.entry("mkv", "video/x-matroska"),
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("pdf", "application/pdf"), Map.entry("txt", "text/plain"), Map.entry("md", "text/markdown"));

    private static final Map<String, String> EXTENSION = Map.ofEntries(
            Map.entry(MP3, "mp3"), Map.entry("audio/flac", "flac"), Map.entry("audio/ogg", "ogg"),
            Map.entry("audio/wav", "wav"), Map.entry("video/mp2t", "ts"), Map.entry("audio/mp4", "m4a"), Map.entry("video/mp4", "mp4"),
            Map.entry("video/webm", "webm"), Map.entry("video/x-matroska", "mkv"), Map.entry("image/png", "png"),
            Map.entry("image/jpeg", "jpg"), Map.entry("application/pdf", "pdf"), Map.entry("text/plain", "txt"),
            Map.entry("text/markdown", "md"));

    private MediaTypes() {}

    public static String forPath(String path) {
        int dot = path.lastIndexOf('.');
        if (dot < 0 || dot < path.lastIndexOf('/')) return OCTET_STREAM;
        return BY_EXTENSION.getOrDefault(path.substring(dot + 1).toLowerCase(Locale.ROOT), OCTET_STREAM);
    }

    /** File extension for a preview entry; "bin" for anything not in the table. */
    public static String extension(String mediaType) {
        return EXTENSION.getOrDefault(mediaType, "bin");
    }

    /** RFC 6838 shape: type/subtype of restricted characters, at most 127 bytes. */
    public static boolean isWellFormed(String mediaType) {
        return mediaType.length() <= 127 && mediaType.matches("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*");
    }
}
