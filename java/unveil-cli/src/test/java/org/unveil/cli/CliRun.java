package org.unveil.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One run of the CLI in this JVM, with what it printed; shared by the command tests. */
record CliRun(int exit, String out, String err) {

    /** Runs {@code unveil args...}, capturing standard output and error (commands print to both). */
    static synchronized CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = Main.run(args);
            return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** Standard output parsed as JSON (for {@code --json} runs). */
    tools.jackson.databind.JsonNode json() {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(out);
    }

    CliRun stripped() {
        return new CliRun(exit, out.strip(), err.strip());
    }
}
