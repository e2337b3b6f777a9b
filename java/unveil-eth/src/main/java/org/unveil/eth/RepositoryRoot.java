package org.unveil.eth;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the Unveil repository root, which holds {@code contracts/} (the Hardhat project whose
 * build output carries the deployment bytecode) and {@code .tools/} (the project's Node 24).
 * Looked up in order: system property {@code unveil.root} (surefire sets it), environment
 * variable {@code UNVEIL_ROOT} (the launcher exports it), then the working directory and its parents.
 */
public final class RepositoryRoot {
    private RepositoryRoot() {}

    /** Returns the repository root, or throws naming every place that was tried. */
    public static Path find() {
        String prop = System.getProperty("unveil.root");
        if (prop != null && !prop.isBlank()) return checked(Path.of(prop), "system property unveil.root");
        String env = System.getenv("UNVEIL_ROOT");
        if (env != null && !env.isBlank()) return checked(Path.of(env), "environment variable UNVEIL_ROOT");
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (isRoot(p)) return p.normalize();
        }
        throw new IllegalStateException("cannot find the Unveil repository (a directory holding contracts/package.json):"
                + " set UNVEIL_ROOT or -Dunveil.root, or run from inside the repository");
    }

    private static Path checked(Path p, String source) {
        Path abs = p.toAbsolutePath().normalize();
        if (!isRoot(abs)) {
            throw new IllegalStateException(source + " = " + abs + " is not the Unveil repository (no contracts/package.json there)");
        }
        return abs;
    }

    private static boolean isRoot(Path p) {
        return Files.isRegularFile(p.resolve("contracts").resolve("package.json"));
    }
}
