// The one error of the steps: a step refused before anything was signed or sent (the Java
// reference's RefusedException). Each refusal protects someone's money or key, so the message says
// what was found and what to do; `code` lets a page tell the cases apart without parsing words.

/** A step refused before anything was signed or sent, with the reason as one sentence. */
export class RefusedError extends Error {
  /**
   * @param {string} message what was wrong and what to do
   * @param {string} [code] stable machine-readable code (wrong-slot, archive-mismatch, wrong-key, share-invalid, wrong-state, terms-hash, digest-mismatch, policy, too-early, nothing-owed)
   * @param {unknown} [cause]
   */
  constructor(message, code = 'refused', cause) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'RefusedError';
    /** @type {string} */
    this.code = code;
  }
}
