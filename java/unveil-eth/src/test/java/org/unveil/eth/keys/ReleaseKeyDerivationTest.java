package org.unveil.eth.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.unveil.archive.keys.KeyException;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseKeyRequest;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

class ReleaseKeyDerivationTest {
    private static final BigInteger N = Sign.CURVE_PARAMS.getN();
    static final Credentials WALLET = Credentials.create("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    static final String FACTORY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    static final String RELEASE = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";

    static ReleaseKeyRequest request() {
        return ReleaseKeyRequest.of(31337, FACTORY, RELEASE, WALLET.getAddress());
    }

    @Test
    void sameWalletAndRequestGiveTheSameKey() throws Exception {
        ReleaseKey a = ReleaseKeyDerivation.derive(WALLET, request());
        ReleaseKey b = ReleaseKeyDerivation.derive(TypedDataSigner.local(WALLET), request());
        assertEquals(a, b);
        assertNotEquals(WALLET.getAddress(), a.address(), "the release key is not the wallet key");
    }

    @Test
    void everyFieldAndThePhraseChangeTheKey() throws Exception {
        String k = WALLET.getAddress();
        List<ReleaseKeyRequest> variants = List.of(
                request(),
                new ReleaseKeyRequest(1, FACTORY, RELEASE, k, null, null),
                new ReleaseKeyRequest(31337, RELEASE, RELEASE, k, null, null),
                new ReleaseKeyRequest(31337, FACTORY, FACTORY, k, null, null),
                new ReleaseKeyRequest(31337, FACTORY, RELEASE, k, "backup", null),
                new ReleaseKeyRequest(31337, FACTORY, RELEASE, k, null, "correct horse"),
                new ReleaseKeyRequest(31337, FACTORY, RELEASE, k, null, "correct horse "));
        Set<String> addresses = new HashSet<>();
        for (ReleaseKeyRequest r : variants) addresses.add(ReleaseKeyDerivation.derive(WALLET, r).address());
        assertEquals(variants.size(), addresses.size());
    }

    @Test
    void emptyPhraseIsNoPhraseAndPhraseIsNfcNormalised() throws Exception {
        String k = WALLET.getAddress();
        assertEquals(ReleaseKeyDerivation.derive(WALLET, request()),
                ReleaseKeyDerivation.derive(WALLET, new ReleaseKeyRequest(31337, FACTORY, RELEASE, k, "", "")));
        ReleaseKey composed = ReleaseKeyDerivation.derive(WALLET, new ReleaseKeyRequest(31337, FACTORY, RELEASE, k, null, "caf\u00e9"));
        ReleaseKey decomposed = ReleaseKeyDerivation.derive(WALLET, new ReleaseKeyRequest(31337, FACTORY, RELEASE, k, null, "cafe\u0301"));
        assertEquals(composed, decomposed);
    }

    @Test
    void typedDataHashIsWeb3jsEip712HashOfTheJson() throws Exception {
        String json = ReleaseKeyDerivation.typedDataJson(request());
        assertArrayEquals(new StructuredDataEncoder(json).hashStructuredData(), ReleaseKeyDerivation.typedDataHash(request()));
        assertTrue(json.contains("\"primaryType\":\"ReleaseKey\""), json);
        assertTrue(json.contains(ReleaseKeyTypedData.NOTICE));
    }

    @Test
    void randomisingWalletIsRefused() {
        TypedDataSigner randomising = new TypedDataSigner() {
            private final SecureRandom rnd = new SecureRandom();

            @Override
            public String address() {
                return WALLET.getAddress();
            }

            @Override
            public byte[] signTypedData(String json) {
                // A valid signature with a random nonce k, as some wallets make.
                byte[] hash = ReleaseKeyDerivation.typedDataHash(request());
                BigInteger d = WALLET.getEcKeyPair().getPrivateKey();
                BigInteger k = new BigInteger(256, rnd).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
                BigInteger r = Sign.publicPointFromPrivate(k).normalize().getAffineXCoord().toBigInteger().mod(N);
                BigInteger s = k.modInverse(N).multiply(new BigInteger(1, hash).add(r.multiply(d))).mod(N);
                return withRecoveryId(r, s, hash);
            }
        };
        KeyException e = assertThrows(KeyException.class, () -> ReleaseKeyDerivation.derive(randomising, request()));
        assertTrue(e.getMessage().contains("two different signatures"), e.getMessage());
    }

    @Test
    void highSAndEveryVEncodingGiveTheSameKey() throws Exception {
        byte[] sig = TypedDataSigner.local(WALLET).signTypedData(ReleaseKeyDerivation.typedDataJson(request()));
        ReleaseKey expected = ReleaseKeyDerivation.derive(WALLET, request());
        assertEquals(expected, ReleaseKeyDerivation.fromSignature(request(), sig));
        byte[] v01 = sig.clone();
        v01[64] -= 27;
        assertEquals(expected, ReleaseKeyDerivation.fromSignature(request(), v01));
        byte[] high = sig.clone();
        BigInteger s = N.subtract(new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64)));
        System.arraycopy(Numeric.toBytesPadded(s, 32), 0, high, 32, 32);
        high[64] = (byte) (sig[64] == 27 ? 28 : 27);
        assertEquals(expected, ReleaseKeyDerivation.fromSignature(request(), high));
    }

    @Test
    void signatureOfAnotherAccountOrRequestIsRefused() throws Exception {
        Credentials other = Credentials.create(ECKeyPair.create(BigInteger.valueOf(12345)));
        byte[] byOther = TypedDataSigner.local(other).signTypedData(ReleaseKeyDerivation.typedDataJson(request()));
        KeyException e = assertThrows(KeyException.class, () -> ReleaseKeyDerivation.fromSignature(request(), byOther));
        assertTrue(e.getMessage().contains(other.getAddress()), e.getMessage());
        ReleaseKeyRequest otherChain = ReleaseKeyRequest.of(1, FACTORY, RELEASE, WALLET.getAddress());
        byte[] forOtherChain = TypedDataSigner.local(WALLET).signTypedData(ReleaseKeyDerivation.typedDataJson(otherChain));
        assertThrows(KeyException.class, () -> ReleaseKeyDerivation.fromSignature(request(), forOtherChain));
        byte[] badV = forOtherChain.clone();
        badV[64] = 29;
        assertThrows(KeyException.class, () -> ReleaseKeyDerivation.fromSignature(otherChain, badV));
        assertThrows(KeyException.class, () -> ReleaseKeyDerivation.fromSignature(otherChain, new byte[65]));
        assertThrows(KeyException.class, () -> ReleaseKeyDerivation.fromSignature(otherChain, new byte[64]));
    }

    @Test
    void walletThatIsNotTheKeyholderIsRefused() {
        ReleaseKeyRequest forSomeoneElse = ReleaseKeyRequest.of(31337, FACTORY, RELEASE, RELEASE);
        KeyException e = assertThrows(KeyException.class, () -> ReleaseKeyDerivation.derive(WALLET, forSomeoneElse));
        assertTrue(e.getMessage().contains(RELEASE), e.getMessage());
    }

    @Test
    void requestValidatesAndHidesThePhrase() {
        assertThrows(IllegalArgumentException.class, () -> ReleaseKeyRequest.of(0, FACTORY, RELEASE, RELEASE));
        assertThrows(IllegalArgumentException.class, () -> ReleaseKeyRequest.of(1, "0x12", RELEASE, RELEASE));
        assertThrows(IllegalArgumentException.class, () -> ReleaseKeyRequest.of(1, FACTORY, RELEASE, "nope"));
        ReleaseKeyRequest r = new ReleaseKeyRequest(1, FACTORY, RELEASE, RELEASE, " ", "hunter2");
        assertEquals("keyholder", r.purpose());
        assertFalse(r.toString().contains("hunter2"));
    }

    static byte[] withRecoveryId(BigInteger r, BigInteger s, byte[] hash) {
        if (s.compareTo(N.shiftRight(1)) > 0) s = N.subtract(s);
        for (int recId = 0; recId < 2; recId++) {
            BigInteger pub = Sign.recoverFromSignature(recId, new org.web3j.crypto.ECDSASignature(r, s), hash);
            if (WALLET.getEcKeyPair().getPublicKey().equals(pub)) {
                byte[] out = new byte[65];
                System.arraycopy(Numeric.toBytesPadded(r, 32), 0, out, 0, 32);
                System.arraycopy(Numeric.toBytesPadded(s, 32), 0, out, 32, 32);
                out[64] = (byte) (27 + recId);
                return out;
            }
        }
        throw new AssertionError("no recovery id");
    }
}
