package org.unveil.keyholder.engine;

/**
 * The points of one pass of the daemon where a crash leaves a different durable state: after it
 * observed the chain, decided, journaled an intent, stored signed bytes, handed them to the node,
 * and recorded a confirmation. The engine reports each; production passes {@link #NONE}, the crash
 * tests pass one that kills the process at a chosen point, so every transition is tested for what
 * a restart makes of it.
 */
@FunctionalInterface
public interface Checkpoint {
    enum Step { OBSERVE, DECIDE, JOURNAL, SIGN, BROADCAST, CONFIRM }

    void reached(Step step);

    Checkpoint NONE = step -> {};
}
