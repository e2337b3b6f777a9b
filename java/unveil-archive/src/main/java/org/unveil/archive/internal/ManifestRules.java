package org.unveil.archive.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.unveil.archive.ArchiveFormatException;
import org.unveil.archive.Manifest;

/**
 * Cross-field rules of a manifest (spec/archive-format.md, "Manifest rules"): encodings of keys
 * and hashes, group shapes, path safety and collisions, and fragments that tile each file exactly
 * with stored sizes that follow from their plaintext sizes.
 */
public final class ManifestRules {
    static final int MAX_FRAGMENTS_PER_FILE = 999_999;
    private static final String HEX64 = "[0-9a-f]{64}";
    private static final String POINT = "0[23][0-9a-f]{64}";
    private static final String ADDRESS = "0x[0-9a-f]{40}";

    private ManifestRules() {}

    public static void validate(Manifest m) throws ArchiveFormatException {
        if (m.version() != Manifest.VERSION) throw new ArchiveFormatException("manifest version " + m.version() + " is not " + Manifest.VERSION);
        if (m.license().isBlank()) throw new ArchiveFormatException("manifest.license must not be empty");
        Manifest.Secret s = m.secret();
        require(s.publicKey().matches(POINT), "manifest.secret.publicKey '" + s.publicKey() + "' is not a compressed secp256k1 point in lowercase hex");
        require(s.address().matches(ADDRESS), "manifest.secret.address '" + s.address() + "' is not a lowercase 0x address");
        require(!m.groups().isEmpty(), "manifest.groups is empty; a release needs at least one keyholder group");
        for (int gi = 0; gi < m.groups().size(); gi++) validateGroup(m.groups().get(gi), "manifest.groups[" + gi + "]", s.publicKey());
        require(!m.files().isEmpty(), "manifest.files is empty; nothing to release");
        Map<String, String> seen = new HashMap<>();
        Map<String, Integer> keyAddresses = new HashMap<>();
        Set<String> parents = new HashSet<>();
        for (int fi = 0; fi < m.files().size(); fi++) {
            Manifest.FileEntry f = m.files().get(fi);
            String where = "manifest.files[" + fi + "]";
            EntryNames.requireSafe(f.path());
            String key = EntryNames.collisionKey(f.path());
            String previous = seen.put(key, f.path());
            if (previous != null) throw new ArchiveFormatException(where + ".path '" + f.path() + "' collides with '" + previous + "' (same name after NFC and case folding)");
            for (int slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) parents.add(key.substring(0, slash));
            require(MediaTypes.isWellFormed(f.mediaType()), where + ".mediaType '" + f.mediaType() + "' is not a media type");
            require(f.sha256().matches(HEX64), where + ".sha256 is not 64 lowercase hex digits");
            validateFragments(f, where, keyAddresses);
        }
        // F >= 1: a release with nothing encrypted has nothing to sample, and the contract's fragment tree needs a leaf.
        require(!keyAddresses.isEmpty(), "manifest has no encrypted fragment; a release must encrypt at least one (previews alone have nothing to sample or release)");
        for (String parent : parents) {
            if (seen.containsKey(parent)) throw new ArchiveFormatException("path '" + seen.get(parent) + "' is both a file and a directory of another file");
        }
    }

    private static void validateGroup(Manifest.Group g, String where, String secretPublicKey) throws ArchiveFormatException {
        int n = g.shares().size();
        require(g.threshold() >= 1 && g.threshold() <= n, where + ".threshold " + g.threshold() + " must be between 1 and the number of shares " + n);
        require(g.commitments().size() == g.threshold(), where + " has " + g.commitments().size() + " commitments; Feldman VSS needs exactly threshold = " + g.threshold());
        for (String c : g.commitments()) require(c.matches(POINT), where + ".commitments has '" + c + "', not a compressed point in lowercase hex");
        require(g.commitments().get(0).equals(secretPublicKey), where + ".commitments[0] is not manifest.secret.publicKey; every group must share the same secret");
        for (int i = 0; i < n; i++) {
            Manifest.Share s = g.shares().get(i);
            require(s.identifier() == i + 1, where + ".shares[" + i + "].identifier is " + s.identifier() + "; identifiers run 1..N in order");
            require(s.keyholder().matches(POINT), where + ".shares[" + i + "].keyholder is not a compressed point in lowercase hex");
            require(s.address().matches(ADDRESS), where + ".shares[" + i + "].address is not a lowercase 0x address");
            require(s.ciphertext().matches("([0-9a-f]{2})+"), where + ".shares[" + i + "].ciphertext is not lowercase hex");
        }
    }

    private static void validateFragments(Manifest.FileEntry f, String where, Map<String, Integer> keyAddresses) throws ArchiveFormatException {
        require(!f.fragments().isEmpty(), where + " has no fragments");
        require(f.fragments().size() <= MAX_FRAGMENTS_PER_FILE, where + " has more than " + MAX_FRAGMENTS_PER_FILE + " fragments");
        long next = 0;
        for (int i = 0; i < f.fragments().size(); i++) {
            Manifest.Fragment x = f.fragments().get(i);
            String w = where + ".fragments[" + i + "]";
            require(x.offset() == next, w + ".offset is " + x.offset() + " but the previous fragment ended at " + next);
            require(x.size() > 0 || f.size() == 0, w + ".size is 0; only an empty file may have an empty fragment");
            next = x.offset() + x.size();
            require(next <= f.size(), w + " ends at " + next + ", past the file size " + f.size());
            long expected = x.preview() ? x.size() : AgeSizes.storedSize(x.size());
            require(x.storedSize() == expected, w + ".storedSize is " + x.storedSize() + " but a " + (x.preview() ? "preview" : "encrypted")
                    + " fragment of " + x.size() + " bytes is stored in " + expected);
            require(x.sha256().matches(HEX64), w + ".sha256 is not 64 lowercase hex digits");
            if (x.preview()) {
                require(x.keyAddress() == null, w + " is a preview and must have no keyAddress");
            } else {
                // Whether the address is addr(k_e*G) only a holder of s or k_e can check (unpack, sample checks); here it is format.
                require(x.keyAddress() != null && x.keyAddress().matches(ADDRESS), w + ".keyAddress '" + x.keyAddress() + "' is not a lowercase 0x address");
                Integer earlier = keyAddresses.putIfAbsent(x.keyAddress(), keyAddresses.size());
                require(earlier == null, w + ".keyAddress " + x.keyAddress() + " repeats encrypted fragment " + earlier
                        + "'s; every fragment has its own key, so a repeat means the keys were not derived from s");
            }
        }
        require(next == f.size(), where + " fragments cover " + next + " bytes but the file has " + f.size());
        MediaRules.validate(f, where);
    }

    private static void require(boolean ok, String message) throws ArchiveFormatException {
        if (!ok) throw new ArchiveFormatException(message);
    }
}
