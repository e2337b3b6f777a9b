package org.unveil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The command tree is built lazily for start-up time, but help, suggestions and every command still work. */
class CommandTreeTest {
    @Test
    void runningACommandBuildsOnlyThatBranch() {
        var cl = UnveilCommand.commandLine(new String[] {"release", "status", "--json"});
        assertEquals(List.of("release"), List.copyOf(cl.getSubcommands().keySet()));
        assertEquals(List.of("status"), List.copyOf(cl.getSubcommands().get("release").getSubcommands().keySet()));
    }

    @Test
    void helpAndUnknownWordsSeeEveryCommand() {
        var all = UnveilCommand.commandLine(new String[] {"--help"});
        assertEquals(UnveilCommand.SUBCOMMANDS.size(), all.getSubcommands().size());
        assertEquals(ReleaseCommand.SUBCOMMANDS.size(), all.getSubcommands().get("release").getSubcommands().size());
        var misspelt = UnveilCommand.commandLine(new String[] {"release", "setle"});
        assertEquals(ReleaseCommand.SUBCOMMANDS.size(), misspelt.getSubcommands().get("release").getSubcommands().size());

        CliRun typo = CliRun.of("release", "setle");
        assertEquals(2, typo.exit());
        assertTrue(typo.err().contains("Did you mean: release settle"), typo.err());
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.exit());
        for (String name : List.of("pack", "inspect", "preview", "unpack", "secret", "keyholder", "ipfs", "chain", "release")) {
            assertTrue(help.out().contains("  " + name + " "), name + " missing from help:\n" + help.out());
        }
    }

    @Test
    void versionNeedsNoSubcommandAndHelpHasNoFormatWarnings() {
        assertTrue(UnveilCommand.commandLine(new String[] {"--version"}).getSubcommands().isEmpty());
        CliRun v = CliRun.of("--version");
        assertEquals(0, v.exit());
        assertTrue(v.out().startsWith("unveil "), v.out());
        // A stray '%' in a description makes picocli print a warning instead of the text.
        for (String group : List.of("pack", "release create", "release pledge", "ipfs add", "chain register")) {
            CliRun h = CliRun.of((group + " --help").split(" "));
            assertEquals(0, h.exit(), group);
            assertTrue(!h.err().contains("WARN") && !h.out().contains("WARN"), group + ": " + h.err());
        }
    }
}
