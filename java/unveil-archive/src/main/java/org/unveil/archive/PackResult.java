package org.unveil.archive;

import org.unveil.archive.keys.ReleaseSecret;

/**
 * What {@link ArchivePacker#pack} produced. The caller owns {@code secret} (the artist's copy of s,
 * never written into the archive) and must {@link ReleaseSecret#destroy() destroy} it after saving.
 *
 * @param manifest the manifest written as the archive's first entry
 * @param manifestSha256 SHA-256 of its canonical bytes, hex: the hash the contract records
 * @param secret the release secret s
 * @param manifestOffset where manifest.json's bytes start in the archive file
 * @param manifestLength how many bytes they take
 */
public record PackResult(Manifest manifest, String manifestSha256, ReleaseSecret secret, long manifestOffset, int manifestLength) {}
