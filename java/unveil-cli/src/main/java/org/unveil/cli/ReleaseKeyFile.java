package org.unveil.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.unveil.archive.keys.KeyException;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.release.SecretFiles;

/** Loads a release key k for a command's {@code --release-key-file} option ({@link SecretFiles#releaseKey}). */
final class ReleaseKeyFile {
    private ReleaseKeyFile() {}

    static ReleaseKey load(Path file, Path passwordFile) throws IOException, KeyException {
        return SecretFiles.releaseKey(file, passwordFile);
    }
}
