package org.unveil.keyholder.engine;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.unveil.eth.BroadcastResult;
import org.unveil.eth.Chain;
import org.unveil.eth.ChainException;
import org.unveil.eth.ContractCall;
import org.unveil.eth.ContractRevertException;
import org.unveil.eth.TransactionSender;
import org.unveil.eth.TransactionSender.Fees;
import org.unveil.keyholder.store.Action;
import org.unveil.keyholder.store.ActionJournal;
import org.unveil.keyholder.store.ActionKey;
import org.unveil.keyholder.store.ActionKind;
import org.unveil.keyholder.store.ActionStatus;
import org.unveil.keyholder.store.Attempt;
import org.unveil.keyholder.store.StoreException;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Takes a journaled action from intent to a final status by the rules of spec/keyholder-daemon.md
 * section 3: the nonce and the signed bytes are stored in one transaction before anything is sent;
 * the stored bytes are sent again, unchanged, until they (or a fee bump of them, on the same nonce)
 * are mined and deep enough; a mined revert ends the action as FAILED with the contract's reason.
 * Every step is safe to repeat, which is what makes a restart after a crash at any point harmless.
 */
final class ActionRunner {
    /** How the reason of an action whose transaction was mined and reverted begins: such a step may be tried again in a new round. */
    static final String REVERTED = "reverted on chain: ";
    private static final System.Logger LOG = System.getLogger("unveil.keyholder.actions");
    private final Chain chain;
    private final TransactionSender sender;
    private final ActionJournal journal;
    private final RunnerOptions options;
    private final Clock clock;
    private final Checkpoint checkpoint;

    ActionRunner(Chain chain, TransactionSender sender, ActionJournal journal, RunnerOptions options, Clock clock, Checkpoint checkpoint) {
        this.chain = chain;
        this.sender = sender;
        this.journal = journal;
        this.options = options;
        this.clock = clock;
        this.checkpoint = checkpoint;
    }

    /** Simulates {@code call} from the bot's account; a gas limit for it, or the decoded revert. */
    BigInteger simulate(ContractCall call) throws ChainException {
        return sender.simulate(call);
    }

    String account() {
        return sender.address().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Does {@code key} by sending {@code call}, once ever: journals the intent (or finds the one
     * journaled before, whatever became of it), signs it for the account's next nonce with the
     * simulated {@code gasLimit}, and sends it. Returns the action as it then stands.
     */
    Action start(ActionKey key, ContractCall call, BigInteger gasLimit) throws StoreException, ChainException, GeneralSecurityException {
        Action a = journal.intend(key, account());
        checkpoint.reached(Checkpoint.Step.JOURNAL);
        if (a.status() == ActionStatus.INTENDED) {
            Fees fees = capped(sender.fees());
            a = journal.sign(a.id(), chain.pendingNonce(account()), nonce -> sender.sign(call, nonce, gasLimit, fees));
            checkpoint.reached(Checkpoint.Step.SIGN);
            LOG.log(System.Logger.Level.INFO, "{0}: signed for nonce {1}", key, a.nonce().getAsLong());
        }
        return advance(a, chain.blockNumber().longValueExact());
    }

    /**
     * One step of a SIGNED or BROADCAST action at chain head {@code head}: confirms it once one of its
     * attempts is mined {@code confirmations} deep (or fails it if that attempt reverted), else sends
     * its latest attempt again and, once that has waited {@link RunnerOptions#bumpAfter}, signs a fee
     * bump. Anything else is returned unchanged.
     */
    Action advance(Action a, long head) throws StoreException, ChainException, GeneralSecurityException {
        if (a.status() != ActionStatus.SIGNED && a.status() != ActionStatus.BROADCAST) return a;
        for (Attempt t : a.attempts()) {
            Optional<TransactionReceipt> mined = chain.receipt(t.txHash());
            if (mined.isEmpty()) continue;
            TransactionReceipt r = mined.get();
            if (head - r.getBlockNumber().longValueExact() + 1 < options.confirmations()) return a; // mined; wait until it is deep enough
            Action done;
            if (r.isStatusOK()) {
                done = journal.confirm(a.id(), t.txHash());
            } else {
                ContractRevertException why = sender.revertReason(callOf(t), r);
                String what = "transaction " + t.txHash() + " in block " + r.getBlockNumber() + ": " + why.getMessage();
                done = alreadyDone(a.key().kind(), why.errorName())
                        ? journal.doneByOthers(a.id(), "already done on chain (" + why.errorName() + "): " + what)
                        : journal.fail(a.id(), REVERTED + what);
            }
            checkpoint.reached(Checkpoint.Step.CONFIRM);
            LOG.log(System.Logger.Level.INFO, "{0}: {1} ({2}){3}", a.key(), done.status(), t.txHash(), done.reason().map(why -> ": " + why).orElse(""));
            return done;
        }
        Attempt last = a.latest().orElseThrow();
        BroadcastResult sent = chain.broadcast(last.rawTransaction());
        checkpoint.reached(Checkpoint.Step.BROADCAST);
        switch (sent) {
            case ACCEPTED -> {
                if (a.status() == ActionStatus.SIGNED || last.broadcastAt().isEmpty()) a = journal.markBroadcast(a.id(), last.txHash());
            }
            case NONCE_USED -> {
                // None of this action's attempts is mined (checked above), yet its nonce is: another
                // transaction of this account took it (a second daemon on the same key?). The action
                // cannot be sent any more; closing it keeps the account's nonces without a gap.
                if (chain.minedNonce(account()) > a.nonce().getAsLong()) {
                    LOG.log(System.Logger.Level.WARNING, "{0}: nonce {1} was used by a transaction this daemon did not sign; is another process using this key?",
                            a.key(), a.nonce().getAsLong());
                    return journal.fail(a.id(), "nonce " + a.nonce().getAsLong() + " of " + account()
                            + " was used by a transaction this daemon did not sign: run one daemon per key");
                }
            }
            case UNDERPRICED -> {
                return bump(a, last);
            }
        }
        if (Duration.between(last.createdAt(), clock.instant()).compareTo(options.bumpAfter()) >= 0) return bump(a, last);
        return a;
    }

    /**
     * Whether a mined revert says the step was done already (by another keeper, or an earlier round
     * of this bot): the samples drawn, the state moved on, the slot enrolled or published, the
     * deposit claimed by someone calling for it. Such an action counts as done, not failed.
     */
    static boolean alreadyDone(ActionKind kind, String error) {
        if (error == null) return false;
        return switch (kind) {
            case DRAW_SAMPLES -> error.equals("ReleaseSamplesAlreadyDrawn");
            case CANCEL, EXPIRE, SETTLE -> error.equals("ReleaseWrongState");
            case ENROL, PUBLISH_SHARE -> error.equals("ReleaseWrongSlotStatus");
            case CLAIM_DEPOSIT -> error.equals("ReleaseAlreadyClaimed");
        };
    }

    /** A replacement of {@code last} on the same nonce with both fees raised, unless that would pass the fee cap. */
    private Action bump(Action a, Attempt last) throws StoreException, ChainException, GeneralSecurityException {
        Fees previous = new Fees(last.maxFeePerGas(), last.maxPriorityFeePerGas());
        Fees now = sender.fees();
        Fees raised = previous.bumped(options.bumpPercent());
        Fees next = new Fees(raised.maxFeePerGas().max(now.maxFeePerGas()), raised.maxPriorityFeePerGas().max(now.maxPriorityFeePerGas()));
        if (next.maxFeePerGas().compareTo(options.maxFeePerGas()) > 0) {
            LOG.log(System.Logger.Level.WARNING, "{0}: not raising the fee above the cap of {1} wei per gas; waiting", a.key(), options.maxFeePerGas());
            return a;
        }
        ContractCall call = callOf(last);
        BigInteger gasLimit = decode(last).getGasLimit();
        Action bumped = journal.bump(a.id(), nonce -> sender.sign(call, nonce, gasLimit, next));
        checkpoint.reached(Checkpoint.Step.SIGN);
        Attempt latest = bumped.latest().orElseThrow();
        LOG.log(System.Logger.Level.INFO, "{0}: fee bump to {1} wei per gas ({2})", a.key(), next.maxFeePerGas(), latest.txHash());
        if (chain.broadcast(latest.rawTransaction()) == BroadcastResult.ACCEPTED) bumped = journal.markBroadcast(a.id(), latest.txHash());
        checkpoint.reached(Checkpoint.Step.BROADCAST);
        return bumped;
    }

    private Fees capped(Fees fees) {
        if (fees.maxFeePerGas().compareTo(options.maxFeePerGas()) <= 0) return fees;
        BigInteger cap = options.maxFeePerGas();
        return new Fees(cap, fees.maxPriorityFeePerGas().min(cap));
    }

    /** The call an attempt carries, read back from its own signed bytes (so a bump re-signs exactly it). */
    private static ContractCall callOf(Attempt t) {
        Transaction1559 tx = decode(t);
        return new ContractCall(tx.getTo(), tx.getData().startsWith("0x") ? tx.getData() : "0x" + tx.getData(), tx.getValue(), "journaled transaction " + t.txHash());
    }

    private static Transaction1559 decode(Attempt t) {
        RawTransaction raw = TransactionDecoder.decode(Numeric.toHexString(t.rawTransaction()));
        return (Transaction1559) raw.getTransaction();
    }
}
