package org.unveil.eth.keys;

import org.unveil.archive.keys.KeyException;
import org.web3j.crypto.Credentials;

/**
 * Something that signs EIP-712 typed data for one account, with the semantics of
 * {@code eth_signTypedData_v4}: a local key ({@link #local}), a wallet over JSON-RPC, a
 * hardware device, a bot's key service.
 */
public interface TypedDataSigner {

    /** The signing account, 0x-hex. */
    String address();

    /**
     * Signs the typed data given as its {@code eth_signTypedData_v4} JSON.
     *
     * @return 65 bytes {@code r || s || v} (v in {0, 1, 27, 28})
     * @throws KeyException if the signer refuses or fails
     */
    byte[] signTypedData(String typedDataJson) throws KeyException;

    /** The standard signer: a local private key (deterministic RFC 6979 signatures). */
    static TypedDataSigner local(Credentials credentials) {
        return new LocalTypedDataSigner(credentials);
    }
}
