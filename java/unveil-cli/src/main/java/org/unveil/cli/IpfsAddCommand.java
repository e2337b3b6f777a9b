package org.unveil.cli;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.UnixFsImporter;
import org.unveil.ipfs.UnixFsProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code unveil ipfs add FILE} chunks a file into the repo and prints its CID; {@code -r DIR} adds a
 * directory tree (the web tool) as UnixFS directories, pins it and prints the root CID.
 */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = {"Add a file to the repo as UnixFS (CIDv1, raw leaves) and print its CID.",
                "With -r, add a directory tree (regular files and directories only), pin it and print the root CID."})
final class IpfsAddCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin IpfsOptions options;

    @Parameters(index = "0", paramLabel = "PATH", description = "The file to add, or with -r the directory.")
    Path file;

    @Option(names = {"-r", "--recursive"}, description = "Add a directory and everything under it; the root is pinned.")
    boolean recursive;

    @Option(names = {"-H", "--hidden"}, description = "With -r, include names starting with '.' (skipped by default, as in kubo).")
    boolean hidden;

    @Option(names = {"-v", "--verbose"}, description = "With -r, print 'added CID PATH' for every file and directory, as kubo does.")
    boolean verbose;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "unixfs-v1-2025",
            description = "DAG layout: unixfs-v1-2025 (1 MiB chunks, 1024 links) or kubo-legacy (256 KiB, 174). Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--pin", description = "Pin the file so gc keeps it.")
    boolean pin;

    @Override
    public Integer call() throws IOException {
        UnixFsProfile p = UnixFsProfile.parse(profile);
        if (recursive) return addDirectory(p);
        if (Files.isDirectory(file)) {
            // Not a FileSystemException: CliErrors would reword it to the generic "give a file".
            throw new IllegalArgumentException(file + " is a directory; give a file, or add it with -r");
        }
        CliFiles.input(file);
        long size = Files.size(file);
        IpfsProgress progress = new IpfsProgress("added");
        Cid cid;
        try (FsBlockStore store = options.open();
             InputStream in = counting(new BufferedInputStream(Files.newInputStream(file), 1 << 20), size, progress)) {
            cid = UnixFsImporter.importFile(in, p, store);
            if (pin) store.pin(cid);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cid", cid.toString());
        out.put("size", size);
        out.put("profile", p.wireName());
        out.put("pinned", pin);
        options.print(spec, cid.toString(), out);
        return 0;
    }

    private int addDirectory(UnixFsProfile p) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        if (!Files.isDirectory(file)) throw new NotDirectoryException(file.toString());
        Path name = file.toAbsolutePath().normalize().getFileName();
        String prefix = name == null ? "" : name.toString();
        IpfsProgress progress = new IpfsProgress("added");
        List<Map<String, Object>> entries = new ArrayList<>();
        PrintWriter out = spec.commandLine().getOut();
        long[] totals = new long[3]; // bytes, files, directories
        Cid cid;
        try (FsBlockStore store = options.open()) {
            cid = UnixFsImporter.importDirectory(file, p, store, hidden, (path, entry, bytes) -> {
                boolean isDir = bytes < 0;
                totals[0] += Math.max(0, bytes);
                totals[isDir ? 2 : 1]++;
                progress.update(totals[0], 0);
                String shown = path.isEmpty() ? prefix : prefix.isEmpty() ? path : prefix + "/" + path;
                if (verbose && options.json) {
                    entries.add(isDir ? Map.of("path", shown, "cid", entry.toString(), "directory", true)
                            : Map.of("path", shown, "cid", entry.toString(), "size", bytes));
                } else if (verbose) {
                    out.println("added " + entry + " " + shown);
                }
            });
            store.pin(cid);
        }
        out.flush();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cid", cid.toString());
        fields.put("size", totals[0]);
        fields.put("files", totals[1]);
        fields.put("directories", totals[2]);
        fields.put("profile", p.wireName());
        fields.put("pinned", true);
        if (verbose) fields.put("entries", entries);
        options.print(spec, cid.toString(), fields);
        return 0;
    }

    private static InputStream counting(InputStream in, long total, IpfsProgress progress) {
        return new FilterInputStream(in) {
            private long done;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) progress.update(done += n, total);
                return n;
            }
        };
    }
}
