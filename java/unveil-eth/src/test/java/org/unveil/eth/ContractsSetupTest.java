package org.unveil.eth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fresh clone gets scripts/setup --contracts run for it, once; a failing setup is a worded error. */
class ContractsSetupTest {
    @TempDir Path root;

    @Test
    void runsTheSetupScriptOnlyWhenSomethingIsMissing() throws Exception {
        // A stand-in for scripts/setup: records its arguments and creates what the real one would.
        setupScript("""
                echo "$@" >> calls.txt
                echo "this goes to stderr, not to the command's stdout"
                mkdir -p contracts/node_modules/hardhat/dist/src contracts/artifacts/contracts
                touch contracts/node_modules/hardhat/dist/src/cli.js
                """);
        assertFalse(ContractsSetup.ready(root));
        ContractsSetup.ensure(root);
        assertTrue(ContractsSetup.ready(root));
        ContractsSetup.ensure(root);
        assertEquals("--contracts\n", Files.readString(root.resolve("calls.txt")), "run once, with --contracts");
    }

    @Test
    void aFailingSetupIsReportedWithItsExitCode() throws Exception {
        setupScript("exit 3\n");
        IOException e = assertThrows(IOException.class, () -> ContractsSetup.ensure(root));
        assertTrue(e.getMessage().contains("--contracts failed (exit code 3)"), e.getMessage());
    }

    @Test
    void aSetupThatBuildsNothingIsReported() throws Exception {
        setupScript("true\n");
        IOException e = assertThrows(IOException.class, () -> ContractsSetup.ensure(root));
        assertTrue(e.getMessage().contains("still not built"), e.getMessage());
    }

    @Test
    void withoutASetupScriptTheCallerReportsWhatIsMissing() {
        assertDoesNotThrow(() -> ContractsSetup.ensure(root));
    }

    private void setupScript(String body) throws IOException {
        Path setup = Files.createDirectories(root.resolve("scripts")).resolve("setup");
        Files.writeString(setup, "#!/usr/bin/env bash\nset -e\ncd \"$(dirname \"$0\")/..\"\n" + body);
        Files.setPosixFilePermissions(setup, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
