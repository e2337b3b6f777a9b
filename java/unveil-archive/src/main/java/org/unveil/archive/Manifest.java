package org.unveil.archive;

import java.util.List;
import java.util.Objects;
import org.unveil.archive.internal.ManifestCodec;

/**
 * The archive's manifest ({@code manifest.json}, the first tar entry): what the archive holds and
 * the terms it was packed for. Its canonical bytes (RFC 8785) are what {@link #sha256Hex()} hashes
 * and what the release contract records. Instances are validated on construction by the codec;
 * see spec/archive-format.md for every field.
 *
 * @param version format version, {@link #VERSION}
 * @param terms the release terms
 * @param license the license text, valid only if the release contract is fulfilled
 * @param secret public information about the release secret s
 * @param groups keyholder groups, each holding an M-of-N sharing of s
 * @param files the packed files in archive order
 */
public record Manifest(int version, ReleaseTerms terms, String license, Secret secret, List<Group> groups, List<FileEntry> files) {
    /** The only version this implementation reads and writes (version 1, one age recipient for the whole release, is rejected). */
    public static final int VERSION = 2;

    public Manifest {
        Objects.requireNonNull(terms, "terms required");
        Objects.requireNonNull(license, "license required");
        Objects.requireNonNull(secret, "secret required");
        groups = List.copyOf(groups);
        files = List.copyOf(files);
    }

    /**
     * Public facts about the release secret s (never s itself).
     *
     * @param publicKey S = s*G, 33-byte compressed secp256k1 point, hex
     * @param address the Ethereum address of S
     */
    public record Secret(String publicKey, String address) {}

    /**
     * One keyholder group: s shared threshold-of-shares.size() with Feldman VSS.
     *
     * @param threshold shares needed to recover s
     * @param commitments Feldman commitments to the polynomial coefficients (compressed points, hex); commitment 0 is S
     * @param shares one encrypted share per keyholder, identifiers 1..N in order
     */
    public record Group(int threshold, List<String> commitments, List<Share> shares) {
        public Group {
            commitments = List.copyOf(commitments);
            shares = List.copyOf(shares);
        }
    }

    /**
     * A share sealed to one keyholder's release key.
     *
     * @param identifier the share's VSS identifier (1..N)
     * @param keyholder the keyholder's release public key (compressed point, hex)
     * @param address the Ethereum address of that release key
     * @param ciphertext the ECIES envelope (spec/keys.md), hex
     */
    public record Share(int identifier, String keyholder, String address, String ciphertext) {}

    /**
     * One original file and how it is cut.
     *
     * @param path relative path, '/'-separated, NFC
     * @param mediaType its media type
     * @param size its size in bytes
     * @param sha256 SHA-256 of the whole original file, hex
     * @param fragments contiguous byte ranges covering the file, in order
     * @param media how a media cutter cut it, or null if it was cut by bytes or not at all
     */
    public record FileEntry(String path, String mediaType, long size, String sha256, List<Fragment> fragments, Media media) {
        public FileEntry {
            fragments = List.copyOf(fragments);
        }

        /** A file not cut by a media cutter. */
        public FileEntry(String path, String mediaType, long size, String sha256, List<Fragment> fragments) {
            this(path, mediaType, size, sha256, fragments, null);
        }

        /** This entry with other fragments, the rest kept. */
        public FileEntry withFragments(List<Fragment> fragments) {
            return new FileEntry(path, mediaType, size, sha256, fragments, media);
        }

        /** True when fragment 0 holds only the stream's headers, which every other fragment needs in front of it to play. */
        public boolean hasHeaderFragment() {
            return media != null && media.header();
        }
    }

    /**
     * How a media cutter cut a file (spec/archive-format.md, section 4 and the cutting sections).
     *
     * @param format the cutter's format name: mp3, flac, ogg, ts or fmp4
     * @param header true when fragment 0 is a header segment (codec headers, no media time), always a preview
     */
    public record Media(String format, boolean header) {
        public Media {
            java.util.Objects.requireNonNull(format, "media format required");
        }
    }

    /**
     * Where a fragment of a media-cut file lies in media time, in whole microseconds (JCS numbers are integers).
     *
     * @param start media time at which the fragment starts
     * @param duration media time it holds; 0 for a header segment
     */
    public record MediaSpan(long start, long duration) {}

    /**
     * One fragment: a byte range of a file, stored plaintext (preview) or as an age file.
     *
     * @param offset first byte of the range in the original file
     * @param size length of the range
     * @param preview true if stored as plaintext
     * @param storedSize size of the tar entry (equal to size for previews, the age file size otherwise)
     * @param sha256 SHA-256 of the stored bytes, hex
     * @param keyAddress for an encrypted fragment, {@code addr(k_e*G)} of its fragment key ({@link FragmentKeys}); null for a preview
     * @param span its media time, exactly when its file is media-cut; null otherwise
     */
    public record Fragment(long offset, long size, boolean preview, long storedSize, String sha256, String keyAddress, MediaSpan span) {
        /** A fragment of a file not cut by a media cutter. */
        public Fragment(long offset, long size, boolean preview, long storedSize, String sha256, String keyAddress) {
            this(offset, size, preview, storedSize, sha256, keyAddress, null);
        }

        /** This fragment with its stored hash and key address set, the rest kept. */
        public Fragment sealed(String storedSha256, String keyAddress) {
            return new Fragment(offset, size, preview, storedSize, storedSha256, keyAddress, span);
        }
    }

    /**
     * Encrypted fragment e (the e-th encrypted fragment over files in order and each file's
     * fragments in order, previews skipped): the numbering fragment keys, the fragment tree and
     * the chain's samples use.
     *
     * @param index e, 0..F-1
     * @param fileIndex its file's index in {@link #files()}
     * @param fragmentIndex its index in that file's fragments
     * @param path the file's path
     * @param offset first byte of the range in the file
     * @param size plaintext length
     * @param storedSize the age file's size
     * @param sha256 SHA-256 of the stored age file, hex
     * @param keyAddress {@code addr(k_e*G)}
     */
    public record EncryptedFragment(int index, int fileIndex, int fragmentIndex, String path, long offset, long size, long storedSize, String sha256,
            String keyAddress) {
        /** Its tar entry name, {@code files/FFFFFF/NNNNNN.age}: where {@code tar -x} puts it for stock age. */
        public String entryName() {
            return org.unveil.archive.internal.EntryNames.fragmentEntry(fileIndex, fragmentIndex, false, null);
        }
    }

    /** Every encrypted fragment with its index e, in order (F = its size). */
    public List<EncryptedFragment> encryptedFragments() {
        List<EncryptedFragment> out = new java.util.ArrayList<>();
        for (int fi = 0; fi < files.size(); fi++) {
            FileEntry f = files.get(fi);
            for (int j = 0; j < f.fragments().size(); j++) {
                Fragment x = f.fragments().get(j);
                if (!x.preview()) out.add(new EncryptedFragment(out.size(), fi, j, f.path(), x.offset(), x.size(), x.storedSize(), x.sha256(), x.keyAddress()));
            }
        }
        return List.copyOf(out);
    }

    /** F, the number of encrypted fragments (the contract's {@code fragmentCount}). */
    public int fragmentCount() {
        int n = 0;
        for (FileEntry f : files) for (Fragment x : f.fragments()) if (!x.preview()) n++;
        return n;
    }

    /** The fragment tree over {@link #encryptedFragments()}; its root is the contract's {@code fragmentRoot}. */
    public FragmentTree fragmentTree() {
        return FragmentTree.of(this);
    }

    /** The canonical (RFC 8785) UTF-8 bytes of this manifest. */
    public byte[] canonicalBytes() {
        return ManifestCodec.canonicalBytes(this);
    }

    /** SHA-256 of {@link #canonicalBytes()}, lowercase hex: the manifest hash recorded on chain. */
    public String sha256Hex() {
        return ManifestCodec.sha256Hex(canonicalBytes());
    }

    /** Parses and validates manifest bytes; they must already be in canonical form. */
    public static Manifest parse(byte[] json) throws ArchiveFormatException {
        return ManifestCodec.parse(json);
    }
}
