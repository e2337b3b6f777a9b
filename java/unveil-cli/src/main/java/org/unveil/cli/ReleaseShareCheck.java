package org.unveil.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.unveil.archive.ArchiveReader;
import org.unveil.archive.Inspection;
import org.unveil.archive.Manifest;
import org.unveil.archive.keys.Commitments;
import org.unveil.archive.keys.FeldmanVss;
import org.unveil.archive.keys.ReleaseKey;
import org.unveil.archive.keys.SecretShare;
import org.unveil.archive.keys.ShareContext;
import org.unveil.archive.keys.ShareEnvelope;
import org.unveil.eth.CommitmentsHash;
import org.unveil.eth.ReleaseParams;

/**
 * What a keyholder checks before it enrols (and so accepts liability for a deposit) and again before
 * it publishes its share: the archive is the one the contract names (manifest hash, commitments
 * hash, chain and address), every share address the contract records is the one the group's
 * Feldman commitments give (so M published shares of any group recombine to s on chain), and the
 * share sealed to its release key opens and lies on the commitments. Any failure refuses, with the
 * reason.
 */
final class ReleaseShareCheck {
    private ReleaseShareCheck() {}

    static void verify(Path archive, ReleaseParams params, long chainId, String release, int slot, ReleaseKey key)
            throws IOException, GeneralSecurityException {
        open(archive, params, chainId, release, slot, key).destroy();
    }

    /** {@link #verify}, returning the opened share of {@code slot} (the caller destroys it). */
    static SecretShare open(Path archive, ReleaseParams params, long chainId, String release, int slot, ReleaseKey key)
            throws IOException, GeneralSecurityException {
        HexFormat hex = HexFormat.of();
        Inspection insp = ArchiveReader.inspect(CliFiles.input(archive));
        Manifest m = insp.manifest();
        if (!insp.manifestSha256().equalsIgnoreCase(hex.formatHex(params.manifestHash()))) {
            throw new GeneralSecurityException("the release commits to manifest " + hex.formatHex(params.manifestHash()) + " but " + archive
                    + " has manifest " + insp.manifestSha256() + ": wrong archive, refusing to enrol");
        }
        if (m.terms().chainId() != chainId || !m.terms().release().equalsIgnoreCase(release)) {
            throw new GeneralSecurityException("the archive was packed for release " + m.terms().release() + " on chain " + m.terms().chainId()
                    + ", not " + release + " on chain " + chainId);
        }
        List<Commitments> all = new ArrayList<>();
        for (Manifest.Group g : m.groups()) all.add(Commitments.fromHex(g.commitments()));
        if (!java.security.MessageDigest.isEqual(CommitmentsHash.of(all), params.commitmentsHash())) {
            throw new GeneralSecurityException("the archive's Feldman commitments do not hash to the release's commitmentsHash: refusing to enrol");
        }
        List<String> expected = new ArrayList<>();
        for (int g = 0; g < all.size(); g++) expected.addAll(FeldmanVss.shareAddresses(all.get(g), params.groupSizes().get(g)));
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equalsIgnoreCase(params.shareAddresses().get(i))) {
                throw new GeneralSecurityException("slot " + i + "'s share address on chain is " + params.shareAddresses().get(i)
                        + " but the archive's commitments give " + expected.get(i) + ": its group could never release on chain, refusing");
            }
        }
        int group = params.groupOfSlot(slot);
        int identifier = slot - params.firstSlotOfGroup(group) + 1;
        Manifest.Share share = m.groups().get(group).shares().stream().filter(s -> s.identifier() == identifier).findFirst()
                .orElseThrow(() -> new GeneralSecurityException("the archive has no share " + identifier + " in group " + group + " for slot " + slot));
        if (!share.keyholder().equalsIgnoreCase(hex.formatHex(key.publicKey()))) {
            throw new GeneralSecurityException("share " + identifier + " of group " + group + " is sealed to another release key");
        }
        ShareContext ctx = new ShareContext(chainId, m.terms().factory(), release, hex.parseHex(m.secret().publicKey()), group, identifier);
        SecretShare opened = ShareEnvelope.open(hex.parseHex(share.ciphertext()), key, ctx);
        try {
            FeldmanVss.verify(opened, all.get(group));
        } catch (GeneralSecurityException | RuntimeException e) {
            opened.destroy();
            throw e;
        }
        return opened;
    }
}
