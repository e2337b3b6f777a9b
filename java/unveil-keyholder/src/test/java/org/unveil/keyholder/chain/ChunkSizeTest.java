package org.unveil.keyholder.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChunkSizeTest {
    @Test
    void halvesDownToOneBlockAndDoublesBackToTheMaximumAfterRunsOfSuccesses() {
        ChunkSize c = new ChunkSize(100);
        c.refused(100);
        assertEquals(50, c.size());
        c.refused(7); // a shorter range at the end of the chain was refused: half of what was asked
        assertEquals(3, c.size());
        c.refused(3);
        c.refused(1);
        assertEquals(1, c.size(), "never below one block");
        for (int i = 0; i < ChunkSize.GROW_AFTER - 1; i++) c.succeeded();
        assertEquals(1, c.size(), "one success is not enough to grow");
        c.succeeded();
        assertEquals(2, c.size());
        for (int i = 0; i < 10 * ChunkSize.GROW_AFTER; i++) c.succeeded();
        assertEquals(100, c.size(), "capped at the maximum");
    }

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), new SplittableRandom(1));
        for (int i = 0; i < 50; i++) {
            long first = b.delayMillis(1);
            long third = b.delayMillis(3);
            long late = b.delayMillis(60);
            assertTrue(first >= 50 && first <= 100, "first " + first);
            assertTrue(third >= 200 && third <= 400, "third " + third);
            assertTrue(late >= 500 && late <= 1_000, "capped " + late);
        }
    }
}
