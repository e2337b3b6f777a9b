package org.unveil.eth;

import java.util.Arrays;
import org.unveil.archive.keys.ReleaseKey;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;

/**
 * The EIP-712 messages a release key signs (spec/release-protocol.md section 7), computed locally
 * so a keyholder knows what it signs without trusting the contract's digest views, and signed as
 * 65-byte {@code r || s || v} with low s and v in {27, 28}, the only form the contract accepts.
 */
public final class ReleaseSignatures {
    private static final byte[] ACCEPTANCE_TYPE = Eip712.keccak("Acceptance(address keyholder,uint256 slot,bytes32 termsHash)");
    private static final byte[] LEAK_PROOF_TYPE = Eip712.keccak("LeakProof(uint256 chainId,address release,address keyholder,address beneficiary)");

    private ReleaseSignatures() {}

    /** The domain separator of the release clone at {@code release} on {@code chainId}. */
    public static byte[] domainSeparator(long chainId, String release) {
        return Eip712.domainSeparator("Unveil Release", "1", chainId, release);
    }

    /** What the release key of {@code slot} signs to enrol {@code keyholder} on the terms of {@code termsHash} ({@link ReleaseParams#termsHash}). */
    public static byte[] acceptanceDigest(long chainId, String release, String keyholder, int slot, byte[] termsHash) {
        byte[] struct = Eip712.hash(ACCEPTANCE_TYPE, Eip712.address(keyholder), Eip712.word(slot), Eip712.bytes32(termsHash));
        return Eip712.digest(domainSeparator(chainId, release), struct);
    }

    /** What a leaked release key of {@code keyholder} signs to prove the leak for {@code beneficiary}. */
    public static byte[] leakProofDigest(long chainId, String release, String keyholder, String beneficiary) {
        byte[] struct = Eip712.hash(LEAK_PROOF_TYPE, Eip712.word(chainId), Eip712.address(release), Eip712.address(keyholder),
                Eip712.address(beneficiary));
        return Eip712.digest(domainSeparator(chainId, release), struct);
    }

    /**
     * The commitment {@code committer} makes in the registry before revealing an accusation (spec
     * release-protocol §6.3): {@code keccak256(abi.encode(release, slot, beneficiary, keccak256(leakProof), salt, committer))}.
     * It hides which release and slot it is about.
     */
    public static byte[] accusationCommitment(String release, int slot, String beneficiary, byte[] leakProof, byte[] salt, String committer) {
        return Eip712.hash(Eip712.address(release), Eip712.word(slot), Eip712.address(beneficiary), Hash.sha3(leakProof),
                Eip712.bytes32(salt), Eip712.address(committer));
    }

    /** Signs a 32-byte digest with {@code key}: {@code r || s || v}, s low, v 27 or 28. */
    public static byte[] sign(byte[] digest32, ReleaseKey key) {
        byte[] k = key.bytes();
        try {
            return Eip712.sign(digest32, ECKeyPair.create(k));
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }
}
