package org.unveil.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture as a check that fails the build (ARCHITECTURE.md, "Modules"): dependencies
 * point one way, and no module reaches into another's {@code .internal} packages, which are not
 * API. Maven enforces only the first for declared dependencies; a stray fully-qualified name would
 * slip through both without this.
 */
class ModuleBoundariesTest {
    private static final Path JAVA = Path.of(System.getProperty("unveil.root", "../..")).resolve("java");
    /** Module directory -> the Unveil packages (first segment after org.unveil) its main code may name. */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "unveil-io", Set.of("io"),
            "unveil-archive", Set.of("archive", "io"),
            "unveil-ipfs", Set.of("ipfs", "io"),
            "unveil-eth", Set.of("eth", "archive", "io"),
            "unveil-release", Set.of("release", "eth", "ipfs", "archive", "io"),
            "unveil-keyholder", Set.of("keyholder", "release", "eth", "ipfs", "archive", "io"),
            "unveil-cli", Set.of("cli", "keyholder", "release", "eth", "ipfs", "archive", "io"));
    private static final Pattern NAME = Pattern.compile("org\\.unveil\\.([a-z]+)((?:\\.[a-z][a-z0-9]*)*)");

    @Test
    void dependenciesPointOneWayAndInternalsStayInside() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(JAVA)) {
            for (Path d : dirs.filter(d -> Files.isDirectory(d.resolve("src/main/java"))).toList()) {
                if (!ALLOWED.containsKey(d.getFileName().toString())) problems.add(d.getFileName() + " is a module this check does not know: add its allowed dependencies");
            }
        }
        for (var module : ALLOWED.entrySet()) {
            Path src = JAVA.resolve(module.getKey()).resolve("src/main/java");
            String own = module.getKey().substring("unveil-".length());
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = NAME.matcher(Files.readString(f));
                    while (m.find()) {
                        String target = m.group(1);
                        if (!module.getValue().contains(target)) {
                            problems.add(JAVA.relativize(f) + " names org.unveil." + target + m.group(2) + ", which " + module.getKey() + " may not depend on");
                        } else if (!target.equals(own) && (m.group(2) + ".").contains(".internal.")) {
                            problems.add(JAVA.relativize(f) + " reaches into org.unveil." + target + m.group(2) + ": internals are not API");
                        }
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(Files.isDirectory(JAVA.resolve("unveil-cli/src/main/java/org/unveil/cli")), "the check must see the sources: " + JAVA);
    }

    /** The archive format needs no chain library: wallet signing (web3j) is unveil-eth's. */
    @Test
    void archiveDoesNotDependOnWeb3j() throws IOException {
        String pom = Files.readString(JAVA.resolve("unveil-archive/pom.xml"));
        assertTrue(pom.contains("<artifactId>unveil-archive</artifactId>"), "read the archive's pom: " + JAVA);
        assertFalse(pom.contains("<groupId>org.web3j</groupId>"), "unveil-archive/pom.xml names an org.web3j dependency");
    }
}
