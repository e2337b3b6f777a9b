package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.io.AtomicFiles;
import org.unveil.ipfs.CarWriter;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.DagScope;
import org.unveil.ipfs.DagWalker;
import org.unveil.ipfs.FsBlockStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code unveil ipfs export-car CID --out FILE}: the whole DAG as a CARv1, in trustless-gateway order. */
@Command(name = "export-car", mixinStandardHelpOptions = true,
        description = "Write the DAG under a CID from the repo as a CARv1 file (depth-first, no duplicates).")
final class IpfsExportCarCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin IpfsOptions options;

    @Parameters(index = "0", paramLabel = "CID", description = "The root CID (from `unveil ipfs add` or `unveil pack`).") String cid;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CAR file to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
        Cid root = Cid.parse(cid);
        long[] count = new long[2];
        try (FsBlockStore store = options.open()) {
            write(store, root, out, count);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cid", root.toString());
        json.put("out", out.toAbsolutePath().toString());
        json.put("blocks", count[0]);
        json.put("bytes", Files.size(out));
        options.print(spec, "unveil: wrote " + count[0] + " blocks of " + root + " to " + out, json);
        return 0;
    }

    /** Exports {@code root} atomically; {@code count} receives blocks and block bytes. */
    static void write(FsBlockStore store, Cid root, Path out, long[] count) throws IOException {
        IpfsProgress progress = new IpfsProgress("exported");
        Path dir = out.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new IOException("output directory " + dir + " does not exist; create it first");
        Path temp = AtomicFiles.createTemp(out, false);
        try {
            try (OutputStream file = Files.newOutputStream(temp)) {
                CarWriter car = new CarWriter(file, List.of(root));
                DagWalker.walk(root, store, DagScope.ALL, null, (c, block) -> {
                    car.write(c, block);
                    count[0]++;
                    count[1] += block.length;
                    progress.update(count[1], 0);
                });
                car.flush();
            }
            AtomicFiles.commit(temp, out);
        } finally {
            AtomicFiles.discard(temp);
        }
    }
}
