// The typed errors of the twin's cryptography, one per kind of failure a caller must tell apart
// (the Java reference's KeyException / InvalidShareException and ArchiveFormatException /
// IntegrityException). Each carries a stable `code` for programs and a message for people that
// names the offending value and says what to do.

/** A key, share or ciphertext cannot be used (wrong key, tampered data, context mismatch, bad wallet answer). */
export class KeyError extends Error {
  /**
   * @param {string} message what was wrong and what to do
   * @param {string} [code] stable machine-readable code
   */
  constructor(message, code = 'key-invalid') {
    super(message);
    this.name = 'KeyError';
    /** @type {string} */
    this.code = code;
  }
}

/** A share does not match its group's Feldman commitments, or shares do not rebuild the committed secret. */
export class InvalidShareError extends KeyError {
  /** @param {string} message */
  constructor(message) {
    super(message, 'share-invalid');
    this.name = 'InvalidShareError';
  }
}

/** The wallet gave two different signatures for one release-key request: it cannot derive a stable key. */
export class NonDeterministicWalletError extends KeyError {
  /** @param {string} message */
  constructor(message) {
    super(message, 'wallet-not-deterministic');
    this.name = 'NonDeterministicWalletError';
  }
}

/** The bytes are not a well-formed age v1 file (header grammar, stanza shape, missing nonce): re-download or re-pack. */
export class AgeFormatError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'AgeFormatError';
    /** @type {string} */
    this.code = 'age-format';
  }
}

/** A well-formed age file fails authentication (header MAC, a payload chunk, truncation): nothing from it may be trusted. */
export class AgeIntegrityError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'AgeIntegrityError';
    /** @type {string} */
    this.code = 'age-integrity';
  }
}

/** No X25519 stanza of the age header opens with the identity: the file was sealed to another recipient. */
export class AgeNoIdentityError extends AgeIntegrityError {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'AgeNoIdentityError';
    this.code = 'age-no-identity';
  }
}
