package org.unveil.eth.keys;

import java.io.IOException;
import java.util.Objects;
import org.unveil.archive.keys.KeyException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;

/** {@link TypedDataSigner} over a local web3j key pair. */
final class LocalTypedDataSigner implements TypedDataSigner {
    private final Credentials credentials;

    LocalTypedDataSigner(Credentials credentials) {
        this.credentials = Objects.requireNonNull(credentials, "wallet credentials required");
    }

    @Override
    public String address() {
        return credentials.getAddress();
    }

    @Override
    public byte[] signTypedData(String typedDataJson) throws KeyException {
        byte[] hash;
        try {
            hash = new StructuredDataEncoder(typedDataJson).hashStructuredData();
        } catch (IOException | RuntimeException e) {
            throw new KeyException("typed data could not be encoded: " + e.getMessage(), e);
        }
        Sign.SignatureData sig = Sign.signMessage(hash, credentials.getEcKeyPair(), false);
        byte[] out = new byte[65];
        System.arraycopy(sig.getR(), 0, out, 0, 32);
        System.arraycopy(sig.getS(), 0, out, 32, 32);
        out[64] = sig.getV()[0];
        return out;
    }

    @Override
    public String toString() {
        return "LocalTypedDataSigner[" + address() + "]";
    }
}
