package org.unveil.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.unveil.archive.Cut;
import org.unveil.archive.FileSpec;

/**
 * Turns {@code pack}'s INPUT arguments and {@code --cut}/{@code --preview} options into
 * {@link FileSpec}s. A file argument is packed under its file name; a directory under its own
 * name plus each file's relative path. Options name a file by that archive path or by the path it
 * was given as (relative or absolute), so {@code --cut /music/song.mp3:mp3 /music/song.mp3} works.
 */
final class PackInputs {
    private static final Pattern MEDIA = Pattern.compile("(.+):(mp3|flac|ogg|ts|fmp4)(?::(\\d+))?");
    private static final Pattern BYTES = Pattern.compile("(.+):(\\d+)([KMG]i?B?)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern INDICES = Pattern.compile("(.+):(\\d+(?:,\\d+)*)");

    private PackInputs() {}

    static List<FileSpec> resolve(List<Path> inputs, List<String> cuts, List<String> previews) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                Path base = input.toAbsolutePath().normalize();
                String root = base.getFileName() == null ? "" : base.getFileName() + "/";
                try (Stream<Path> walk = Files.walk(base)) {
                    for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                        add(files, root + base.relativize(p).toString().replace('\\', '/'), p);
                    }
                }
            } else if (Files.isRegularFile(input)) {
                add(files, input.getFileName().toString(), input);
            } else {
                throw new java.nio.file.NoSuchFileException(input.toString(), null, "not a file or directory");
            }
        }
        Map<String, Cut> cutByPath = new HashMap<>();
        for (String c : cuts) {
            Matcher media = MEDIA.matcher(c), bytes = BYTES.matcher(c);
            if (media.matches()) {
                int seconds = media.group(3) == null ? Cut.DEFAULT_SECONDS : Integer.parseInt(media.group(3));
                put(cutByPath, known(files, media.group(1), "--cut"), Cut.media(media.group(2), seconds));
            } else if (bytes.matches()) {
                put(cutByPath, known(files, bytes.group(1), "--cut"), Cut.everyBytes(Long.parseLong(bytes.group(2)) * unit(bytes.group(3))));
            } else {
                throw new IllegalArgumentException("--cut " + c + " is not PATH:FORMAT, PATH:FORMAT:SECONDS (FORMAT one of " + Cut.FORMATS
                        + ") or PATH:BYTES (e.g. song.mp3:mp3:20, album/track.flac:flac, film.ts:ts:60, video.mkv:64MiB)");
            }
        }
        Map<String, Set<Integer>> previewByPath = new HashMap<>();
        Set<String> wholePreview = new HashSet<>();
        for (String p : previews) {
            Matcher m = INDICES.matcher(p);
            String indexed = m.matches() ? archivePath(files, m.group(1)) : null;
            if (indexed != null) {
                Set<Integer> set = previewByPath.computeIfAbsent(indexed, k -> new TreeSet<>());
                for (String i : m.group(2).split(",")) set.add(Integer.parseInt(i));
            } else {
                wholePreview.add(known(files, p, "--preview"));
            }
        }
        List<FileSpec> specs = new ArrayList<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            Cut cut = cutByPath.getOrDefault(e.getKey(), Cut.whole());
            Set<Integer> pv = previewByPath.getOrDefault(e.getKey(), Set.of());
            if (wholePreview.contains(e.getKey())) {
                if (!(cut instanceof Cut.Whole)) throw new IllegalArgumentException("--preview " + e.getKey() + " marks the whole file, but it is cut; name fragments: --preview " + e.getKey() + ":0");
                pv = Set.of(0);
            }
            specs.add(new FileSpec(e.getValue(), e.getKey(), cut, pv));
        }
        return specs;
    }

    private static void add(Map<String, Path> files, String archivePath, Path source) {
        if (files.put(archivePath, source) != null) throw new IllegalArgumentException("two inputs would both be packed as " + archivePath);
    }

    private static String known(Map<String, Path> files, String path, String option) {
        String archivePath = archivePath(files, path);
        if (archivePath == null) {
            throw new IllegalArgumentException(option + " names " + path + ", which is not among the inputs; name a file by its path in the archive "
                    + files.keySet() + " or as you gave it");
        }
        return archivePath;
    }

    /** The archive path of the input named {@code path} (its archive path, or a path to the same source file), or null. */
    private static String archivePath(Map<String, Path> files, String path) {
        if (files.containsKey(path)) return path;
        Path source;
        try {
            source = Path.of(path).toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
        for (Map.Entry<String, Path> e : files.entrySet()) {
            if (e.getValue().toAbsolutePath().normalize().equals(source)) return e.getKey();
        }
        return null;
    }

    private static void put(Map<String, Cut> cuts, String path, Cut cut) {
        if (cuts.put(path, cut) != null) throw new IllegalArgumentException("--cut given twice for " + path);
    }

    private static long unit(String suffix) {
        if (suffix == null) return 1;
        return switch (Character.toUpperCase(suffix.charAt(0))) {
            case 'K' -> 1024L;
            case 'M' -> 1024L * 1024;
            default -> 1024L * 1024 * 1024;
        };
    }
}
