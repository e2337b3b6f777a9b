package org.unveil.archive.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.unveil.archive.Manifest;
import org.unveil.archive.ReleaseTerms;
import org.unveil.archive.keys.FeldmanVss;
import org.unveil.archive.keys.GroupSpec;
import org.unveil.archive.keys.ReleaseSecret;
import org.unveil.archive.keys.SecretShare;
import org.unveil.archive.keys.ShareContext;
import org.unveil.archive.keys.ShareEnvelope;

/** Splits s for every keyholder group and seals each share to its keyholder (spec/keys.md). */
public final class ShareDealer {
    private static final HexFormat HEX = HexFormat.of();

    private ShareDealer() {}

    public static List<Manifest.Group> deal(ReleaseSecret secret, ReleaseTerms terms, List<Integer> thresholds,
            List<List<byte[]>> keyholders, SecureRandom rnd) {
        List<Manifest.Group> groups = new ArrayList<>();
        byte[] secretPublicKey = secret.publicKey();
        for (int g = 0; g < thresholds.size(); g++) {
            List<byte[]> members = keyholders.get(g);
            FeldmanVss.SplitGroup split = FeldmanVss.split(secret, new GroupSpec(thresholds.get(g), members.size()), rnd);
            List<Manifest.Share> shares = new ArrayList<>();
            try {
                for (SecretShare share : split.shares()) {
                    byte[] keyholder = members.get(share.identifier() - 1);
                    ShareContext ctx = new ShareContext(terms.chainId(), terms.factory(), terms.release(), secretPublicKey, g, share.identifier());
                    byte[] sealed = ShareEnvelope.seal(share, ctx, keyholder, rnd);
                    shares.add(new Manifest.Share(share.identifier(), HEX.formatHex(keyholder), EthAddresses.ofCompressed(keyholder), HEX.formatHex(sealed)));
                }
            } finally {
                split.shares().forEach(SecretShare::destroy);
            }
            List<String> commitments = split.commitments().points().stream().map(HEX::formatHex).toList();
            groups.add(new Manifest.Group(thresholds.get(g), commitments, shares));
        }
        return groups;
    }
}
