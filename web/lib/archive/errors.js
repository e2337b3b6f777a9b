// The typed errors of the archive layer, the JavaScript names of the Java reference's
// ArchiveFormatException (malformed input), IntegrityException (a hash, tag or key address that
// disagrees with what the manifest commits to), InvalidKeyException (a secret or fragment key that
// does not belong to the archive) and IllegalArgumentException (pack inputs that cannot be packed).
// Each carries a stable `code` for programs and a message for people that names the offending value
// and says what to do.

/** The archive is not a well-formed Unveil archive (tar structure, manifest, entry names or sizes). */
export class ArchiveFormatError extends Error {
  /**
   * @param {string} message what was wrong and what to do
   * @param {{ cause?: unknown }} [options]
   */
  constructor(message, options) {
    super(message, options);
    this.name = 'ArchiveFormatError';
    /** @type {string} */
    this.code = 'archive-format';
  }
}

/** Stored bytes disagree with the manifest (a fragment hash, an age chunk, a file hash, a key address): corrupted or tampered. */
export class ArchiveIntegrityError extends Error {
  /**
   * @param {string} message
   * @param {{ cause?: unknown }} [options]
   */
  constructor(message, options) {
    super(message, options);
    this.name = 'ArchiveIntegrityError';
    /** @type {string} */
    this.code = 'archive-integrity';
  }
}

/** The secret or fragment key given does not belong to this archive (or this fragment). */
export class ArchiveKeyError extends Error {
  /**
   * @param {string} message
   * @param {{ cause?: unknown }} [options]
   */
  constructor(message, options) {
    super(message, options);
    this.name = 'ArchiveKeyError';
    /** @type {string} */
    this.code = 'archive-key';
  }
}

/** The pack inputs cannot make a valid archive (nothing encrypted, a preview index out of range, an input that changed while packing). */
export class PackError extends Error {
  /**
   * @param {string} message
   * @param {string} [code] stable machine-readable code
   * @param {{ cause?: unknown }} [options]
   */
  constructor(message, code = 'pack-input', options) {
    super(message, options);
    this.name = 'PackError';
    /** @type {string} */
    this.code = code;
  }
}
