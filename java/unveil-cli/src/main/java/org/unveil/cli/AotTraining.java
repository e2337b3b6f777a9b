package org.unveil.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.unveil.ipfs.FsBlockStore;
import org.unveil.ipfs.gateway.TrustlessGateway;

/**
 * The training run behind the launcher's AOT cache (JDK 25+, JEP 483/514): runs the archive and
 * IPFS commands once on a few MiB of generated data in a temporary directory, so the JVM records
 * which classes they load and link. Run by {@code ./unveil} after each build, never by users.
 */
final class AotTraining {
    private AotTraining() {}

    private static void run(String[] args, ByteArrayOutputStream errors) {
        int exit = Main.run(args);
        if (exit != 0) {
            throw new IllegalStateException("training run failed (exit " + exit + "): unveil " + String.join(" ", args) + ": " + errors.toString(StandardCharsets.UTF_8));
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("unveil-aot-");
        PrintStream out = System.out;
        PrintStream err = System.err;
        try {
            Path input = dir.resolve("input.bin");
            byte[] data = new byte[6 << 20];
            new Random(1).nextBytes(data);
            Files.write(input, data);
            Path archive = dir.resolve("a.tar");
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            System.setErr(new PrintStream(errors, true, StandardCharsets.UTF_8));
            String repo = dir.resolve("ipfs").toString();
            String[][] runs = {
                {"pack", "--out", archive.toString(), "--test-keyholders", dir.resolve("keys").toString(), "--cut", "input.bin:2MiB", "--preview", "input.bin:0", input.toString()},
                {"inspect", archive.toString()},
                {"preview", archive.toString(), "--out", dir.resolve("preview").toString()},
                {"unpack", archive.toString(), "--out", dir.resolve("out").toString(), "--secret-file", archive + ".secret"},
                {"unpack", archive.toString(), "--out", dir.resolve("out-json").toString(), "--secret-file", archive + ".secret", "--json"},
            };
            for (String[] run : runs) run(run, errors);
            // The IPFS round trip: add, serve over loopback, verified get.
            ByteArrayOutputStream added = new ByteArrayOutputStream();
            System.setOut(new PrintStream(added, true, StandardCharsets.UTF_8));
            run(new String[] {"ipfs", "add", "--repo", repo, "--json", archive.toString()}, errors);
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            String cid = tools.jackson.databind.json.JsonMapper.builder().build().readTree(added.toString(StandardCharsets.UTF_8)).get("cid").asString();
            try (FsBlockStore store = FsBlockStore.open(Path.of(repo))) {
                TrustlessGateway gateway = TrustlessGateway.start(store, 0);
                try {
                    run(new String[] {"ipfs", "get", cid, "--gateway", gateway.uri().toString(), "--out", dir.resolve("fetched").toString(),
                        "--repo", dir.resolve("fan").toString()}, errors);
                } finally {
                    gateway.close();
                }
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
