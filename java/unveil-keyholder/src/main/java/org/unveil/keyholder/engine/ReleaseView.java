package org.unveil.keyholder.engine;

import java.time.Instant;
import java.util.Optional;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.ReleaseSummary;
import org.unveil.eth.Slot;

/**
 * What the daemon knows of one release it holds a slot of, read from the chain in one pass: the
 * state now and at the final block (the one a reorg can no longer undo), its figures, the bot's slot
 * and the sampling. Empty parts mean the release does not exist yet.
 *
 * @param head the latest block number
 * @param now the latest block's time: the contracts' clock, not the bot's
 * @param atFinal the state at the final block ({@code NONE} if the release had no code there yet)
 * @param summary the figures and deadlines now; empty before the release is created
 * @param slot the bot's slot now; empty before the release is created
 * @param beaconBlock the sampling's beacon block, once the release is Sampling
 * @param samplesDrawn whether the samples are drawn
 * @param samplesDueBy when the sampled keys are due, once drawn
 * @param revealWindow the release's reveal window (zero before it is created): with the reveal
 *        deadline it gives the funding time, and a share is accepted only after it
 */
record ReleaseView(String release, int slotIndex, long head, Instant now, ReleaseState atFinal, Optional<ReleaseSummary> summary, Optional<Slot> slot,
        Optional<Long> beaconBlock, boolean samplesDrawn, Optional<Instant> samplesDueBy, java.time.Duration revealWindow) {

    ReleaseState state() {
        return summary.map(ReleaseSummary::state).orElse(ReleaseState.NONE);
    }

    Slot.Status slotStatus() {
        return slot.map(Slot::status).orElse(Slot.Status.VACANT);
    }

    boolean claimed() {
        return slot.map(Slot::claimed).orElse(false);
    }
}
