package org.unveil.release.internal;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.unveil.archive.Inspection;
import org.unveil.archive.FragmentTree;
import org.unveil.archive.Manifest;
import org.unveil.archive.keys.Commitments;
import org.unveil.archive.keys.FeldmanVss;
import org.unveil.eth.CommitmentsHash;
import org.unveil.eth.ReleaseParams;

/**
 * Whether an inspected archive is the one a release contract names, check by check: the same
 * comparisons serve a keyholder (which refuses at the first mismatch) and a fan (who is shown them
 * all). Each check yields a {@link Check}: passed or not, with its sentence.
 */
public final class ArchiveMatch {
    /** One comparison; {@code passed == false} is a reason to distrust the archive or the release. */
    public record Check(boolean passed, String reason) {}

    private ArchiveMatch() {}

    /**
     * @param artistFee the release's {@code artistFee()}, compared with the manifest's
     */
    public static List<Check> checks(Inspection insp, ReleaseParams p, long chainId, String release, BigInteger artistFee) {
        HexFormat hex = HexFormat.of();
        Manifest m = insp.manifest();
        var t = m.terms();
        List<Check> out = new ArrayList<>();
        String onChain = hex.formatHex(p.manifestHash());
        out.add(insp.manifestSha256().equalsIgnoreCase(onChain)
                ? new Check(true, "the archive's manifest hash " + onChain + " is the one the release commits to")
                : new Check(false, "the release commits to manifest " + onChain + " but the archive has manifest " + insp.manifestSha256() + ": wrong archive"));
        out.add(t.chainId() == chainId && t.release().equalsIgnoreCase(release)
                ? new Check(true, "the archive was packed for this release on chain " + chainId)
                : new Check(false, "the archive was packed for release " + t.release() + " on chain " + t.chainId() + ", not " + release + " on chain " + chainId));
        out.add(p.secretAddress().equalsIgnoreCase(m.secret().address())
                ? new Check(true, "the release's secret address is the manifest's S (" + m.secret().address() + ")")
                : new Check(false, "the release's secret address " + p.secretAddress() + " is not the manifest's S (" + m.secret().address()
                        + "): a secret recovered on chain would not decrypt this archive"));
        out.addAll(terms(m, p, artistFee));
        out.add(fragments(m, p));
        out.addAll(shares(m, p));
        return out;
    }

    /** The release samples this archive's fragment tree, as many samples as the manifest's terms say. */
    private static Check fragments(Manifest m, ReleaseParams p) {
        FragmentTree tree = FragmentTree.of(m);
        if (!java.util.Arrays.equals(tree.root(), p.fragmentRoot()) || tree.size() != p.fragmentCount()) {
            return new Check(false, "the release samples a fragment tree of " + p.fragmentCount() + " fragments with root 0x" + HexFormat.of().formatHex(p.fragmentRoot())
                    + ", but the archive's " + tree.size() + " encrypted fragments give root 0x" + HexFormat.of().formatHex(tree.root()) + ": wrong archive");
        }
        if (m.terms().sampleCount() != p.sampleCount()) {
            return new Check(false, "the release samples " + p.sampleCount() + " fragments, the manifest says " + m.terms().sampleCount());
        }
        return new Check(true, "the release samples " + Math.min(p.sampleCount(), tree.size()) + " of the archive's " + tree.size()
                + " encrypted fragments, from its fragment tree");
    }

    private static List<Check> terms(Manifest m, ReleaseParams p, BigInteger artistFee) {
        var t = m.terms();
        List<String> differ = new ArrayList<>();
        if (!t.token().equalsIgnoreCase(p.token())) differ.add("token " + p.token() + " (manifest " + t.token() + ")");
        if (!t.goal().equals(p.goal())) differ.add("goal " + p.goal() + " (manifest " + t.goal() + ")");
        if (!t.artistFee().equals(artistFee)) differ.add("artist fee " + artistFee + " (manifest " + t.artistFee() + ")");
        if (!Instant.ofEpochSecond(t.enrolDeadline()).equals(p.enrolDeadline())) {
            differ.add("enrolment deadline " + p.enrolDeadline() + " (manifest " + Instant.ofEpochSecond(t.enrolDeadline()) + ")");
        }
        if (!Instant.ofEpochSecond(t.pledgeDeadline()).equals(p.pledgeDeadline())) {
            differ.add("pledge deadline " + p.pledgeDeadline() + " (manifest " + Instant.ofEpochSecond(t.pledgeDeadline()) + ")");
        }
        if (!Duration.ofSeconds(t.revealWindow()).equals(p.revealWindow())) {
            differ.add("reveal window " + p.revealWindow() + " (manifest " + Duration.ofSeconds(t.revealWindow()) + ")");
        }
        return List.of(differ.isEmpty() ? new Check(true, "the contract's terms (token, goal, artist fee, deadlines, reveal window) are the manifest's")
                : new Check(false, "the contract's terms differ from the manifest's: " + String.join(", ", differ)));
    }

    private static List<Check> shares(Manifest m, ReleaseParams p) {
        List<Check> out = new ArrayList<>();
        List<Commitments> all = new ArrayList<>();
        for (Manifest.Group g : m.groups()) all.add(Commitments.fromHex(g.commitments()));
        out.add(MessageDigest.isEqual(CommitmentsHash.of(all), p.commitmentsHash())
                ? new Check(true, "the archive's Feldman commitments hash to the release's commitmentsHash")
                : new Check(false, "the archive's Feldman commitments do not hash to the release's commitmentsHash"));
        List<Integer> thresholds = m.groups().stream().map(Manifest.Group::threshold).toList();
        List<Integer> sizes = m.groups().stream().map(g -> g.shares().size()).toList();
        if (!thresholds.equals(p.groupThresholds()) || !sizes.equals(p.groupSizes())) {
            out.add(new Check(false, "the release's groups (thresholds " + p.groupThresholds() + ", sizes " + p.groupSizes() + ") are not the archive's (thresholds "
                    + thresholds + ", sizes " + sizes + ")"));
            return out;
        }
        List<String> expected = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int g = 0; g < all.size(); g++) {
            expected.addAll(FeldmanVss.shareAddresses(all.get(g), sizes.get(g)));
            for (Manifest.Share s : m.groups().get(g).shares()) keys.add(s.address());
        }
        boolean allMatch = true;
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equalsIgnoreCase(p.shareAddresses().get(i))) {
                allMatch = false;
                out.add(new Check(false, "slot " + i + "'s share address on chain is " + p.shareAddresses().get(i) + " but the archive's commitments give "
                        + expected.get(i) + ": its group could never release on chain"));
            }
            if (!keys.get(i).equalsIgnoreCase(p.releaseKeys().get(i))) {
                allMatch = false;
                out.add(new Check(false, "slot " + i + "'s release key on chain is " + p.releaseKeys().get(i) + " but the archive seals its share to "
                        + keys.get(i)));
            }
        }
        if (allMatch) out.add(new Check(true, "every slot's share address and release key on chain are the archive's (" + expected.size() + " slots)"));
        return out;
    }
}
