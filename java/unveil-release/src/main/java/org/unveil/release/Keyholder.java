package org.unveil.release;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.unveil.archive.ArchiveReader;
import org.unveil.archive.Inspection;
import org.unveil.archive.Manifest;
import org.unveil.archive.keys.Commitments;
import org.unveil.archive.keys.FeldmanVss;
import org.unveil.archive.keys.KeyException;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.unveil.archive.keys.SecretShare;
import org.unveil.archive.keys.ShareContext;
import org.unveil.archive.keys.ShareEnvelope;
import org.unveil.eth.Chain;
import org.unveil.eth.ContractCall;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.ReleaseSignatures;
import org.unveil.eth.ReleaseState;
import org.unveil.eth.Slot;
import org.unveil.eth.TransactionSender;
import org.unveil.eth.keys.ReleaseKeyDerivation;
import org.unveil.ipfs.Cid;
import org.unveil.release.internal.ArchiveMatch;
import org.web3j.crypto.Credentials;

/**
 * A keyholder's steps: derive its release key, open and verify its share before it accepts any
 * liability, enrol, and publish the share once funded (spec/release-protocol.md sections 4 and
 * 6.1). Before enrolling it checks that the archive is the one the contract names (manifest hash,
 * commitments, secret address, terms), that every share address on chain is the one the
 * commitments give (else M published shares could never recombine on chain), that the terms are
 * within its {@link KeyholderPolicy}, and that its own share opens and lies on the commitments;
 * any failure is a {@link RefusedException} saying why.
 */
public final class Keyholder {
    private final Chain chain;
    private final KeyholderPolicy policy;

    public Keyholder(Chain chain, KeyholderPolicy policy) {
        this.chain = Objects.requireNonNull(chain, "chain required");
        this.policy = Objects.requireNonNull(policy, "policy required");
    }

    /** The release key k for {@code request}, derived from the wallet's signature (spec/keys.md section 4). */
    public static ReleaseKey deriveKey(Credentials wallet, ReleaseKeyRequest request) throws KeyException {
        return ReleaseKeyDerivation.derive(wallet, request);
    }

    /**
     * The release's archive: {@code file} if given, else fetched by the CID the contract records
     * from {@code gateways} (close the result to delete the temporary copy).
     */
    public static FetchedArchive archive(ReleaseClient release, Path file, Gateways gateways) throws IOException {
        if (file != null) return FetchedArchive.local(file);
        if (gateways == null) throw new IllegalArgumentException("give the release's archive, or gateways to fetch it from");
        return gateways.fetch(Cid.fromBytes(release.params().archiveCid()));
    }

    /**
     * Everything a keyholder checks before enrolling, and its share of {@code slot} opened (the
     * caller destroys it). {@code refusal} ends each reason ("refusing to enrol", "not publishing").
     */
    public SecretShare openShare(Path archive, ReleaseClient release, int slot, ReleaseKey key, String refusal) throws IOException, GeneralSecurityException {
        return openShare(ArchiveReader.inspect(archive), release, slot, key, refusal);
    }

    /** As {@link #openShare(Path, ReleaseClient, int, ReleaseKey, String)}, for an archive inspected already. */
    public SecretShare openShare(Inspection insp, ReleaseClient release, int slot, ReleaseKey key, String refusal) throws IOException, GeneralSecurityException {
        ReleaseParams p = release.params();
        Slot s = release.slot(slot);
        if (!s.releaseKey().equalsIgnoreCase(key.address())) {
            throw new RefusedException("slot " + slot + " is for release key " + s.releaseKey() + ", but the given release key is that of "
                    + key.address() + ": pick your own slot; " + refusal);
        }
        long chainId = chain.chainId();
        for (ArchiveMatch.Check c : ArchiveMatch.checks(insp, p, chainId, release.address(), release.artistFee())) {
            if (!c.passed()) throw new RefusedException(c.reason() + ", " + refusal);
        }
        Manifest m = insp.manifest();
        int group = p.groupOfSlot(slot);
        int identifier = slot - p.firstSlotOfGroup(group) + 1;
        HexFormat hex = HexFormat.of();
        Manifest.Share share = m.groups().get(group).shares().stream().filter(x -> x.identifier() == identifier).findFirst()
                .orElseThrow(() -> new RefusedException("the archive has no share " + identifier + " in group " + group + " for slot " + slot + ", " + refusal));
        if (!share.keyholder().equalsIgnoreCase(hex.formatHex(key.publicKey()))) {
            throw new RefusedException("share " + identifier + " of group " + group + " is sealed to another release key, " + refusal);
        }
        ShareContext ctx = new ShareContext(chainId, m.terms().factory(), release.address(), hex.parseHex(m.secret().publicKey()), group, identifier);
        SecretShare opened;
        try {
            opened = ShareEnvelope.open(hex.parseHex(share.ciphertext()), key, ctx);
        } catch (GeneralSecurityException e) {
            throw refused("share " + identifier + " of group " + group + " does not open with this release key: " + e.getMessage() + ", " + refusal, e);
        }
        try {
            FeldmanVss.verify(opened, Commitments.fromHex(m.groups().get(group).commitments()));
            String address = FeldmanVss.addressOf(opened);
            if (!address.equalsIgnoreCase(p.shareAddresses().get(slot))) {
                throw new RefusedException("the share opened from the archive has address " + address + " but slot " + slot + " expects "
                        + p.shareAddresses().get(slot) + ", " + refusal);
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            opened.destroy();
            throw e instanceof RefusedException r ? r : refused("the share of slot " + slot + " does not lie on its group's commitments: " + e.getMessage()
                    + ", " + refusal, e);
        }
        return opened;
    }

    private static RefusedException refused(String reason, Exception cause) {
        RefusedException r = new RefusedException(reason);
        r.initCause(cause);
        return r;
    }

    /**
     * Takes {@code slot} for {@code keyholder} (the sender's account, or the keyholder it operates
     * for): the checks of {@link #enrolCall}, then, for a token release, the deposit's approval, then
     * the enrolment.
     *
     * @param archive the release's archive; null only to skip the archive checks (tests and terms-only flows)
     */
    public List<Transaction> enrol(TransactionSender sender, ReleaseClient release, int slot, String keyholder, ReleaseKey key, Path archive)
            throws IOException, GeneralSecurityException {
        ContractCall call = enrolCall(release, slot, keyholder, key, archive);
        List<Transaction> txs = new ArrayList<>();
        release.approvePayment(sender, release.params().deposit()).ifPresent(r -> txs.add(new Transaction("approve", r)));
        txs.add(new Transaction("enrol", sender.send(call)));
        return txs;
    }

    /**
     * Every check before taking {@code slot}, and the enrolment call they allow: the release must be
     * Enrolling, its terms within the policy, the archive and share must verify ({@link #openShare});
     * the EIP-712 acceptance is signed by the release key after checking the locally computed digest
     * equals the contract's. For a token release the deposit must be approved before the call is
     * sent ({@link ReleaseClient#approvePayment}).
     *
     * @param archive the release's archive; null only to skip the archive checks (tests and terms-only flows)
     */
    public ContractCall enrolCall(ReleaseClient release, int slot, String keyholder, ReleaseKey key, Path archive)
            throws IOException, GeneralSecurityException {
        return enrolCall(release, slot, keyholder, key, archive == null ? null : ArchiveReader.inspect(archive));
    }

    /** As {@link #enrolCall(ReleaseClient, int, String, ReleaseKey, Path)}, for an archive inspected already. */
    public ContractCall enrolCall(ReleaseClient release, int slot, String keyholder, ReleaseKey key, Inspection archive)
            throws IOException, GeneralSecurityException {
        ReleaseParams p = release.params();
        ReleaseState state = release.state();
        if (state != ReleaseState.ENROLLING) {
            throw new RefusedException("release is in state " + state.label() + ", expected Enrolling: too late to enrol");
        }
        policy.check(p, chain.latestBlockTime());
        Slot s = release.slot(slot);
        if (!s.releaseKey().equalsIgnoreCase(key.address())) {
            throw new RefusedException("slot " + slot + " is for release key " + s.releaseKey() + ", but the given release key is that of "
                    + key.address() + "; pick your own slot");
        }
        if (archive != null) openShare(archive, release, slot, key, "refusing to enrol").destroy();
        // The acceptance signs the hash of every term checked above, computed here, so a contract
        // that reports one set of terms and holds another cannot get this key's signature.
        byte[] terms = p.termsHash(release.artist());
        if (!MessageDigest.isEqual(terms, release.termsHash())) {
            throw new RefusedException("the contract's terms hash differs from the hash of the terms it reports: refusing to sign");
        }
        byte[] digest = ReleaseSignatures.acceptanceDigest(chain.chainId(), release.address(), keyholder, slot, terms);
        if (!MessageDigest.isEqual(digest, release.acceptanceDigest(slot, keyholder))) {
            throw new RefusedException("the contract's acceptance digest differs from the one computed from its parameters: refusing to sign");
        }
        return release.enrolCall(slot, keyholder, ReleaseSignatures.sign(digest, key), p.deposit());
    }

    /** The share published by {@link #publishShare}, and its transaction. */
    public record Published(int slot, String shareAddress, Transaction transaction) {}

    /**
     * Publishes the share of {@code slot} once the release is Funded (or already Released): opened
     * from the archive and checked as for enrolment, and against the slot's share address. The
     * share is public once broadcast; the release key never leaves this process.
     */
    public Published publishShare(TransactionSender sender, ReleaseClient release, int slot, ReleaseKey key, Path archive)
            throws IOException, GeneralSecurityException {
        ShareCall call = publishShareCall(release, slot, key, archive);
        return new Published(slot, call.shareAddress(), new Transaction("publishShare", sender.send(call.call())));
    }

    /** The publication call of a share checked by {@link #publishShareCall}, and the share's address. */
    public record ShareCall(ContractCall call, String shareAddress) {}

    /**
     * The share of {@code slot} opened and checked as for {@link #publishShare}, as the call that
     * publishes it: for a caller that journals the signed transaction before sending it. The call
     * data holds the share, which is public once broadcast.
     */
    public ShareCall publishShareCall(ReleaseClient release, int slot, ReleaseKey key, Path archive) throws IOException, GeneralSecurityException {
        return publishShareCall(release, slot, key, ArchiveReader.inspect(archive));
    }

    /** As {@link #publishShareCall(ReleaseClient, int, ReleaseKey, Path)}, for an archive inspected already. */
    public ShareCall publishShareCall(ReleaseClient release, int slot, ReleaseKey key, Inspection archive) throws IOException, GeneralSecurityException {
        ReleaseState state = release.state();
        if (state != ReleaseState.FUNDED && state != ReleaseState.RELEASED) {
            throw new RefusedException("release is in state " + state.label() + ", expected Funded or Released: not publishing the share");
        }
        SecretShare share = openShare(archive, release, slot, key, "not publishing");
        try {
            return new ShareCall(release.publishShareCall(slot, share), FeldmanVss.addressOf(share));
        } finally {
            share.destroy();
        }
    }
}
