package org.unveil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * The CLI as a new user meets it (issue #8): every error is one line that names what was wrong and
 * what to do, the help is complete, and the vocabulary and units are the same in every command.
 */
class CliUsabilityTest {
    @TempDir Path dir;

    private static void oneLine(CliRun r, int exit, String... expected) {
        assertEquals(exit, r.exit(), r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertTrue(lines.size() <= 2, "a short error, not a usage dump:\n" + r.err());
        assertTrue(lines.get(0).startsWith("unveil: "), r.err());
        for (String e : expected) assertTrue(r.err().contains(e), "expected '" + e + "' in:\n" + r.err());
    }

    private Path small() throws Exception {
        return Files.writeString(dir.resolve("notes.txt"), "liner notes\n".repeat(100));
    }

    @Test
    void fileErrorsSayWhatFailedAndWhatToDo() throws Exception {
        oneLine(CliRun.of("inspect", dir.resolve("nonexist.tar").toString()), 1, "nonexist.tar: not found; check the path");
        oneLine(CliRun.of("inspect", dir.toString()), 1, dir + " is a directory; give a file");
        oneLine(CliRun.of("unpack", small().toString(), "--out", dir.resolve("o").toString(), "--secret-file", dir.resolve("d.tar.secret").toString()),
                1, "d.tar.secret: not found");
        oneLine(CliRun.of("ipfs", "add", "--repo", dir.resolve("repo").toString(), dir.toString()), 1, "is a directory; give a file");
        // Root can write anywhere, so a read-only directory is checked on the wording itself: a
        // temporary file of ours is reported as the file it was to become.
        String temp = dir.resolve(".release.tar.12345-6789.unveil-tmp").toString();
        String said = CliErrors.file(new AccessDeniedException(temp));
        assertEquals(dir.resolve("release.tar") + ": permission denied; choose a file or directory you can write", said);
        assertTrue(CliErrors.file(new FileSystemException(temp, null, "No space left on device")).startsWith("the disk is full while writing "
                + dir.resolve("release.tar")));
        // A refusal to replace a file is said once, with its own reason, not followed by a generic one.
        String refusal = dir.resolve("a.tar.secret") + " exists: it may be the only copy of an earlier release's secret. Choose another --out";
        assertEquals(refusal, CliErrors.file(new java.nio.file.FileAlreadyExistsException(refusal)));
        assertEquals("k.key: already exists; refusing to replace it",
                CliErrors.file(new java.nio.file.FileAlreadyExistsException("k.key", null, "already exists; refusing to replace it")));
    }

    @Test
    void badArgumentsGiveOneLineNamingTheOptionAndTheHelp() throws Exception {
        CliRun goal = CliRun.of("pack", "--out", dir.resolve("a.tar").toString(), "--goal", "2ethh", "--test-keyholders",
                dir.resolve("k").toString(), small().toString());
        oneLine(goal, 1, "--goal: not an amount: \"2ethh\"", "1.5eth");
        CliRun slot = CliRun.of("release", "enrol", "--release", "0x0000000000000000000000000000000000000001", "--slot", "x",
                "--release-key-file", "k");
        oneLine(slot, 2, "--slot", "'x'", "Run 'unveil release enrol --help' for the options.");
        CliRun deadline = CliRun.of("pack", "--out", dir.resolve("a.tar").toString(), "--pledge-deadline", "soon", "--test-keyholders",
                dir.resolve("k").toString(), small().toString());
        oneLine(deadline, 1, "--pledge-deadline \"soon\" is not a duration such as 3d", "2027-01-31");
        CliRun typo = CliRun.of("release", "enroll");
        assertEquals(2, typo.exit());
        assertTrue(typo.err().contains("Did you mean: release enrol"), typo.err());
        assertTrue(typo.err().lines().count() <= 4, typo.err());
        assertFalse(Files.exists(dir.resolve("a.tar")) || Files.exists(dir.resolve("k")), "nothing written for a refused command");
    }

    @Test
    void packTakesAmountsAndTimesInEveryFormAndWarnsAboutRiskyPreviews() throws Exception {
        Path notes = small();
        Instant before = Instant.now();
        CliRun r = CliRun.of("pack", "--out", dir.resolve("a.tar").toString(), "--goal", "2eth", "--artist-fee", "1500000000gwei",
                "--enrol-deadline", "2d", "--pledge-deadline", "2030-01-31", "--reveal-window", "12h", "--samples", "5", "--test-keyholders",
                dir.resolve("k").toString(), "--json", notes.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("unveil: warning: no preview"), "pack says so when it runs:\n" + r.err());
        JsonNode t = CliRun.of("inspect", dir.resolve("a.tar").toString(), "--json").json().get("manifest").get("terms");
        assertEquals("2000000000000000000", t.get("goal").stringValue());
        assertEquals("1500000000000000000", t.get("artistFee").stringValue());
        long enrol = t.get("enrolDeadline").longValue();
        assertTrue(Math.abs(enrol - before.plusSeconds(2 * 86_400).getEpochSecond()) < 60, "2d from now: " + enrol);
        assertEquals(Instant.parse("2030-01-31T00:00:00Z").getEpochSecond(), t.get("pledgeDeadline").longValue());
        assertEquals(12 * 3600, t.get("revealWindow").longValue());
        assertEquals(5, t.get("sampleCount").intValue());
        CliRun text = CliRun.of("inspect", dir.resolve("a.tar").toString());
        assertTrue(text.out().contains("artist fee       1.5 ETH") && text.out().contains("reveal window    12 hours"), text.out());

        // A preview of most of the work is said too; the absolute input path names the file in --cut and --preview.
        String abs = notes.toAbsolutePath().toString();
        CliRun most = CliRun.of("pack", "--out", dir.resolve("b.tar").toString(), "--cut", abs + ":400", "--preview", abs + ":0,1",
                "--test-keyholders", dir.resolve("k2").toString(), abs);
        assertEquals(0, most.exit(), most.err());
        assertTrue(most.err().contains("unveil: warning: previews cover 67% of the work"), most.err());
        // A preview of everything leaves nothing to sample or release (format v2): refused in one line.
        oneLine(CliRun.of("pack", "--out", dir.resolve("c.tar").toString(), "--preview", abs, "--test-keyholders", dir.resolve("k3").toString(), abs), 1,
                "every fragment is a preview", "preview fewer fragments");
        assertFalse(Files.exists(dir.resolve("c.tar")));
    }

    @Test
    void keysGivenTwiceOrGarbageKeyFilesAreNamed() throws Exception {
        Path notes = small();
        assertEquals(0, CliRun.of("pack", "--out", dir.resolve("a.tar").toString(), "--test-keyholders",
                dir.resolve("k").toString(), notes.toString()).exit());
        String key = dir.resolve("k/0-1.key").toString();
        oneLine(CliRun.of("unpack", dir.resolve("a.tar").toString(), "--out", dir.resolve("o").toString(), "--release-key-file", key, key), 1,
                "the same release key", "given twice");
        oneLine(CliRun.of("unpack", dir.resolve("a.tar").toString(), "--out", dir.resolve("o").toString(), "--release-key-file", notes.toString(), key),
                1, "release key file " + notes + " holds neither a release key");
        oneLine(CliRun.of("unpack", dir.resolve("a.tar").toString(), "--out", dir.resolve("o").toString(), "--release-key", "00".repeat(32)), 1,
                "is not a valid secp256k1 key");
        assertFalse(Files.exists(dir.resolve("o")));
    }

    /** Every command and option says what it is, and every description is whole sentences picocli can wrap itself. */
    @Test
    void helpIsCompleteAndWrapsOnlyWhereItShould() {
        List<String> problems = new ArrayList<>();
        walk(UnveilCommand.commandLine(), problems);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        CliRun secret = CliRun.of("secret", "--help");
        assertTrue(secret.out().contains("age-identity  Print the age identities (AGE-SECRET-KEY-1...) that decrypt the"), secret.out());
        CliRun create = CliRun.of("release", "create", "--help");
        assertTrue(create.out().contains("--goal=AMOUNT") && create.out().contains("Funding goal"), create.out());
    }

    private static void walk(CommandLine cl, List<String> problems) {
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        String name = spec.qualifiedName();
        String[] description = spec.usageMessage().description();
        if (description.length == 0 || description[0].isBlank()) problems.add(name + ": no description");
        for (String paragraph : description) {
            if (!paragraph.isEmpty() && !paragraph.strip().matches("(?s).*[.)]")) {
                problems.add(name + ": description line is not a whole sentence (picocli wraps paragraphs itself): " + paragraph);
            }
        }
        for (CommandLine.Model.OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp()) continue;
            if (o.description().length == 0 || o.description()[0].isBlank()) problems.add(name + " " + o.longestName() + ": no description");
        }
        for (CommandLine.Model.PositionalParamSpec p : spec.positionalParameters()) {
            if (p.description().length == 0 || p.description()[0].isBlank()) problems.add(name + " " + p.paramLabel() + ": no description");
        }
        for (CommandLine sub : cl.getSubcommands().values()) walk(sub, problems);
    }
}
