package org.unveil.eth;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.web3j.crypto.Credentials;

/**
 * A real local chain for tests and the devnet: a {@code hardhat node} on 127.0.0.1 (free port)
 * with Unveil's contracts deployed by dev account #0, the 20 funded dev accounts, and time travel.
 * Closing it stops the node and its process tree.
 */
public final class DevChain implements AutoCloseable {
    private final HardhatNode node;
    private final Chain chain;
    private final List<Credentials> accounts;
    private final Deployment deployment;

    private DevChain(HardhatNode node, Chain chain, List<Credentials> accounts, Deployment deployment) {
        this.node = node;
        this.chain = chain;
        this.accounts = accounts;
        this.deployment = deployment;
    }

    /** Starts a node from the repository found by {@link RepositoryRoot#find()} and deploys the contracts. */
    public static DevChain start() throws IOException {
        return start(RepositoryRoot.find());
    }

    public static DevChain start(Path repoRoot) throws IOException {
        return start(repoRoot, 0);
    }

    /**
     * Starts on 127.0.0.1:{@code port} (0: any free port), for a devnet that wallets reach at a known URL.
     * In a fresh clone it first installs Hardhat and compiles the contracts ({@link ContractsSetup}).
     */
    public static DevChain start(Path repoRoot, int port) throws IOException {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, got " + port);
        ContractsSetup.ensure(repoRoot);
        HardhatNode node = HardhatNode.start(repoRoot, port);
        Chain chain = null;
        try {
            chain = Chain.connect(node.rpcUrl());
            List<Credentials> accounts = DevAccounts.derive(DevAccounts.COUNT);
            Deployment d = Deployer.deploy(chain.sender(accounts.get(0)), ContractArtifacts.in(repoRoot.resolve("contracts")));
            return new DevChain(node, chain, accounts, d);
        } catch (IOException | RuntimeException e) {
            if (chain != null) chain.close();
            String tail = node.logTail();
            node.close();
            e.addSuppressed(new IOException("hardhat node log: " + tail));
            throw e;
        }
    }

    public String rpcUrl() {
        return node.rpcUrl();
    }

    /** Process id of the hardhat node (tests check it is gone after {@link #close()}). */
    public long nodePid() {
        return node.pid();
    }

    public Chain chain() {
        return chain;
    }

    /** Addresses of the deployed contracts. */
    public Deployment deployment() {
        return deployment;
    }

    /** Dev account {@code i} (0..19), funded with 10,000 ETH at start. */
    public Credentials account(int i) {
        return accounts.get(i);
    }

    public List<Credentials> accounts() {
        return accounts;
    }

    /** Moves the chain clock forward by {@code d} and mines a block carrying the new time. */
    public void increaseTime(Duration d) throws ChainException {
        rpc("evm_increaseTime", List.of(d.toSeconds()));
        mine();
    }

    /** Mines one empty block. */
    public void mine() throws ChainException {
        rpc("evm_mine", List.of());
    }

    /** Mines {@code blocks} empty blocks at once ({@code hardhat_mine}): a sampling beacon is 5 blocks after the last enrolment. */
    public void mine(int blocks) throws ChainException {
        rpc("hardhat_mine", List.of("0x" + Integer.toHexString(blocks)));
    }

    /**
     * Replaces the code at {@code address} ({@code hardhat_setCode}; "0x" removes it): lets a test
     * turn an account it holds the key of into a payee that rejects ETH, then back into one that
     * can send transactions (EIP-3607 refuses senders with code).
     */
    public void setCode(String address, String runtimeHex) throws ChainException {
        rpc("hardhat_setCode", List.of(Addresses.checked(address, "address"), runtimeHex));
    }

    /**
     * Mines a block every {@code millis} as well as on each transaction ({@code evm_setIntervalMining};
     * 0 turns it off): a chain that moves on its own, as a live one does, for daemons that wait for depth.
     */
    public void intervalMining(long millis) throws ChainException {
        rpc("evm_setIntervalMining", List.of(millis));
    }

    /** Whether every transaction is mined at once in its own block ({@code evm_setAutomine}); off, they wait for {@link #mine}. */
    public void automine(boolean on) throws ChainException {
        rpc("evm_setAutomine", List.of(on));
    }

    /** Saves the chain's state ({@code evm_snapshot}); {@link #revert} goes back to it, undoing every block after: a reorg, as a test needs one. */
    public String snapshot() throws ChainException {
        return String.valueOf(chain.rawCall("evm_snapshot", List.of()));
    }

    /** Goes back to {@code snapshot} ({@code evm_revert}): the blocks mined since are gone, and new ones get other hashes. */
    public void revert(String snapshot) throws ChainException {
        Object ok = chain.rawCall("evm_revert", List.of(snapshot));
        if (!Boolean.TRUE.equals(ok)) throw new ChainException("evm_revert " + snapshot + " answered " + ok + ": no such snapshot (each can be reverted to once)");
    }

    private void rpc(String method, List<?> params) throws ChainException {
        chain.rawCall(method, params);
    }

    @Override
    public void close() {
        chain.close();
        node.close();
    }
}
