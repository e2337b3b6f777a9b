package org.unveil.eth;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * EIP-712 hashing and strict signatures for the messages unveil-eth encodes field by field (strings,
 * arrays and nested structs passed in already hashed): the release's Acceptance and LeakProof
 * ({@link ReleaseSignatures}) and the hiring messages ({@code org.unveil.eth.hiring}), checked
 * against viem by their vectors. The release-key request is the exception: it goes to wallets as
 * {@code eth_signTypedData_v4} JSON, so web3j's {@code StructuredDataEncoder} hashes that same JSON.
 */
public final class Eip712 {
    private static final BigInteger N = Sign.CURVE_PARAMS.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);
    private static final byte[] DOMAIN_TYPE = keccak("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    private Eip712() {}

    /** {@code keccak256(UTF-8(s))}: a type hash, or the encoding of a {@code string} field. */
    public static byte[] keccak(String s) {
        return Hash.sha3(s.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code keccak256(a ‖ b ‖ …)}: {@code hashStruct} of already encoded words, or an array's encoding. */
    public static byte[] hash(byte[]... words) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] w : words) out.writeBytes(w);
        return Hash.sha3(out.toByteArray());
    }

    /** An unsigned integer as one 32-byte word. */
    public static byte[] word(BigInteger v) {
        if (v.signum() < 0 || v.bitLength() > 256) throw new IllegalArgumentException("not a uint256: " + v);
        return Numeric.toBytesPadded(v, 32);
    }

    public static byte[] word(long v) {
        return word(BigInteger.valueOf(v));
    }

    /** An address as one word (0x + 40 hex digits, any case). */
    public static byte[] address(String a) {
        return word(Numeric.toBigInt(Addresses.checked(a, "address")));
    }

    public static byte[] bytes32(byte[] b) {
        if (b.length != 32) throw new IllegalArgumentException("expected 32 bytes, got " + b.length);
        return b.clone();
    }

    /** The separator of {@code EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)}. */
    public static byte[] domainSeparator(String name, String version, long chainId, String verifyingContract) {
        return hash(DOMAIN_TYPE, keccak(name), keccak(version), word(chainId), address(verifyingContract));
    }

    /** {@code keccak256(0x1901 ‖ domainSeparator ‖ structHash)}, what is signed. */
    public static byte[] digest(byte[] domainSeparator, byte[] structHash) {
        return hash(new byte[] {0x19, 0x01}, bytes32(domainSeparator), bytes32(structHash));
    }

    /** Signs a 32-byte digest: {@code r ‖ s ‖ v}, s low, v 27 or 28 (the only form the contracts accept). */
    public static byte[] sign(byte[] digest32, ECKeyPair key) {
        if (digest32.length != 32) throw new IllegalArgumentException("digest must be 32 bytes, got " + digest32.length);
        Sign.SignatureData sig = Sign.signMessage(digest32, key, false);
        byte[] out = new byte[65];
        System.arraycopy(sig.getR(), 0, out, 0, 32);
        System.arraycopy(sig.getS(), 0, out, 32, 32);
        out[64] = sig.getV()[0];
        return out;
    }

    /**
     * The address that made {@code signature} over {@code digest32}, in the strict form the contracts
     * accept: 65 bytes, r and s in [1, n-1], s at most n/2 (a high-s twin is the same signature
     * malleated, refused so a signature has one encoding), v 27 or 28.
     *
     * @throws IllegalArgumentException saying which rule the signature breaks
     */
    public static String recover(byte[] digest32, byte[] signature) {
        return "0x" + Keys.getAddress(recoverPoint(digest32, signature));
    }

    /**
     * The public key that made {@code signature}, compressed (33 bytes): how an artist learns a
     * bot's release public key, which its shares are sealed to, from the offer the key signed.
     * The same strict form as {@link #recover}.
     */
    public static byte[] recoverPublicKey(byte[] digest32, byte[] signature) {
        byte[] xy = Numeric.toBytesPadded(recoverPoint(digest32, signature), 64);
        byte[] compressed = new byte[33];
        compressed[0] = (byte) ((xy[63] & 1) == 0 ? 0x02 : 0x03);
        System.arraycopy(xy, 0, compressed, 1, 32);
        return compressed;
    }

    private static BigInteger recoverPoint(byte[] digest32, byte[] signature) {
        if (signature == null || signature.length != 65) {
            throw new IllegalArgumentException("a signature is 65 bytes r || s || v, got " + (signature == null ? "none" : signature.length));
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        int v = signature[64] & 0xff;
        if (r.signum() == 0 || r.compareTo(N) >= 0 || s.signum() == 0 || s.compareTo(N) >= 0) {
            throw new IllegalArgumentException("r or s is out of range: not a secp256k1 signature");
        }
        if (s.compareTo(HALF_N) > 0) throw new IllegalArgumentException("s is above n/2 (high-s): sign again with a low-s signer");
        if (v != 27 && v != 28) throw new IllegalArgumentException("v is " + v + ", expected 27 or 28");
        BigInteger publicKey = Sign.recoverFromSignature(v - 27, new ECDSASignature(r, s), digest32);
        if (publicKey == null) throw new IllegalArgumentException("the signature recovers no public key");
        return publicKey;
    }
}
