package org.unveil.keyholder.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unveil.keyholder.store.TestChain.CHAIN_ID;
import static org.unveil.keyholder.store.TestChain.FACTORY;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainCursorsTest {
    @TempDir
    Path dir;

    private static BlockRef block(long n, String fork) {
        return new BlockRef(n, TestChain.hash(fork + n));
    }

    private static LogKey log(long n, String fork, String tx, int index) {
        return new LogKey(n, TestChain.hash(fork + n), TestChain.hash(tx), index);
    }

    @Test
    void advancingDropsLogsSeenBeforeAndSurvivesAReopen() throws Exception {
        Path file = dir.resolve("state.db");
        LogKey a = log(10, "main", "tx1", 0);
        LogKey b = log(10, "main", "tx1", 1);
        LogKey c = log(12, "main", "tx2", 0);
        try (KeyholderStore store = KeyholderStore.open(file)) {
            ChainCursors cursors = store.cursors();
            assertEquals(Optional.empty(), cursors.get(CHAIN_ID, FACTORY));
            assertEquals(List.of(a, b), cursors.advance(CHAIN_ID, FACTORY, Optional.empty(), block(11, "main"), List.of(a, b)));
        }
        try (KeyholderStore store = KeyholderStore.open(file)) {
            ChainCursors cursors = store.cursors();
            assertEquals(Optional.of(block(11, "main")), cursors.get(CHAIN_ID, FACTORY));
            // An overlapping back-fill, as after a crash between reading and advancing: only c is new.
            assertEquals(List.of(c), cursors.advance(CHAIN_ID, FACTORY, Optional.of(block(11, "main")), block(13, "main"), List.of(b, c)));
            assertTrue(cursors.seen(a) && cursors.seen(c));
        }
    }

    @Test
    void aStaleReadOrABackwardMoveIsRefusedAndChangesNothing() throws Exception {
        try (KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            ChainCursors cursors = store.cursors();
            cursors.advance(CHAIN_ID, FACTORY, Optional.empty(), block(20, "main"), List.of());
            LogKey l = log(21, "main", "tx", 0);
            JournalRuleException stale = assertThrows(JournalRuleException.class,
                    () -> cursors.advance(CHAIN_ID, FACTORY, Optional.of(block(19, "main")), block(22, "main"), List.of(l)));
            assertTrue(stale.getMessage().contains("read it again"), stale.getMessage());
            assertFalse(cursors.seen(l), "the refused range recorded nothing");
            assertThrows(JournalRuleException.class, () -> cursors.advance(CHAIN_ID, FACTORY, Optional.of(block(20, "main")), block(5, "main"), List.of()));
            assertEquals(Optional.of(block(20, "main")), cursors.get(CHAIN_ID, FACTORY));
        }
    }

    @Test
    void aRewindForgetsTheLogsOfTheUndoneBlocksSoTheNewChainsAreActedOn() throws Exception {
        try (KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            ChainCursors cursors = store.cursors();
            LogKey kept = log(30, "main", "tx-a", 0);
            LogKey undone = log(32, "main", "tx-b", 0);
            cursors.advance(CHAIN_ID, FACTORY, Optional.empty(), block(33, "main"), List.of(kept, undone));
            cursors.rewind(CHAIN_ID, FACTORY, block(31, "main"));
            assertEquals(Optional.of(block(31, "main")), cursors.get(CHAIN_ID, FACTORY));
            assertTrue(cursors.seen(kept));
            assertFalse(cursors.seen(undone));
            LogKey remined = log(32, "fork", "tx-b", 0);
            assertEquals(List.of(undone, remined), cursors.advance(CHAIN_ID, FACTORY, Optional.of(block(31, "main")), block(33, "fork"), List.of(undone, remined)),
                    "the same transaction in another block is another log");
        }
    }

    @Test
    void theBlocksOfSeenLogsAreListedNewestFirstWithTheHashesRead() throws Exception {
        try (KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            ChainCursors cursors = store.cursors();
            cursors.advance(CHAIN_ID, FACTORY, Optional.empty(), block(50, "main"),
                    List.of(log(40, "main", "a", 0), log(40, "main", "a", 1), log(44, "main", "b", 0), log(49, "main", "c", 0)));
            assertEquals(List.of(block(49, "main"), block(44, "main")), cursors.seenBlocks(CHAIN_ID, FACTORY, 41, 50));
            assertEquals(List.of(), cursors.seenBlocks(CHAIN_ID, TestChain.address("other factory"), 0, 50));
        }
    }

    @Test
    void aRewindAndTheReadAfterItAreOneStep() throws Exception {
        try (KeyholderStore store = KeyholderStore.open(dir.resolve("state.db"))) {
            ChainCursors cursors = store.cursors();
            LogKey kept = log(60, "main", "tx-a", 0);
            LogKey undone = log(62, "main", "tx-b", 0);
            cursors.advance(CHAIN_ID, FACTORY, Optional.empty(), block(63, "main"), List.of(kept, undone));
            LogKey forked = log(62, "fork", "tx-c", 0);
            assertThrows(JournalRuleException.class, () -> cursors.rewindAndAdvance(CHAIN_ID, FACTORY, block(63, "fork"), block(61, "main"), block(64, "fork"), List.of(forked)),
                    "a caller that read another cursor");
            assertTrue(cursors.seen(undone), "the refused step forgot nothing");
            assertEquals(List.of(forked), cursors.rewindAndAdvance(CHAIN_ID, FACTORY, block(63, "main"), block(61, "main"), block(64, "fork"), List.of(kept, forked)));
            assertEquals(Optional.of(block(64, "fork")), cursors.get(CHAIN_ID, FACTORY));
            assertFalse(cursors.seen(undone));
            assertTrue(cursors.seen(kept) && cursors.seen(forked));
        }
    }
}
