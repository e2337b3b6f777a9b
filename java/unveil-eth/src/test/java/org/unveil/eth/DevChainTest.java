package org.unveil.eth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.archive.keys.GroupSpec;
import org.web3j.crypto.Credentials;

/** The dev chain itself: a real node, the right accounts, time travel, log back-fill, and a clean stop. */
class DevChainTest {
    @Test
    void devChainServesDeployedContractsAndStopsItsProcessTree() throws Exception {
        long pid;
        try (DevChain chain = DevChain.start()) {
            assertTrue(chain.rpcUrl().startsWith("http://127.0.0.1:"), chain.rpcUrl());
            pid = chain.nodePid();
            assertEquals(31337, chain.chain().chainId());
            List<String> nodeAccounts = chain.chain().web3j().ethAccounts().send().getAccounts();
            assertEquals(nodeAccounts, chain.accounts().stream().map(Credentials::getAddress).toList(), "derived keys are the node's funded accounts");
            assertEquals(Wei.parse("10000eth"), chain.chain().balance(chain.account(19).getAddress()));
            Deployment d = chain.deployment();
            assertTrue(chain.chain().hasCode(d.factory()) && chain.chain().hasCode(d.registry()) && chain.chain().hasCode(d.releaseImplementation()));
            assertEquals(100, ReleaseFactoryClient.at(chain.chain(), d.factory()).reputationBps());

            Instant before = chain.chain().latestBlockTime();
            chain.increaseTime(Duration.ofDays(30));
            assertFalse(chain.chain().latestBlockTime().isBefore(before.plus(Duration.ofDays(30))));

            // a release's logs read one block per request give the same events as one big chunk
            ReleaseFixture.registerKeyholders(chain, chain.accounts().subList(2, 4), chain.accounts().subList(4, 6));
            ReleaseFixture f = new ReleaseFixture(chain, chain.account(1), chain.accounts().subList(2, 4), List.of(new GroupSpec(1, 2)))
                    .create(new byte[32]).enrolAll();
            assertArrayEquals(ReleaseSignatures.domainSeparator(31337, f.release.address()), f.release.domainSeparator());
            for (int i = 0; i < 3; i++) chain.mine();
            EventLogReader oneBlock = new EventLogReader(chain.chain(), 1);
            List<ReleaseEvent> small = f.release.events(oneBlock);
            List<ReleaseEvent> big = f.release.events();
            assertEquals(big, small);
            assertEquals(big, f.release.events(BigInteger.ZERO), "an explicit start block gives the same events");
            BigInteger span = chain.chain().blockNumber().subtract(CreationBlock.find(chain.chain(), f.release.address())).add(BigInteger.ONE);
            assertEquals(span.intValueExact(), oneBlock.requests());
            assertTrue(big.get(0) instanceof ReleaseEvent.Initialized init && init.params().equals(f.params), "first event carries the params");
            assertEquals(2, big.stream().filter(e -> e instanceof ReleaseEvent.KeyholderEnrolled).count());
            ReleaseEvent.StateChanged last = (ReleaseEvent.StateChanged) big.stream().filter(e -> e instanceof ReleaseEvent.StateChanged)
                    .reduce((a, b) -> b).orElseThrow();
            assertEquals(ReleaseState.OPEN, last.current());
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "hardhat node " + pid + " must be gone after close()");
    }

    @Test
    void aBusyFixedPortIsRefusedRatherThanProbedByMistake() throws Exception {
        try (java.net.ServerSocket busy = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> DevChain.start(RepositoryRoot.find(), busy.getLocalPort()));
            assertTrue(e.getMessage().contains("is in use"), e.getMessage());
        }
    }
}
