package org.unveil.archive;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.unveil.archive.keys.Commitments;
import org.unveil.archive.keys.FeldmanVss;
import org.unveil.archive.keys.KeyException;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.archive.keys.SecretShare;
import org.unveil.archive.keys.ShareContext;
import org.unveil.archive.keys.ShareEnvelope;

/**
 * Rebuilds s from keyholder release keys (as published on chain after funding): each key opens the
 * shares sealed to it, and the first group with enough verified shares yields s, which is checked
 * against the manifest's S.
 */
public final class SecretRecovery {
    private SecretRecovery() {}

    public static ReleaseSecret fromReleaseKeys(Manifest manifest, List<ReleaseKey> keys) throws GeneralSecurityException {
        HexFormat hex = HexFormat.of();
        byte[] secretPublicKey = hex.parseHex(manifest.secret().publicKey());
        ReleaseChainContext terms = new ReleaseChainContext(manifest.terms());
        List<Exception> failures = new ArrayList<>();
        StringBuilder tally = new StringBuilder();
        for (int g = 0; g < manifest.groups().size(); g++) {
            Manifest.Group group = manifest.groups().get(g);
            List<SecretShare> opened = new ArrayList<>();
            try {
                for (Manifest.Share share : group.shares()) {
                    for (ReleaseKey key : keys) {
                        if (!hex.formatHex(key.publicKey()).equals(share.keyholder())) continue;
                        ShareContext ctx = new ShareContext(terms.chainId(), terms.factory(), terms.release(), secretPublicKey, g, share.identifier());
                        try {
                            opened.add(ShareEnvelope.open(hex.parseHex(share.ciphertext()), key, ctx));
                        } catch (KeyException e) {
                            failures.add(e);
                        }
                    }
                }
                if (opened.size() >= group.threshold()) {
                    ReleaseSecret s = FeldmanVss.combine(opened, Commitments.fromHex(group.commitments()));
                    if (!java.security.MessageDigest.isEqual(s.publicKey(), secretPublicKey)) {
                        s.destroy();
                        throw new InvalidKeyException("group " + g + " rebuilt a secret whose public key is not the manifest's S");
                    }
                    return s;
                }
                tally.append(tally.isEmpty() ? "" : ", ").append("group ").append(g).append(": ").append(opened.size()).append(" of ").append(group.threshold());
            } finally {
                opened.forEach(SecretShare::destroy);
            }
        }
        InvalidKeyException e = new InvalidKeyException("the " + keys.size() + " key(s) given do not open enough shares to rebuild the secret ("
                + tally + " needed); give more keyholder release keys or the secret file");
        failures.forEach(e::addSuppressed);
        throw e;
    }

    /** The chain terms a share context binds to. */
    private record ReleaseChainContext(long chainId, String factory, String release) {
        ReleaseChainContext(ReleaseTerms t) {
            this(t.chainId(), t.factory(), t.release());
        }
    }
}
