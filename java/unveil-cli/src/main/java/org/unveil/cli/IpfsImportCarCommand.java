package org.unveil.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.ipfs.CarImport;
import org.unveil.ipfs.Cid;
import org.unveil.ipfs.FsBlockStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code unveil ipfs import-car FILE}: verified blocks of a single-root CAR into the repo. */
@Command(name = "import-car", mixinStandardHelpOptions = true,
        description = "Import a single-root CARv1 into the repo, verifying every block, and print its root CID.")
final class IpfsImportCarCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin IpfsOptions options;

    @Parameters(index = "0", paramLabel = "FILE", description = "The CAR v1 file to import.") Path file;

    @Option(names = "--no-pin", description = "Do not pin the root (by default it is pinned, which also checks the DAG is complete).")
    boolean noPin;

    @Override
    public Integer call() throws IOException {
        Cid root;
        try (FsBlockStore store = options.open(); InputStream in = new BufferedInputStream(Files.newInputStream(CliFiles.input(file)), 1 << 20)) {
            root = CarImport.importCar(in, store);
            if (!noPin) store.pin(root);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cid", root.toString());
        json.put("pinned", !noPin);
        options.print(spec, root.toString(), json);
        return 0;
    }
}
