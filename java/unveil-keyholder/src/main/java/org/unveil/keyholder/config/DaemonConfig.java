package org.unveil.keyholder.config;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.unveil.eth.hiring.Policy;
import org.unveil.release.KeyholderPolicy;

/**
 * Everything the keyholder daemon is told, validated: where the chain and factory are, which wallet
 * it acts with (files only: the keystore and its password file are read at start, never stored
 * elsewhere), where it listens, the terms it accepts, how it pays for gas, and where it keeps its
 * state. Read by {@link ConfigLoader} from defaults, then the TOML file, then the environment.
 */
public record DaemonConfig(Path dataDir, Chain chain, Wallet wallet, Http http, Terms terms, Gas gas) {

    /**
     * @param rpc the node's JSON-RPC URL (HTTP polling; no websockets)
     * @param chainId the chain the daemon serves; the node must report it
     * @param factory the ReleaseFactory it serves
     * @param startBlock where the first log read begins (the factory's deployment block)
     * @param pollInterval how often it reads the chain
     * @param confirmations how deep a funding must be before a share is published (ignored with {@code finalizedTag})
     * @param finalizedTag use the node's {@code finalized} block instead of a depth
     * @param maxLogRange the largest block range of one eth_getLogs (halved when the node refuses it)
     */
    public record Chain(URI rpc, long chainId, String factory, long startBlock, Duration pollInterval, int confirmations, boolean finalizedTag,
            int maxLogRange) {}

    /** @param keystore the keyholder account's Web3 Secret Storage file; @param passwordFile its password, one line */
    public record Wallet(Path keystore, Path passwordFile) {}

    /**
     * @param listen where the hiring endpoints and the gateway listen
     * @param publicUrl the URL artists reach them at (the registry profile's endpoint)
     * @param threads requests served at once
     * @param fetchFromGateways whether a commit may name gateways for the bot to fetch the archive from (spec/keyholder-protocol.md 8.4)
     */
    public record Http(InetSocketAddress listen, URI publicUrl, int threads, boolean fetchFromGateways) {}

    /**
     * The terms the bot offers and accepts.
     *
     * @param maxSlots how many slots it holds at once (offers standing and releases not yet ended)
     * @param maxLock the longest a deposit may be locked from enrolment to the claim
     * @param minTimeToEnrol the least time left before an enrolment deadline for the bot to take a slot
     */
    public record Terms(BigInteger minDeposit, BigInteger maxDeposit, BigInteger minFeePerSlot, Duration minRevealWindow, Duration maxRevealWindow,
            long maxArchiveBytes, List<String> tokens, int maxSlots, Duration maxLock, Duration minTimeToEnrol) {

        /** The policy the bot states in its signed Info and checks solicitations against. */
        public Policy hiringPolicy() {
            return new Policy(minDeposit, maxDeposit, minFeePerSlot, minRevealWindow.toSeconds(), maxRevealWindow.toSeconds(), maxArchiveBytes, tokens);
        }

        /** The same terms as the keyholder checks of protocol v2 apply them to a created release. */
        public KeyholderPolicy keyholderPolicy() {
            return new KeyholderPolicy(minRevealWindow, maxRevealWindow, java.util.Optional.of(maxDeposit), minFeePerSlot, minTimeToEnrol, maxLock);
        }
    }

    /**
     * @param maxFeePerGas no transaction is signed paying more per gas
     * @param bumpAfter how long a sent transaction may wait unmined before a fee bump on its nonce
     * @param bumpPercent how much a bump raises both fees
     */
    public record Gas(BigInteger maxFeePerGas, Duration bumpAfter, int bumpPercent) {}

    public Path stateFile() {
        return dataDir.resolve("keyholder.sqlite");
    }

    public Path blocksDir() {
        return dataDir.resolve("blocks");
    }

    public Path workDir() {
        return dataDir.resolve("work");
    }
}
