package org.unveil.eth;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.unveil.archive.keys.ReleaseKey;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * The EIP-712 messages a release key signs (spec/release-protocol.md section 7), computed locally
 * so a keyholder knows what it signs without trusting the contract's digest views, and signed as
 * 65-byte {@code r || s || v} with low s and v in {27, 28}, the only form the contract accepts.
 */
public final class ReleaseSignatures {
    private static final byte[] DOMAIN_TYPE = typeHash("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    private static final byte[] ACCEPTANCE_TYPE = typeHash("Acceptance(address keyholder,uint256 slot,bytes32 termsHash)");
    private static final byte[] LEAK_PROOF_TYPE = typeHash("LeakProof(uint256 chainId,address release,address keyholder,address beneficiary)");
    private static final byte[] NAME = typeHash("Unveil Release");
    private static final byte[] VERSION = typeHash("1");

    private ReleaseSignatures() {}

    /** The domain separator of the release clone at {@code release} on {@code chainId}. */
    public static byte[] domainSeparator(long chainId, String release) {
        return Hash.sha3(concat(DOMAIN_TYPE, NAME, VERSION, word(BigInteger.valueOf(chainId)), address(release)));
    }

    /** What the release key of {@code slot} signs to enrol {@code keyholder} on the terms of {@code termsHash} ({@link ReleaseParams#termsHash}). */
    public static byte[] acceptanceDigest(long chainId, String release, String keyholder, int slot, byte[] termsHash) {
        byte[] struct = Hash.sha3(concat(ACCEPTANCE_TYPE, address(keyholder), word(BigInteger.valueOf(slot)), bytes32(termsHash)));
        return digest(domainSeparator(chainId, release), struct);
    }

    /** What a leaked release key of {@code keyholder} signs to prove the leak for {@code beneficiary}. */
    public static byte[] leakProofDigest(long chainId, String release, String keyholder, String beneficiary) {
        byte[] struct = Hash.sha3(concat(LEAK_PROOF_TYPE, word(BigInteger.valueOf(chainId)), address(release), address(keyholder), address(beneficiary)));
        return digest(domainSeparator(chainId, release), struct);
    }

    /**
     * The commitment {@code committer} makes in the registry before revealing an accusation (spec
     * release-protocol §6.3): {@code keccak256(abi.encode(release, slot, beneficiary, keccak256(leakProof), salt, committer))}.
     * It hides which release and slot it is about.
     */
    public static byte[] accusationCommitment(String release, int slot, String beneficiary, byte[] leakProof, byte[] salt, String committer) {
        return Hash.sha3(concat(address(release), word(BigInteger.valueOf(slot)), address(beneficiary), Hash.sha3(leakProof), bytes32(salt),
                address(committer)));
    }

    /** Signs a 32-byte digest with {@code key}: {@code r || s || v}, s low, v 27 or 28. */
    public static byte[] sign(byte[] digest32, ReleaseKey key) {
        if (digest32.length != 32) throw new IllegalArgumentException("digest must be 32 bytes, got " + digest32.length);
        byte[] k = key.bytes();
        try {
            Sign.SignatureData sig = Sign.signMessage(digest32, ECKeyPair.create(k), false);
            byte[] out = new byte[65];
            System.arraycopy(sig.getR(), 0, out, 0, 32);
            System.arraycopy(sig.getS(), 0, out, 32, 32);
            out[64] = sig.getV()[0];
            return out;
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    private static byte[] digest(byte[] domain, byte[] struct) {
        return Hash.sha3(concat(new byte[] {0x19, 0x01}, domain, struct));
    }

    private static byte[] typeHash(String s) {
        return Hash.sha3(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] word(BigInteger v) {
        return Numeric.toBytesPadded(v, 32);
    }

    private static byte[] address(String a) {
        return word(Numeric.toBigInt(Addresses.checked(a, "address")));
    }

    private static byte[] bytes32(byte[] b) {
        if (b.length != 32) throw new IllegalArgumentException("expected 32 bytes, got " + b.length);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
