package org.unveil.archive.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.unveil.archive.ArchiveFormatException;
import org.unveil.archive.IntegrityException;
import org.unveil.archive.Manifest;

/**
 * One sequential pass over an archive: the manifest first, then exactly the fragment entries it
 * names, in order, with the sizes it states, then the end marker. The SHA-256 of every stored
 * fragment is checked against the manifest. Callers see each fragment's bytes as they stream by.
 */
public final class ArchiveScanner {
    /** Sees a fragment's stored bytes; it may read any prefix, the scanner reads the rest for the hash. */
    @FunctionalInterface
    public interface FragmentVisitor {
        void fragment(int fileIndex, int fragmentIndex, InputStream stored) throws IOException;
    }

    private final TarReader tar;
    private Manifest manifest;
    private String manifestSha256;

    public ArchiveScanner(InputStream in) {
        this.tar = new TarReader(in);
    }

    /** Reads and validates the manifest entry; must be called first. */
    public Manifest readManifest() throws IOException {
        TarReader.Entry first = tar.next();
        if (first == null) throw new ArchiveFormatException("archive is empty: no manifest.json entry");
        if (!first.name().equals(EntryNames.MANIFEST)) {
            throw new ArchiveFormatException("first entry is '" + first.name() + "'; an Unveil archive starts with " + EntryNames.MANIFEST);
        }
        if (first.size() > ManifestCodec.MAX_MANIFEST_BYTES) {
            throw new ArchiveFormatException("manifest.json is " + first.size() + " bytes; the limit is " + ManifestCodec.MAX_MANIFEST_BYTES);
        }
        byte[] json = tar.content().readNBytes((int) first.size());
        if (json.length != first.size()) throw new ArchiveFormatException("archive is truncated inside manifest.json");
        manifest = ManifestCodec.parse(json);
        manifestSha256 = ManifestCodec.sha256Hex(json);
        return manifest;
    }

    public String manifestSha256() {
        return manifestSha256;
    }

    /** Streams every fragment to the visitor, checking names, sizes, hashes and the end of the archive. */
    public void scan(FragmentVisitor visitor) throws IOException {
        if (manifest == null) throw new IllegalStateException("readManifest() first");
        byte[] drain = new byte[1 << 16];
        for (int fi = 0; fi < manifest.files().size(); fi++) {
            Manifest.FileEntry file = manifest.files().get(fi);
            for (int j = 0; j < file.fragments().size(); j++) {
                Manifest.Fragment frag = file.fragments().get(j);
                String expected = EntryNames.fragmentEntry(fi, j, frag.preview(), file.mediaType());
                TarReader.Entry e = tar.next();
                if (e == null) throw new ArchiveFormatException("archive ends before entry '" + expected + "' (" + file.path() + " fragment " + j + ")");
                if (!e.name().equals(expected)) {
                    throw new ArchiveFormatException("entry '" + e.name() + "' at offset " + e.headerOffset() + " is unexpected; the manifest says the next entry is '" + expected + "'");
                }
                if (e.size() != frag.storedSize()) {
                    throw new ArchiveFormatException("entry '" + e.name() + "' is " + e.size() + " bytes but the manifest says " + frag.storedSize());
                }
                String actual;
                try (BatchedDigest digest = new BatchedDigest()) {
                    InputStream stored = new HashingInputStream(tar.content(), digest);
                    visitor.fragment(fi, j, stored);
                    while (stored.read(drain) >= 0) {
                        // the rest of the entry still counts toward its hash
                    }
                    actual = HexFormat.of().formatHex(digest.digest());
                }
                if (!actual.equals(frag.sha256())) {
                    throw new IntegrityException("entry '" + e.name() + "' (" + file.path() + " fragment " + j + ") has SHA-256 " + actual
                            + " but the manifest commits to " + frag.sha256() + "; the archive was corrupted or tampered with");
                }
            }
        }
        TarReader.Entry extra = tar.next();
        if (extra != null) throw new ArchiveFormatException("entry '" + extra.name() + "' is not in the manifest; the archive holds more than it declares");
    }
}
