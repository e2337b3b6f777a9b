package org.unveil.cli;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.GcResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code unveil ipfs gc}: delete every block no pin reaches. */
@Command(name = "gc", mixinStandardHelpOptions = true, description = "Delete every block that no pin reaches.")
final class IpfsGcCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin IpfsOptions options;

    @Override
    public Integer call() throws IOException {
        GcResult r;
        try (FsBlockStore store = options.open()) {
            r = store.gc();
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("removedBlocks", r.removedBlocks());
        json.put("freedBytes", r.freedBytes());
        options.print(spec, "removed " + r.removedBlocks() + " blocks, freed " + r.freedBytes() + " bytes", json);
        return 0;
    }
}
