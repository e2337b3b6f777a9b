package org.unveil.eth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes a fresh clone ready for a local chain. When Hardhat (the contracts' npm packages) or the
 * contracts' build output is missing, runs {@code scripts/setup --contracts} (Node 24 into
 * {@code .tools/}, {@code npm ci} in {@code contracts/}, {@code hardhat build}) with its output on
 * standard error, so {@code --json} output stays clean. Quick check when everything is there.
 */
public final class ContractsSetup {
    private ContractsSetup() {}

    /** True when {@code repoRoot} has Hardhat installed and the contracts built. */
    public static boolean ready(Path repoRoot) {
        Path contracts = repoRoot.resolve("contracts");
        return Files.isRegularFile(contracts.resolve(HardhatNode.CLI)) && Files.isDirectory(contracts.resolve("artifacts/contracts"));
    }

    /** Runs {@code scripts/setup --contracts} unless {@link #ready}; throws when it fails. */
    public static void ensure(Path repoRoot) throws IOException {
        if (ready(repoRoot)) return;
        Path setup = repoRoot.resolve("scripts/setup");
        if (!Files.isExecutable(setup)) return; // not a full checkout: the missing file is reported where it is needed
        System.err.println("unveil: the contracts are not installed or built yet; running scripts/setup --contracts (once) ...");
        // The script's stdout goes to our stderr as well: stdout belongs to the command's own output.
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "exec \"$0\" --contracts 1>&2", setup.toString())
                .directory(repoRoot.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        p.getOutputStream().close();
        int code;
        try {
            code = p.waitFor();
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + setup + " --contracts", e);
        }
        if (code != 0) throw new IOException(setup + " --contracts failed (exit code " + code + "); see its output above");
        if (!ready(repoRoot)) throw new IOException(setup + " --contracts finished but the contracts are still not built in " + repoRoot.resolve("contracts"));
    }
}
