package org.unveil.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writeReplacesAndLeavesNoTempFile() throws IOException {
        Path target = dir.resolve("deployment.json");
        AtomicFiles.write(target, new byte[] {1}, false);
        AtomicFiles.write(target, new byte[] {2, 3}, false);
        assertArrayEquals(new byte[] {2, 3}, Files.readAllBytes(target));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertEquals(List.of("deployment.json"), names());
    }

    @Test
    void writeNewIsOwnerOnlyAndNeverReplaces() throws IOException {
        Path target = dir.resolve("release.tar.secret");
        AtomicFiles.writeNew(target, new byte[] {7});
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertThrows(FileAlreadyExistsException.class, () -> AtomicFiles.writeNew(target, new byte[] {8}));
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
        assertEquals(List.of("release.tar.secret"), names());
    }

    /** A batch whose new output's name appears before commit publishes nothing, not even the replaceable one. */
    @Test
    void batchIsAllOrNothing() throws IOException {
        Path archive = dir.resolve("release.tar");
        Path secret = dir.resolve("release.tar.secret");
        try (AtomicFiles.Batch batch = new AtomicFiles.Batch()) {
            Files.write(batch.stageReplacing(archive, false), new byte[] {1});
            batch.stageNew(secret, new byte[] {2});
            Files.write(secret, new byte[] {9}); // a race: someone else's secret
            assertThrows(FileAlreadyExistsException.class, batch::commit);
        }
        assertFalse(Files.exists(archive));
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(secret));
        assertEquals(List.of("release.tar.secret"), names());
    }

    @Test
    void batchCommitPublishesEveryOutput() throws IOException {
        Path archive = dir.resolve("release.tar");
        Path secret = dir.resolve("release.tar.secret");
        try (AtomicFiles.Batch batch = new AtomicFiles.Batch()) {
            Files.write(batch.stageReplacing(archive, false), new byte[] {1});
            batch.stageNew(secret, new byte[] {2});
            assertEquals(List.of(secret, archive), batch.commit());
        }
        assertEquals(List.of("release.tar", "release.tar.secret"), names());
    }

    /** Names of earlier versions (no PID) are swept after an hour; other names never. */
    @Test
    void staleRules() throws IOException {
        FileTime now = FileTime.from(Instant.now());
        FileTime old = FileTime.from(Instant.now().minusSeconds(7200));
        assertTrue(TempFiles.stale("123456", old));
        assertFalse(TempFiles.stale("123456", now));
        assertFalse(TempFiles.stale("backup", old));
        assertFalse(TempFiles.stale(ProcessHandle.current().pid() + "-1", old), "this process's own temp file");
    }
}
