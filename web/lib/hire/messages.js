// The signed messages of the keyholder hiring protocol (spec/keyholder-protocol.md): Info,
// Solicitation and Offer as EIP-712 typed data, their strict wire form, the checks of section 5
// and the typed refusals of sections 6 and 8. The JavaScript twin of Java's org.unveil.eth.hiring.
//
// In JavaScript a message is a plain object with the type string's field names: addresses and
// bytes32 as 0x + lowercase hex, uint256 amounts as bigint, every other integer as a number (the
// wire carries them as JSON numbers below 2^53), the Info's policy as a nested object. Signed, it
// is `{ message, signature }`. Signing goes through an EIP-1193 provider's eth_signTypedData_v4
// (the artist's wallet); this module never holds a key.
import { hashTypedData, recoverAddress, recoverPublicKey, keccak256, encodeAbiParameters, getContractAddress, concat } from '../../vendor/viem.js';
import { parseJson, JsonNumber } from '../format/json.js';

/** The EIP-712 domain name of every hiring message (section 2). */
export const DOMAIN_NAME = 'Unveil Keyholder';
/** The EIP-712 domain version (section 2). */
export const DOMAIN_VERSION = '1';
/** Clock skew allowed either way on every time check (section 5, step 4). */
export const SKEW_SECONDS = 60;
/** How far ahead of the receiver's clock a solicitation may expire (section 4.2). */
export const MAX_SOLICITATION_LIFETIME = 3600;
/** The largest body a reader parses (section 3). */
export const MAX_BODY_BYTES = 8 * 1024;

/** The type strings, exactly as the spec and the vectors give them. */
export const TYPE_STRINGS = Object.freeze({
  Info: 'Info(address keyholder,address operator,uint256 chainId,address factory,Policy policy,uint32 freeSlots,string version,uint64 issuedAt,uint64 expiresAt)'
    + 'Policy(uint256 minDeposit,uint256 maxDeposit,uint256 minFeePerSlot,uint64 minRevealWindow,uint64 maxRevealWindow,uint64 maxArchiveBytes,address[] tokens)',
  Policy: 'Policy(uint256 minDeposit,uint256 maxDeposit,uint256 minFeePerSlot,uint64 minRevealWindow,uint64 maxRevealWindow,uint64 maxArchiveBytes,address[] tokens)',
  Solicitation: 'Solicitation(uint256 chainId,address factory,address release,address artist,bytes32 salt,uint8 group,uint8 slot,address token,uint256 deposit,uint256 keyholderFee,uint64 enrolDeadline,uint64 pledgeDeadline,uint64 revealWindow,uint256 goal,uint64 maxArchiveBytes,bytes32 nonce,uint64 expiresAt)',
  Offer: 'Offer(address releaseKey,bytes32 solicitationHash,address keyholder,uint64 validUntil)',
});

/**
 * The EIP-712 `types` of each message (without EIP712Domain), from the type strings.
 * @type {Readonly<Record<'Info'|'Solicitation'|'Offer', Record<string, {name: string, type: string}[]>>>}
 */
export const TYPES = Object.freeze({
  Info: parseTypes(TYPE_STRINGS.Info),
  Solicitation: parseTypes(TYPE_STRINGS.Solicitation),
  Offer: parseTypes(TYPE_STRINGS.Offer),
});

const EIP712_DOMAIN = [
  { name: 'name', type: 'string' }, { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' }, { name: 'verifyingContract', type: 'address' }];

/** uint256 fields that are token amounts: decimal strings on the wire, bigint here. */
const AMOUNTS = new Set(['deposit', 'keyholderFee', 'goal', 'minDeposit', 'maxDeposit', 'minFeePerSlot']);
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const UINT256_LIMIT = 1n << 256n;
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const ADDRESS = /^0x[0-9a-f]{40}$/;
const BYTES32 = /^0x[0-9a-f]{64}$/;
const SIGNATURE = /^0x[0-9a-f]{130}$/;
const DECIMAL = /^(?:0|[1-9][0-9]{0,77})$/;
const INTEGER = /^(?:0|[1-9][0-9]*)$/;
const VERSION = /^[\x21-\x7e]{1,64}$/;
const MAX_TOKENS = 32;
const WHAT = { Info: 'the keyholder info', Solicitation: 'the solicitation', Offer: 'the offer', Policy: 'the policy' };

/**
 * A refusal code of sections 6 and 8.
 * @typedef {'malformed'|'too-large'|'bad-signature'|'expired'|'wrong-chain'|'wrong-factory'|'replayed-nonce'|'address-mismatch'|'already-deployed'|'wrong-solicitation'|'outside-policy'|'rate-limited'|'no-capacity'|'internal'|'not-found'|'bad-archive'|'not-ready'|'refused'} RefusalCode
 */

/**
 * The refusal codes with whether the same request may succeed later and the HTTP status an
 * endpoint answers them with (sections 6 and 8).
 */
/** @type {Readonly<Record<RefusalCode, {retryable: boolean, status: number}>>} */
export const REFUSALS = Object.freeze({
  'malformed': { retryable: false, status: 400 },
  'too-large': { retryable: false, status: 413 },
  'bad-signature': { retryable: false, status: 401 },
  'expired': { retryable: false, status: 422 },
  'wrong-chain': { retryable: false, status: 422 },
  'wrong-factory': { retryable: false, status: 422 },
  'replayed-nonce': { retryable: false, status: 422 },
  'address-mismatch': { retryable: false, status: 422 },
  'already-deployed': { retryable: false, status: 422 },
  'wrong-solicitation': { retryable: false, status: 422 },
  'outside-policy': { retryable: false, status: 422 },
  'rate-limited': { retryable: true, status: 429 },
  'no-capacity': { retryable: true, status: 503 },
  'internal': { retryable: true, status: 500 },
  'not-found': { retryable: false, status: 404 },
  'bad-archive': { retryable: false, status: 422 },
  'not-ready': { retryable: true, status: 409 },
  'refused': { retryable: false, status: 422 },
});

/**
 * A hiring message refused, by this side's checks or by a bot, with its refusal code (section 6)
 * and a message saying what was wrong and what to do.
 */
export class HiringError extends Error {
  /**
   * @param {RefusalCode} code
   * @param {string} message
   * @param {{ cause?: unknown, retryAfter?: number }} [options] retryAfter: seconds, from a bot's Retry-After
   */
  constructor(code, message, options = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (!(code in REFUSALS)) throw new TypeError(`unknown refusal code ${code}`);
    this.name = 'HiringError';
    /** @type {RefusalCode} */
    this.code = code;
    this.retryable = REFUSALS[code].retryable;
    this.retryAfter = options.retryAfter;
  }

  /** The refusal as a receiver sends it: `{"error": {"code", "message", "retryable"}}`. */
  toJson() {
    return JSON.stringify({ error: { code: this.code, message: this.message, retryable: this.retryable } });
  }
}

/**
 * Reads a refusal a peer sent. A code this version does not know becomes `internal`, with the
 * peer's code in the message, so a newer bot's answer still reads as a refusal.
 * @param {string} text
 * @returns {HiringError} the refusal; a body that is no refusal gives a `malformed` one
 */
export function refusalFromJson(text) {
  let error;
  try {
    error = text.length <= MAX_BODY_BYTES ? /** @type {any} */ (JSON.parse(text))?.error : undefined;
  } catch { /* not JSON: no refusal */ }
  if (!error || typeof error.code !== 'string' || typeof error.message !== 'string' || typeof error.retryable !== 'boolean') {
    return new HiringError('malformed', 'the answer is not a refusal {"error": {"code", "message", "retryable"}}');
  }
  return error.code in REFUSALS
    ? new HiringError(/** @type {RefusalCode} */ (error.code), error.message)
    : new HiringError('internal', `unknown refusal ${error.code}: ${error.message}`);
}

/**
 * The EIP-712 domain of the hiring messages for a chain and factory (section 2).
 * @param {number|bigint} chainId @param {string} factory
 * @returns {{ name: string, version: string, chainId: number, verifyingContract: string }}
 */
export function hiringDomain(chainId, factory) {
  const id = Number(chainId);
  if (!Number.isSafeInteger(id) || id < 1) throw new TypeError(`chainId must be a positive integer, got ${chainId}`);
  if (typeof factory !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(factory)) throw new TypeError(`factory must be an address, got ${factory}`);
  return { name: DOMAIN_NAME, version: DOMAIN_VERSION, chainId: id, verifyingContract: factory.toLowerCase() };
}

/**
 * The typed data of a message for viem (uints as bigint).
 * @param {'Info'|'Solicitation'|'Offer'} kind @param {any} message
 * @param {{ chainId: number, verifyingContract: string }} domain
 */
export function typedData(kind, message, domain) {
  checkMessage(kind, message);
  return {
    domain: { name: DOMAIN_NAME, version: DOMAIN_VERSION, chainId: BigInt(domain.chainId), verifyingContract: /** @type {`0x${string}`} */ (domain.verifyingContract) },
    types: TYPES[kind], primaryType: kind, message: toViem(TYPES[kind], kind, message),
  };
}

/**
 * The EIP-712 digest of a message (section 2): what is signed; a Solicitation's is the Offer's `solicitationHash`.
 * @param {'Info'|'Solicitation'|'Offer'} kind @param {any} message
 * @param {{ chainId: number, verifyingContract: string }} domain
 * @returns {string} 0x + 64 hex digits
 */
export function digest(kind, message, domain) {
  return hashTypedData(/** @type {any} */ (typedData(kind, message, domain)));
}

/**
 * The domain a message is signed in: its own chain and factory, and for an Offer the solicitation's.
 * @param {{ chainId: number, factory: string }} m an Info or a Solicitation
 */
export function domainOf(m) {
  return hiringDomain(m.chainId, m.factory);
}

/**
 * Signs a message with the wallet through `eth_signTypedData_v4` and checks the answer: a wallet's
 * `v` of 0/1 becomes 27/28 and a high-s signature its low-s twin (the same signature), so the
 * result is in the strict form of section 3; one that does not recover to `account` is refused.
 * @param {{ request: (a: {method: string, params?: any[]}) => Promise<any> }} provider EIP-1193
 * @param {string} account the signer the message names (artist, operator)
 * @param {'Info'|'Solicitation'|'Offer'} kind @param {any} message
 * @param {{ chainId: number, verifyingContract: string }} domain
 * @returns {Promise<{ message: any, signature: string }>}
 */
export async function signWithWallet(provider, account, kind, message, domain) {
  checkMessage(kind, message);
  const json = JSON.stringify({
    types: { EIP712Domain: EIP712_DOMAIN, ...TYPES[kind] },
    domain: { name: DOMAIN_NAME, version: DOMAIN_VERSION, chainId: domain.chainId, verifyingContract: domain.verifyingContract },
    primaryType: kind,
    message: toSignable(TYPES[kind], kind, message),
  });
  const raw = await provider.request({ method: 'eth_signTypedData_v4', params: [account, json] });
  const signature = normaliseSignature(raw);
  const signer = (await recoverAddress({ hash: /** @type {`0x${string}`} */ (digest(kind, message, domain)), signature: /** @type {`0x${string}`} */ (signature) })).toLowerCase();
  if (signer !== account.toLowerCase()) {
    throw new HiringError('bad-signature', `the wallet signed ${WHAT[kind]} as ${signer}, not as ${account.toLowerCase()}; select that account in the wallet`);
  }
  return { message, signature };
}

/**
 * The wire form (section 3): the fields in type-string order, then the signature, no whitespace.
 * @param {'Info'|'Solicitation'|'Offer'} kind @param {{ message: any, signature: string }} signed
 * @returns {string}
 */
export function encodeWire(kind, { message, signature }) {
  checkMessage(kind, message);
  if (typeof signature !== 'string' || !SIGNATURE.test(signature)) throw new HiringError('malformed', `the signature must be 0x and 130 lowercase hex digits, got ${signature}`);
  return `{${writeFields(TYPES[kind], kind, message)},"signature":"${signature}"}`;
}

/**
 * Reads a signed message's wire form strictly (section 3): `too-large` above 8 KiB, `malformed`
 * for anything but exactly the fields in their one form, or a field rule of section 4 broken.
 * Says nothing about the signature: that is {@link verifyInfo} and the others.
 * @param {'Info'|'Solicitation'|'Offer'} kind
 * @param {string|Uint8Array} body
 * @returns {{ message: any, signature: string }}
 */
export function decodeWire(kind, body) {
  const what = WHAT[kind];
  const size = typeof body === 'string' ? new TextEncoder().encode(body).length : body.length;
  if (size > MAX_BODY_BYTES) throw new HiringError('too-large', `${what} is ${size} bytes; at most ${MAX_BODY_BYTES} are read`);
  let text;
  try {
    text = typeof body === 'string' ? body : new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new HiringError('malformed', `${what} is not UTF-8`);
  }
  let root;
  try {
    // JSON.parse would keep the last of duplicate names and read 1.0 and 1e0 as 1; the protocol refuses all three.
    root = parseJson(text, { lexemes: true });
  } catch (e) {
    if (e instanceof SyntaxError) throw new HiringError('malformed', `${what} is not strict JSON: ${e.message}`);
    throw e;
  }
  const fields = [...TYPES[kind][kind].map((f) => f.name), 'signature'];
  const o = object(root, what, fields);
  const signature = o.signature;
  if (typeof signature !== 'string' || !SIGNATURE.test(signature)) throw new HiringError('malformed', `${what}.signature must be 0x and 130 lowercase hex digits (r || s || v)`);
  const message = readFields(TYPES[kind], kind, o, what);
  checkRules(kind, message);
  return { message, signature };
}

/**
 * The pure checks of an Info (section 5, steps 2 to 4): chain and factory `expected`, signed by its
 * operator, issued and not expired at `now`. Whether the operator acts for a registered keyholder
 * is the caller's check (step 6, it needs the chain).
 * @param {{ message: any, signature: string }} signed
 * @param {{ chainId: number, factory: string }} expected
 * @param {number} now Unix seconds
 * @returns {Promise<string>} the operator
 */
export async function verifyInfo(signed, expected, now) {
  const m = signed.message;
  checkContext(WHAT.Info, m, expected);
  await checkSigner(WHAT.Info, 'Info', signed, domainOf(m), m.operator, 'operator');
  if (m.issuedAt > now + SKEW_SECONDS) throw new HiringError('expired', `${WHAT.Info} is issued at ${m.issuedAt}, in the future (now ${now}); check the signer's clock`);
  notExpired(WHAT.Info, m.expiresAt, now);
  return m.operator;
}

/**
 * The pure checks of a Solicitation (section 5, steps 2 to 4): chain and factory, signed by the
 * artist, not expired at `now` and not holding more than an hour ahead.
 * @param {{ message: any, signature: string }} signed
 * @param {{ chainId: number, factory: string }} expected
 * @param {number} now Unix seconds
 * @returns {Promise<string>} the artist
 */
export async function verifySolicitation(signed, expected, now) {
  const m = signed.message;
  checkContext(WHAT.Solicitation, m, expected);
  await checkSigner(WHAT.Solicitation, 'Solicitation', signed, domainOf(m), m.artist, 'artist');
  notExpired(WHAT.Solicitation, m.expiresAt, now);
  if (m.expiresAt > now + MAX_SOLICITATION_LIFETIME + SKEW_SECONDS) {
    throw new HiringError('outside-policy', `${WHAT.Solicitation} expires at ${m.expiresAt}, more than ${MAX_SOLICITATION_LIFETIME} s from now (${now}); sign one that expires sooner`);
  }
  return m.artist;
}

/**
 * The pure checks of an Offer (section 5, steps 3 and 4): signed by its release key in the
 * solicitation's `domain`, still valid at `now`. {@link checkOfferAnswers} ties it to the solicitation.
 * @param {{ message: any, signature: string }} signed
 * @param {{ chainId: number, verifyingContract: string }} domain the solicitation's
 * @param {number} now Unix seconds
 * @returns {Promise<string>} the release key's address
 */
export async function verifyOffer(signed, domain, now) {
  const m = signed.message;
  await checkSigner(WHAT.Offer, 'Offer', signed, domain, m.releaseKey, 'release key');
  notExpired(WHAT.Offer, m.validUntil, now);
  return m.releaseKey;
}

/**
 * Section 5 step 7: the offer answers `solicitation` (its digest) and comes from `keyholder`.
 * @param {any} offer @param {any} solicitation @param {string} keyholder
 */
export function checkOfferAnswers(offer, solicitation, keyholder) {
  const hash = digest('Solicitation', solicitation, domainOf(solicitation));
  if (offer.solicitationHash !== hash) {
    throw new HiringError('wrong-solicitation', `the offer answers solicitation ${offer.solicitationHash}, not the one sent (${hash}); discard it and solicit again`);
  }
  if (offer.keyholder !== keyholder.toLowerCase()) {
    throw new HiringError('wrong-solicitation', `the offer is from keyholder ${offer.keyholder}, not ${keyholder.toLowerCase()} that was solicited; discard it`);
  }
}

/**
 * The release public key (33 bytes compressed, 0x-hex) that signed an offer: what the artist
 * seals the slot's share to. Call after {@link verifyOffer}.
 * @param {{ message: any, signature: string }} signed
 * @param {{ chainId: number, verifyingContract: string }} domain the solicitation's
 * @returns {Promise<string>}
 */
export async function offerPublicKey(signed, domain) {
  const pub = await recoverPublicKey({ hash: /** @type {`0x${string}`} */ (digest('Offer', signed.message, domain)), signature: /** @type {`0x${string}`} */ (signed.signature) });
  const y = parseInt(pub.slice(-2), 16);
  return `0x${y & 1 ? '03' : '02'}${pub.slice(4, 68)}`;
}

/**
 * Whether a keyholder's policy takes the solicitation's terms (section 5, step 5): the bot's check,
 * which the artist runs too before it asks. `outside-policy` naming the term, or `too-large`.
 * @param {any} policy an Info's policy @param {any} s a Solicitation
 */
export function checkPolicy(policy, s) {
  const refuse = (why) => { throw new HiringError('outside-policy', `${why}; solicit with terms inside the keyholder's policy (GET /v1/info)`); };
  if (!policy.tokens.includes(s.token)) refuse(`token ${s.token} is not one this keyholder takes (${policy.tokens.join(', ')})`);
  if (s.deposit < policy.minDeposit || s.deposit > policy.maxDeposit) refuse(`deposit ${s.deposit} is outside [${policy.minDeposit}, ${policy.maxDeposit}]`);
  if (s.keyholderFee < policy.minFeePerSlot) refuse(`keyholderFee ${s.keyholderFee} is below the minimum ${policy.minFeePerSlot}`);
  if (s.revealWindow < policy.minRevealWindow || s.revealWindow > policy.maxRevealWindow) {
    refuse(`revealWindow ${s.revealWindow} s is outside [${policy.minRevealWindow}, ${policy.maxRevealWindow}] s`);
  }
  if (s.maxArchiveBytes > policy.maxArchiveBytes) {
    throw new HiringError('too-large', `the archive may be ${s.maxArchiveBytes} bytes; this keyholder stores at most ${policy.maxArchiveBytes}; solicit another keyholder or cut the archive`);
  }
}

/**
 * Section 5 step 5: the solicitation's release is where the factory creates the artist's release
 * of that salt, for the factory's `implementation()`. `address-mismatch` if not.
 * @param {any} s a Solicitation @param {string} implementation
 */
export function checkRelease(s, implementation) {
  const predicted = predictCloneAddress(s.factory, implementation, s.artist, s.salt);
  if (predicted !== s.release) {
    throw new HiringError('address-mismatch', `the release ${s.release} is not where the factory creates artist ${s.artist}'s release of this salt (${predicted}); use the factory's predictAddress`);
  }
}

/**
 * `ReleaseFactory.predictAddress(artist, salt)` computed off chain (spec/release-protocol.md 1.1):
 * CREATE2 by the factory of an EIP-1167 clone of `implementation`, salt `keccak256(abi.encode(artist, salt))`.
 * @param {string} factory @param {string} implementation @param {string} artist @param {string} salt 0x + 64 hex
 * @returns {string} lowercase address
 */
export function predictCloneAddress(factory, implementation, artist, salt) {
  const salt2 = keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'bytes32' }], [/** @type {`0x${string}`} */ (artist), /** @type {`0x${string}`} */ (salt)]));
  const bytecode = concat(['0x3d602d80600a3d3981f3363d3d373d3d3d363d73', /** @type {`0x${string}`} */ (implementation.toLowerCase()), '0x5af43d82803e903d91602b57fd5bf3']);
  return getContractAddress({ opcode: 'CREATE2', from: /** @type {`0x${string}`} */ (factory), salt: salt2, bytecode }).toLowerCase();
}

/**
 * Checks a message built in JavaScript as a reader checks one from the wire: every field present
 * in its one form, and the field rules of section 4. `malformed` naming the field.
 * @param {'Info'|'Solicitation'|'Offer'} kind @param {any} message
 */
export function checkMessage(kind, message) {
  if (!message || typeof message !== 'object') throw new HiringError('malformed', `${WHAT[kind]} must be an object`);
  checkForm(TYPES[kind], kind, message, WHAT[kind]);
  checkRules(kind, message);
}

// ------------------------------------------------------------------ internals

/** @param {string} s */
function parseTypes(s) {
  /** @type {Record<string, {name: string, type: string}[]>} */
  const types = {};
  for (const [, name, fields] of s.matchAll(/(\w+)\(([^)]*)\)/g)) {
    types[name] = fields.split(',').map((f) => { const [type, field] = f.split(' '); return { name: field, type }; });
  }
  return types;
}

/** @param {string} type @param {string} name */
function fieldKind(type, name) {
  if (type === 'address' || type === 'bytes32' || type === 'string' || type === 'address[]') return type;
  const bits = /^uint(\d+)$/.exec(type);
  if (bits) return AMOUNTS.has(name) ? 'amount' : 'number';
  return 'struct';
}

/** @param {string} type */
function numberMax(type) {
  const bits = Number(/^uint(\d+)$/.exec(type)[1]);
  return bits >= 53 ? MAX_SAFE : 2 ** bits - 1;
}

/** @param {unknown} v @param {string} what @param {string[]} fields @returns {Record<string, unknown>} */
function object(v, what, fields) {
  if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof JsonNumber) throw new HiringError('malformed', `${what} must be a JSON object`);
  for (const name of Object.keys(v)) {
    if (!fields.includes(name)) throw new HiringError('malformed', `${what} has unknown field "${name}"; its fields are ${fields.join(', ')}`);
  }
  for (const name of fields) if (!(name in v)) throw new HiringError('malformed', `${what} lacks field "${name}"`);
  return /** @type {Record<string, unknown>} */ (v);
}

/**
 * @param {Record<string, {name: string, type: string}[]>} types @param {string} type
 * @param {Record<string, unknown>} o @param {string} what
 * @returns {any}
 */
function readFields(types, type, o, what) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const { name, type: t } of types[type]) {
    const v = o[name];
    const at = `${what}.${name}`;
    const bad = (form) => { throw new HiringError('malformed', `${at} must be ${form}, got ${show(v)}`); };
    switch (fieldKind(t, name)) {
      case 'address': if (typeof v !== 'string' || !ADDRESS.test(v)) bad('0x and 40 lowercase hex digits'); out[name] = v; break;
      case 'bytes32': if (typeof v !== 'string' || !BYTES32.test(v)) bad('0x and 64 lowercase hex digits'); out[name] = v; break;
      case 'string': if (typeof v !== 'string') bad('a JSON string'); out[name] = v; break;
      case 'amount': {
        if (typeof v !== 'string' || !DECIMAL.test(v)) bad('a decimal string without sign or leading zeros');
        const b = BigInt(/** @type {string} */ (v));
        if (b >= UINT256_LIMIT) throw new HiringError('malformed', `${at} is above 2^256 - 1`);
        out[name] = b;
        break;
      }
      case 'number': {
        const lexeme = numberLexeme(v);
        if (lexeme === null || !INTEGER.test(lexeme)) bad('an integer JSON number (no sign, fraction or exponent)');
        const max = numberMax(t);
        const n = Number(lexeme);
        if (lexeme.length > 16 || n > max) throw new HiringError('malformed', `${at} must be in [0, ${max}], got ${lexeme}`);
        out[name] = n;
        break;
      }
      case 'address[]': {
        if (!Array.isArray(v)) bad('a JSON array');
        const a = /** @type {unknown[]} */ (v);
        if (a.length > MAX_TOKENS) throw new HiringError('malformed', `${at} lists more than ${MAX_TOKENS}`);
        a.forEach((e, i) => { if (typeof e !== 'string' || !ADDRESS.test(e)) throw new HiringError('malformed', `${at}[${i}] must be 0x and 40 lowercase hex digits`); });
        out[name] = [...a];
        break;
      }
      default: out[name] = readFields(types, t, object(v, at, types[t].map((f) => f.name)), at);
    }
  }
  return out;
}

/** A JSON number as it was written, or null for anything else. @param {unknown} v @returns {string|null} */
function numberLexeme(v) {
  return v instanceof JsonNumber ? v.text : null;
}

/** @param {unknown} v */
function show(v) {
  if (v instanceof JsonNumber) return v.text;
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * The JavaScript form of a message: what {@link readFields} produces.
 * @param {Record<string, {name: string, type: string}[]>} types @param {string} type @param {any} m @param {string} what
 */
function checkForm(types, type, m, what) {
  for (const { name, type: t } of types[type]) {
    const v = m[name];
    const at = `${what}.${name}`;
    const bad = (form) => { throw new HiringError('malformed', `${at} must be ${form}, got ${show(typeof v === 'bigint' ? String(v) : v)}`); };
    switch (fieldKind(t, name)) {
      case 'address': if (typeof v !== 'string' || !ADDRESS.test(v)) bad('0x and 40 lowercase hex digits'); break;
      case 'bytes32': if (typeof v !== 'string' || !BYTES32.test(v)) bad('0x and 64 lowercase hex digits'); break;
      case 'string': if (typeof v !== 'string') bad('a string'); break;
      case 'amount': if (typeof v !== 'bigint' || v < 0n || v >= UINT256_LIMIT) bad('a bigint in [0, 2^256 - 1]'); break;
      case 'number': if (!Number.isSafeInteger(v) || v < 0 || v > numberMax(t)) bad(`an integer in [0, ${numberMax(t)}]`); break;
      case 'address[]':
        if (!Array.isArray(v) || v.length > MAX_TOKENS || !v.every((e) => typeof e === 'string' && ADDRESS.test(e))) bad(`an array of at most ${MAX_TOKENS} lowercase addresses`);
        break;
      default:
        if (!v || typeof v !== 'object') bad('an object');
        checkForm(types, t, v, at);
    }
  }
}

/** The field rules of section 4 that the types alone do not say. @param {string} kind @param {any} m */
function checkRules(kind, m) {
  const what = WHAT[kind];
  /** @param {boolean} ok @param {string} why */
  const rule = (ok, why) => { if (!ok) throw new HiringError('malformed', `${what}: ${why}`); };
  if (kind === 'Info') {
    rule(m.chainId >= 1, 'chainId must be positive');
    rule(VERSION.test(m.version), 'version must be 1 to 64 printable ASCII characters without spaces');
    rule(m.expiresAt >= m.issuedAt, 'expiresAt is before issuedAt');
    const p = m.policy;
    rule(p.minDeposit <= p.maxDeposit, 'policy.minDeposit is above policy.maxDeposit');
    rule(p.minRevealWindow <= p.maxRevealWindow, 'policy.minRevealWindow is above policy.maxRevealWindow');
    rule(p.maxArchiveBytes >= 1, 'policy.maxArchiveBytes must be positive');
    rule(p.tokens.length >= 1, `policy.tokens must list 1 to ${MAX_TOKENS} tokens`);
    for (let i = 1; i < p.tokens.length; i++) rule(p.tokens[i - 1] < p.tokens[i], `policy.tokens must be in ascending order without repeats (tokens[${i}])`);
  } else if (kind === 'Solicitation') {
    rule(m.chainId >= 1, 'chainId must be positive');
    rule(m.group <= 7, `group must be in [0, 7], got ${m.group}`);
    rule(m.slot <= 31, `slot must be in [0, 31], got ${m.slot}`);
    rule(m.deposit > 0n, 'deposit must be positive');
    rule(m.pledgeDeadline > m.enrolDeadline, 'pledgeDeadline must be after enrolDeadline');
    rule(m.revealWindow > 0, 'revealWindow must be positive');
    rule(m.goal > 0n, 'goal must be positive');
    rule(m.maxArchiveBytes >= 1, 'maxArchiveBytes must be positive');
  }
}

/** @param {Record<string, {name: string, type: string}[]>} types @param {string} type @param {any} m @returns {string} */
function writeFields(types, type, m) {
  return types[type].map(({ name, type: t }) => {
    const v = m[name];
    let json;
    switch (fieldKind(t, name)) {
      case 'amount': json = `"${v.toString()}"`; break;
      case 'number': json = String(v); break;
      case 'address[]': json = `[${v.map((a) => `"${a}"`).join(',')}]`; break;
      case 'struct': json = `{${writeFields(types, t, v)}}`; break;
      default: json = JSON.stringify(v);
    }
    return `"${name}":${json}`;
  }).join(',');
}

/** viem's form: every uint a bigint. @param {Record<string, {name: string, type: string}[]>} types @param {string} type @param {any} m @returns {any} */
function toViem(types, type, m) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const { name, type: t } of types[type]) {
    const k = fieldKind(t, name);
    out[name] = k === 'amount' || k === 'number' ? BigInt(m[name]) : k === 'struct' ? toViem(types, t, m[name]) : m[name];
  }
  return out;
}

/** What a wallet's JSON takes: amounts as decimal strings (no JSON bigint), numbers as numbers. @param {Record<string, {name: string, type: string}[]>} types @param {string} type @param {any} m @returns {any} */
function toSignable(types, type, m) {
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const { name, type: t } of types[type]) {
    const k = fieldKind(t, name);
    out[name] = k === 'amount' ? m[name].toString() : k === 'struct' ? toSignable(types, t, m[name]) : m[name];
  }
  return out;
}

/** @param {string} what @param {any} m @param {{ chainId: number, factory: string }} expected */
function checkContext(what, m, expected) {
  if (m.chainId !== Number(expected.chainId)) {
    throw new HiringError('wrong-chain', `${what} is for chain ${m.chainId}; this side works on chain ${expected.chainId}; sign it for chain ${expected.chainId}`);
  }
  const factory = expected.factory.toLowerCase();
  if (m.factory !== factory) throw new HiringError('wrong-factory', `${what} is for factory ${m.factory}; this side works with factory ${factory}; sign it for that factory`);
}

/**
 * The strict signature form of section 3, then the signer over the digest in `domain`.
 * @param {string} what @param {'Info'|'Solicitation'|'Offer'} kind @param {{ message: any, signature: string }} signed
 * @param {{ chainId: number, verifyingContract: string }} domain @param {string} expected @param {string} role
 */
async function checkSigner(what, kind, signed, domain, expected, role) {
  const sig = signed.signature;
  if (typeof sig !== 'string' || !SIGNATURE.test(sig)) throw new HiringError('bad-signature', `${what} has no signature of 65 bytes in lowercase hex`);
  const r = BigInt(`0x${sig.slice(2, 66)}`);
  const s = BigInt(`0x${sig.slice(66, 130)}`);
  const v = parseInt(sig.slice(130), 16);
  if (r < 1n || r >= N || s < 1n || s >= N) throw new HiringError('bad-signature', `${what} has an invalid signature: r or s is outside [1, n-1]`);
  if (s > N / 2n) throw new HiringError('bad-signature', `${what} has an invalid signature: s is above n/2 (a high-s signature; sign again, signers produce low s)`);
  if (v !== 27 && v !== 28) throw new HiringError('bad-signature', `${what} has an invalid signature: v is ${v}, not 27 or 28`);
  let signer;
  try {
    signer = (await recoverAddress({ hash: /** @type {`0x${string}`} */ (digest(kind, signed.message, domain)), signature: /** @type {`0x${string}`} */ (sig) })).toLowerCase();
  } catch (e) {
    throw new HiringError('bad-signature', `${what} has an invalid signature: ${e instanceof Error ? e.message : e}`, { cause: e });
  }
  if (signer !== expected) {
    throw new HiringError('bad-signature', `${what} is signed by ${signer}, not by its ${role} ${expected}; sign it with that key, over exactly these fields, chain and factory`);
  }
}

/** @param {string} what @param {number} expiresAt @param {number} now */
function notExpired(what, expiresAt, now) {
  if (now > expiresAt + SKEW_SECONDS) throw new HiringError('expired', `${what} expired at ${expiresAt} (now ${now}, ${SKEW_SECONDS} s of clock skew allowed); sign a new one`);
}

/** The strict form of a wallet's signature: v 27/28, low s, lowercase. @param {unknown} raw @returns {string} */
function normaliseSignature(raw) {
  if (typeof raw !== 'string' || !/^0x[0-9a-fA-F]{130}$/.test(raw)) throw new HiringError('bad-signature', `the wallet answered ${show(raw)}, not a 65-byte signature`);
  const r = raw.slice(2, 66).toLowerCase();
  let s = BigInt(`0x${raw.slice(66, 130)}`);
  let v = parseInt(raw.slice(130), 16);
  if (v < 27) v += 27;
  if (v !== 27 && v !== 28) throw new HiringError('bad-signature', `the wallet's signature has v = ${v}, not 27 or 28`);
  if (s > N / 2n) { s = N - s; v = v === 27 ? 28 : 27; }
  return `0x${r}${s.toString(16).padStart(64, '0')}${v.toString(16)}`;
}
