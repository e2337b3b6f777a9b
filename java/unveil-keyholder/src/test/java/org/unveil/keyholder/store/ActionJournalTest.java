package org.unveil.keyholder.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.unveil.keyholder.store.TestChain.CHAIN_ID;
import static org.unveil.keyholder.store.TestChain.FACTORY;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.eth.ReleaseState;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

class ActionJournalTest {
    private static final Credentials BOT = TestChain.account("bot");
    private static final String RELEASE = TestChain.address("release-1");
    private static final ActionKey ENROL = new ActionKey(CHAIN_ID, RELEASE, ActionKind.ENROL, 2);

    @TempDir
    Path dir;
    private Path file;
    private KeyholderStore store;
    private ActionJournal journal;

    @BeforeEach
    void open() throws Exception {
        file = dir.resolve("state.db");
        store = KeyholderStore.open(file);
        store.releases().hold(CHAIN_ID, RELEASE, FACTORY, 2, ReleaseState.ENROLLING);
        journal = store.journal();
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    @Test
    void aSecondIntentWithTheSameKeyReturnsTheFirstAction() throws Exception {
        Action first = journal.intend(ENROL, BOT.getAddress());
        Action again = journal.intend(new ActionKey(CHAIN_ID, RELEASE.toUpperCase().replace("0X", "0x"), ActionKind.ENROL, 2), BOT.getAddress());
        assertEquals(first.id(), again.id());
        journal.sign(first.id(), 0, TestChain.signer(BOT));
        Action afterSigning = journal.intend(ENROL, BOT.getAddress());
        assertEquals(first.id(), afterSigning.id());
        assertEquals(ActionStatus.SIGNED, afterSigning.status(), "the existing action as it stands, not a fresh intent");

        Action other = journal.intend(new ActionKey(CHAIN_ID, RELEASE, ActionKind.PUBLISH_SHARE, 2), BOT.getAddress());
        assertTrue(other.id() != first.id(), "another kind is another action");

        JournalRuleException e = assertThrows(JournalRuleException.class, () -> journal.intend(ENROL, TestChain.account("someone else").getAddress()));
        assertTrue(e.getMessage().contains("already journaled for account"), e.getMessage());
    }

    @Test
    void anIntentForAReleaseTheBotDoesNotHoldIsRefused() {
        ActionKey foreign = new ActionKey(CHAIN_ID, TestChain.address("not held"), ActionKind.ENROL, 0);
        JournalRuleException e = assertThrows(JournalRuleException.class, () -> journal.intend(foreign, BOT.getAddress()));
        assertTrue(e.getMessage().contains("not held by this bot"), e.getMessage());
    }

    @Test
    void statusOnlyMovesForward() throws Exception {
        Action a = journal.intend(ENROL, BOT.getAddress());
        JournalRuleException notSigned = assertThrows(JournalRuleException.class, () -> journal.markBroadcast(a.id(), TestChain.hash("anything")));
        assertTrue(notSigned.getMessage().contains("INTENDED and cannot become BROADCAST"), notSigned.getMessage());

        Action signed = journal.sign(a.id(), 0, TestChain.signer(BOT));
        String tx = signed.latest().orElseThrow().txHash();
        assertThrows(JournalRuleException.class, () -> journal.markBroadcast(a.id(), TestChain.hash("not our transaction")));
        assertEquals(ActionStatus.BROADCAST, journal.markBroadcast(a.id(), tx).status());
        assertEquals(ActionStatus.BROADCAST, journal.markBroadcast(a.id(), tx).status(), "a re-send stamps, it does not move");
        assertEquals(ActionStatus.CONFIRMED, journal.confirm(a.id(), tx).status());

        for (var step : List.<Step>of(() -> journal.markBroadcast(a.id(), tx), () -> journal.fail(a.id(), "late"),
                () -> journal.doneByOthers(a.id(), "late"), () -> journal.bump(a.id(), TestChain.signer(BOT, CHAIN_ID, 9_000_000_000L, 5_000_000_000L)))) {
            assertThrows(JournalRuleException.class, step::run);
        }
        assertEquals(ActionStatus.CONFIRMED, journal.get(a.id()).status());
        assertEquals(tx, journal.get(a.id()).confirmedTxHash().orElseThrow());

        Action closed = journal.intend(new ActionKey(CHAIN_ID, RELEASE, ActionKind.SETTLE, 2), BOT.getAddress());
        journal.doneByOthers(closed.id(), "settled by a keeper");
        JournalRuleException reopen = assertThrows(JournalRuleException.class, () -> journal.sign(closed.id(), 0, TestChain.signer(BOT)));
        assertTrue(reopen.getMessage().contains("DONE_BY_OTHERS and cannot become SIGNED"), reopen.getMessage());
    }

    @Test
    void theSchemaRefusesABackwardStatusOrUnjournaledBytesEvenFromRawSql() throws Exception {
        Action a = journal.intend(ENROL, BOT.getAddress());
        try (Connection c = TestChain.raw(file); Statement s = c.createStatement()) {
            SQLException noBytes = assertThrows(SQLException.class, () -> s.execute("UPDATE action SET status = 'SIGNED', nonce = 0 WHERE id = " + a.id()));
            assertTrue(noBytes.getMessage().contains("with its signed bytes before"), noBytes.getMessage());
        }
        Action signed = journal.sign(a.id(), 0, TestChain.signer(BOT));
        journal.confirm(a.id(), signed.latest().orElseThrow().txHash());
        try (Connection c = TestChain.raw(file); Statement s = c.createStatement()) {
            SQLException back = assertThrows(SQLException.class, () -> s.execute("UPDATE action SET status = 'SIGNED' WHERE id = " + a.id()));
            assertTrue(back.getMessage().contains("only move forward"), back.getMessage());
            SQLException rewrite = assertThrows(SQLException.class, () -> s.execute("UPDATE attempt SET raw_tx = x'00' WHERE action_id = " + a.id()));
            assertTrue(rewrite.getMessage().contains("never rewritten"), rewrite.getMessage());
        }
    }

    @Test
    void signedBytesAreStoredExactlyWithTheHashAndFeesTheyCarry() throws Exception {
        Action a = journal.intend(ENROL, BOT.getAddress());
        byte[] expected = TestChain.signer(BOT).sign(0);
        Action signed = journal.sign(a.id(), 0, TestChain.signer(BOT));
        Attempt at = signed.latest().orElseThrow();
        assertArrayEquals(expected, at.rawTransaction(), "RFC 6979 signing is deterministic: the same bytes");
        assertEquals(Hash.sha3(Numeric.toHexString(expected)), at.txHash());
        assertEquals(2_000_000_000L, at.maxFeePerGas().longValueExact());
        assertEquals(1_000_000_000L, at.maxPriorityFeePerGas().longValueExact());
        assertEquals(0, signed.nonce().getAsLong());
        assertEquals(signed, journal.sign(a.id(), 5, TestChain.signer(BOT)), "signing again returns the action as signed, with its nonce");
    }

    @Test
    void bytesForAnotherNonceChainOrAccountAreRefusedAndNothingIsTaken() throws Exception {
        Action a = journal.intend(ENROL, BOT.getAddress());
        TransactionSigner wrongNonce = n -> TestChain.signer(BOT).sign(n + 1);
        TransactionSigner wrongChain = TestChain.signer(BOT, 1, 2_000_000_000L, 1_000_000_000L);
        TransactionSigner wrongAccount = TestChain.signer(TestChain.account("thief"));
        TransactionSigner notATransaction = n -> new byte[] {1, 2, 3};
        for (TransactionSigner bad : List.of(wrongNonce, wrongChain, wrongAccount, notATransaction)) {
            assertThrows(JournalRuleException.class, () -> journal.sign(a.id(), 0, bad));
            Action unchanged = journal.get(a.id());
            assertEquals(ActionStatus.INTENDED, unchanged.status());
            assertTrue(unchanged.nonce().isEmpty() && unchanged.attempts().isEmpty());
        }
        GeneralSecurityException refused = new GeneralSecurityException("the wallet is locked");
        assertEquals(refused, assertThrows(GeneralSecurityException.class, () -> journal.sign(a.id(), 0, n -> {
            throw refused;
        })), "the signer's own failure reaches the caller unchanged");
        assertEquals(0, journal.sign(a.id(), 0, TestChain.signer(BOT)).nonce().getAsLong(), "no nonce was used up by the refusals");
    }

    @Test
    void aFeeBumpReplacesOnTheSameNonceWithHigherFeesAndKeepsEveryAttempt() throws Exception {
        Action a = journal.intend(ENROL, BOT.getAddress());
        journal.sign(a.id(), 4, TestChain.signer(BOT));
        journal.markBroadcast(a.id(), journal.get(a.id()).latest().orElseThrow().txHash());
        JournalRuleException notHigher = assertThrows(JournalRuleException.class,
                () -> journal.bump(a.id(), TestChain.signer(BOT, CHAIN_ID, 3_000_000_000L, 1_000_000_000L)));
        assertTrue(notHigher.getMessage().contains("must raise both fees"), notHigher.getMessage());
        Action bumped = journal.bump(a.id(), TestChain.signer(BOT, CHAIN_ID, 2_200_000_000L, 1_100_000_000L));
        assertEquals(ActionStatus.BROADCAST, bumped.status());
        assertEquals(2, bumped.attempts().size());
        assertEquals(4, bumped.nonce().getAsLong());
        assertEquals(List.of(1, 2), bumped.attempts().stream().map(Attempt::seq).toList());
        assertTrue(bumped.latest().orElseThrow().broadcastAt().isEmpty(), "the replacement is not sent yet");
        assertEquals(ActionStatus.CONFIRMED, journal.confirm(a.id(), bumped.attempts().get(0).txHash()).status(), "the first attempt may be the one mined");
    }

    @Test
    void pendingResendsListsEverySignedOrBroadcastActionWithItsExactBytes() throws Exception {
        String[] releases = {RELEASE, TestChain.address("release-2"), TestChain.address("release-3"), TestChain.address("release-4")};
        for (int i = 1; i < releases.length; i++) store.releases().hold(CHAIN_ID, releases[i], FACTORY, 0, ReleaseState.FUNDED);
        Action intended = journal.intend(new ActionKey(CHAIN_ID, releases[0], ActionKind.ENROL, 2), BOT.getAddress());
        Action signed = journal.sign(journal.intend(new ActionKey(CHAIN_ID, releases[1], ActionKind.PUBLISH_SHARE, 0), BOT.getAddress()).id(), 0, TestChain.signer(BOT));
        Action sent = journal.sign(journal.intend(new ActionKey(CHAIN_ID, releases[2], ActionKind.PUBLISH_SHARE, 0), BOT.getAddress()).id(), 0, TestChain.signer(BOT));
        sent = journal.markBroadcast(sent.id(), sent.latest().orElseThrow().txHash());
        Action done = journal.sign(journal.intend(new ActionKey(CHAIN_ID, releases[3], ActionKind.PUBLISH_SHARE, 0), BOT.getAddress()).id(), 0, TestChain.signer(BOT));
        journal.confirm(done.id(), done.latest().orElseThrow().txHash());
        store.close();

        store = KeyholderStore.open(file);
        journal = store.journal();
        List<Action> pending = journal.pendingResends();
        assertEquals(List.of(signed.id(), sent.id()), pending.stream().map(Action::id).toList(), "by nonce; not the intended nor the confirmed " + intended.id());
        assertArrayEquals(signed.latest().orElseThrow().rawTransaction(), pending.get(0).latest().orElseThrow().rawTransaction());
        assertArrayEquals(sent.latest().orElseThrow().rawTransaction(), pending.get(1).latest().orElseThrow().rawTransaction());
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
