package org.unveil.cli;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

/** {@code unveil ipfs add FILE}: chunks a file into the repo and prints its CID. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add a file to the repo as UnixFS (CIDv1, raw leaves) and print its CID.")
final class IpfsAddCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin IpfsOptions options;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to add.")
    Path file;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "unixfs-v1-2025",
            description = "DAG layout: unixfs-v1-2025 (1 MiB chunks, 1024 links) or kubo-legacy (256 KiB, 174). Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--pin", description = "Pin the file so gc keeps it.")
    boolean pin;

    @Override
    public Integer call() throws IOException {
        UnixFsProfile p = UnixFsProfile.parse(profile);
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
