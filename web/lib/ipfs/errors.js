// Typed errors of the IPFS layer. Each has a stable `code` callers can switch on; messages name the
// CID, offset or gateway at fault and say what to do.

/**
 * A block or DAG is not what its CID promises: hash mismatch, oversized block, malformed dag-pb or
 * UnixFS, unknown codec, inconsistent sizes, a cycle or excessive depth. Retrying against the same
 * source will not help; fetch the block from another source or re-import the content.
 */
export class InvalidBlockError extends Error {
  /**
   * @param {string} message what is wrong, naming the CID
   * @param {{ cid?: string, cause?: unknown }} [options]
   */
  constructor(message, options = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'InvalidBlockError';
    /** @type {string} */
    this.code = 'invalid-block';
    /** The CID at fault (base32 or Qm...), when known. @type {string | undefined} */
    this.cid = options.cid;
  }
}

/**
 * A CAR stream is malformed: truncated, not CARv1, a bad header, an over-long or non-minimal varint,
 * an oversized or empty section, or a block whose bytes do not match its CID. `offset` is the byte
 * offset at fault.
 */
export class CarFormatError extends InvalidBlockError {
  /**
   * @param {string} message what is wrong, naming the offset
   * @param {{ offset?: number, cid?: string, cause?: unknown }} [options]
   */
  constructor(message, options = {}) {
    super(message, options);
    this.name = 'CarFormatError';
    this.code = 'car-format';
    /** Byte offset in the CAR stream where the fault was found. @type {number | undefined} */
    this.offset = options.offset;
  }
}

/** Every gateway failed to deliver a verified copy; `failures` lists each with its reason. */
export class FetchFailedError extends Error {
  /**
   * @param {string} message
   * @param {{ gateway: string, error: Error }[]} failures one entry per attempt, in order
   */
  constructor(message, failures) {
    super(message, { cause: failures.length > 0 ? failures[failures.length - 1].error : undefined });
    this.name = 'FetchFailedError';
    this.code = 'fetch-failed';
    /** @type {{ gateway: string, error: Error }[]} */
    this.failures = failures;
  }
}

/** A gateway answered something unusable: an HTTP error, not a verifiable CAR, or nothing in time. */
export class GatewayError extends Error {
  /**
   * @param {string} message what the gateway did, e.g. 'HTTP 502: ...' or 'stalled: no data for 30000 ms'
   * @param {string} code 'http-status', 'bad-content-type', 'stalled' or 'network'
   */
  constructor(message, code) {
    super(message);
    this.name = 'GatewayError';
    this.code = code;
  }
}

/** Input the importer cannot turn into the UnixFS DAG asked for (bad path, duplicate, too big a directory). */
export class ImportError extends Error {
  /**
   * @param {string} message
   * @param {string} code e.g. 'bad-path', 'duplicate-path', 'directory-too-large'
   */
  constructor(message, code) {
    super(message);
    this.name = 'ImportError';
    this.code = code;
  }
}
