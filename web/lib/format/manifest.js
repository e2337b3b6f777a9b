// manifest.json (spec/archive-format.md sections 4 and 5): the strict reader and the canonical
// writer, twin of org.unveil.archive.internal.ManifestCodec and ManifestRules. One manifest has
// exactly one byte string, and so one hash: the reader refuses anything but the canonical bytes,
// and checks fields in Java's order so both twins refuse a bad manifest for the same reason.

import { sha256 } from '../../vendor/noble.js';
import { toHex, utf8, fromUtf8 } from '../bytes.js';
import { canonicalJson } from './jcs.js';
import { parseJson, JsonNumber } from './json.js';
import { unsafePathReason, collisionKey } from './paths.js';
import { extensionFor, isWellFormedMediaType } from './mediatypes.js';
import { storedSize } from './sizes.js';

export const VERSION = 2;
export const MANIFEST_ENTRY = 'manifest.json';
export const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
export const MAX_FRAGMENTS_PER_FILE = 999_999;
/** The media cutters' names, as `--cut PATH:FORMAT` and `files[].media.format` spell them. */
export const MEDIA_FORMATS = Object.freeze(['mp3', 'flac', 'ogg', 'ts', 'fmp4']);

/**
 * @typedef {object} Terms
 * @property {number} chainId
 * @property {string} factory
 * @property {string} release
 * @property {string} token
 * @property {string} goal decimal string
 * @property {string} artistFee decimal string
 * @property {number} enrolDeadline Unix seconds
 * @property {number} pledgeDeadline Unix seconds
 * @property {number} revealWindow seconds
 * @property {number} sampleCount 1..16
 *
 * @typedef {object} Share
 * @property {number} identifier
 * @property {string} keyholder compressed point, hex
 * @property {string} address
 * @property {string} ciphertext hex
 *
 * @typedef {object} Group
 * @property {number} threshold
 * @property {string[]} commitments
 * @property {Share[]} shares
 *
 * @typedef {object} Fragment
 * @property {number} offset
 * @property {number} size
 * @property {boolean} preview
 * @property {number} storedSize
 * @property {string} sha256 hex of the stored bytes
 * @property {string} [keyAddress] encrypted fragments only
 * @property {number} [start] media-cut files only, microseconds
 * @property {number} [duration] media-cut files only, microseconds
 *
 * @typedef {object} Media
 * @property {string} format one of MEDIA_FORMATS
 * @property {boolean} header fragment 0 is a header segment
 *
 * @typedef {object} FileEntry
 * @property {string} path
 * @property {string} mediaType
 * @property {number} size
 * @property {string} sha256
 * @property {Fragment[]} fragments
 * @property {Media} [media] media-cut files only
 *
 * @typedef {object} Manifest
 * @property {number} version
 * @property {Terms} terms
 * @property {string} license
 * @property {{publicKey: string, address: string}} secret
 * @property {Group[]} groups
 * @property {FileEntry[]} files
 *
 * @typedef {object} EncryptedFragment
 * @property {number} e index among encrypted fragments, 0..F-1
 * @property {number} fileIndex
 * @property {number} fragmentIndex
 * @property {string} path the file's path
 * @property {Fragment} fragment
 */

/**
 * A manifest that breaks the format. `code` says which kind of rule (json, too-large, not-object,
 * version, unknown-field, missing-field, type, range, terms, path, collision, rule, canonical),
 * `field` where (e.g. "manifest.files[1].fragments[0].storedSize"; "manifest" for the whole).
 */
export class ManifestError extends Error {
  /**
   * @param {string} message
   * @param {string} code
   * @param {string} field
   * @param {unknown} [cause]
   */
  constructor(message, code, field, cause) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ManifestError';
    this.code = code;
    this.field = field;
  }
}

const HEX64 = /^[0-9a-f]{64}$/;
const POINT = /^0[23][0-9a-f]{64}$/;
const ADDRESS = /^0x[0-9a-f]{40}$/;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * Reads and checks manifest bytes: every rule of sections 4 and 5, and that the bytes are exactly
 * their canonical form.
 * @param {Uint8Array} bytes
 * @returns {Manifest}
 * @throws {ManifestError}
 */
export function parseManifest(bytes) {
  if (bytes.length > MAX_MANIFEST_BYTES) {
    throw new ManifestError(`manifest is ${bytes.length} bytes; the limit is ${MAX_MANIFEST_BYTES}`, 'too-large', 'manifest');
  }
  let root;
  try {
    root = parseJson(fromUtf8(bytes));
  } catch (e) {
    const why = e instanceof TypeError ? 'malformed UTF-8' : /** @type {Error} */ (e).message;
    throw new ManifestError(`manifest is not valid JSON: ${why}`, 'json', 'manifest', e);
  }
  const m = readManifest(root);
  const canonical = canonicalBytes(m);
  if (!sameBytes(canonical, bytes)) {
    throw new ManifestError('manifest is not in canonical form (RFC 8785 JCS, no whitespace, sorted keys); re-pack or canonicalise it', 'canonical', 'manifest');
  }
  return m;
}

/**
 * The canonical bytes of a manifest, after the same checks parseManifest makes (so no writer
 * produces a manifest a reader refuses). Terms addresses are written in lowercase.
 * @param {Manifest} manifest
 * @returns {Uint8Array}
 * @throws {ManifestError}
 */
export function encodeManifest(manifest) {
  return canonicalBytes(readManifest(manifest));
}

/**
 * Checks a manifest object without encoding it and returns its normalised copy (lowercase terms
 * addresses, no undefined fields).
 * @param {Manifest} manifest
 * @returns {Manifest}
 * @throws {ManifestError}
 */
export function validateManifest(manifest) {
  return readManifest(manifest);
}

/**
 * The manifest hash: SHA-256 of the canonical bytes, 64 lowercase hex digits.
 * @param {Uint8Array} bytes
 * @returns {string}
 */
export function manifestHash(bytes) {
  return toHex(sha256(bytes));
}

/**
 * Every encrypted fragment with its index e, in archive order (files in order, each file's
 * fragments in order, previews skipped): the numbering fragment keys, the fragment tree and the
 * chain's samples use.
 * @param {Manifest} manifest
 * @returns {EncryptedFragment[]}
 */
export function encryptedFragments(manifest) {
  /** @type {EncryptedFragment[]} */
  const out = [];
  manifest.files.forEach((f, fileIndex) => {
    f.fragments.forEach((fragment, fragmentIndex) => {
      if (!fragment.preview) out.push({ e: out.length, fileIndex, fragmentIndex, path: f.path, fragment });
    });
  });
  return out;
}

/**
 * The tar entry name of a fragment (section 3): files/FFFFFF/NNNNNN.age, or
 * files/FFFFFF/NNNNNN.preview.EXT with EXT from the file's media type.
 * @param {number} fileIndex 0..999,999
 * @param {number} fragmentIndex 0..999,999
 * @param {{preview: boolean} | boolean} fragment the fragment, or whether it is a preview
 * @param {string} [mediaType] the file's media type (needed for previews)
 * @returns {string}
 */
export function entryName(fileIndex, fragmentIndex, fragment, mediaType) {
  const preview = typeof fragment === 'boolean' ? fragment : fragment.preview;
  const base = `files/${sixDigits(fileIndex)}/${sixDigits(fragmentIndex)}`;
  return preview ? `${base}.preview.${extensionFor(mediaType ?? '')}` : `${base}.age`;
}

/**
 * @param {number} n
 * @returns {string}
 */
function sixDigits(n) {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`entry index ${n} must be a non-negative integer`);
  return String(n).padStart(6, '0');
}

/**
 * @param {Manifest} m
 * @returns {Uint8Array}
 */
function canonicalBytes(m) {
  try {
    return utf8(canonicalJson(m));
  } catch (e) {
    throw new ManifestError(`manifest: ${/** @type {Error} */ (e).message}`, 'canonical', 'manifest', e);
  }
}

/**
 * @param {Uint8Array} a
 * @param {Uint8Array} b
 */
function sameBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// ---- structure (ManifestCodec): fields read in Java's order ----

/**
 * @param {unknown} root
 * @returns {Manifest}
 */
function readManifest(root) {
  if (!isObject(root)) throw new ManifestError('manifest must be a JSON object', 'not-object', 'manifest');
  const n = new Node(root, 'manifest');
  // The version comes first, so a future format gets a clear message rather than field errors.
  const version = n.integer('version', 0, 2147483647);
  if (version === 1) {
    throw new ManifestError('manifest version 1 is no longer read: version 1 sealed every fragment to one age recipient,'
      + ` so no fragment can be sampled before pledging; this reader knows version ${VERSION}; re-pack the files with this unveil`, 'version', 'manifest.version');
  }
  if (version !== VERSION) {
    throw new ManifestError(`manifest version ${version} is not supported (this reader knows version ${VERSION}); upgrade unveil`, 'version', 'manifest.version');
  }
  n.requireFields('version', 'terms', 'license', 'secret', 'groups', 'files');
  const terms = readTerms(n.object('terms'));
  const license = n.string('license', 65536);
  const secret = readSecret(n.object('secret'));
  const groups = n.array('groups', 64).map(readGroup);
  const files = n.array('files', 999_999).map(readFile);
  /** @type {Manifest} */
  const m = { version, terms, license, secret, groups, files };
  checkRules(m);
  return m;
}

/**
 * @param {Node} t
 * @returns {Terms}
 */
function readTerms(t) {
  t.requireFields('chainId', 'factory', 'release', 'token', 'goal', 'artistFee', 'enrolDeadline', 'pledgeDeadline', 'revealWindow', 'sampleCount');
  const chainId = t.integer('chainId', 1, MAX_SAFE);
  const factory = t.string('factory', 42);
  const release = t.string('release', 42);
  const token = t.string('token', 42);
  const goal = t.decimal('goal');
  const artistFee = t.decimal('artistFee');
  const enrolDeadline = t.integer('enrolDeadline', 0, MAX_SAFE);
  const pledgeDeadline = t.integer('pledgeDeadline', 0, MAX_SAFE);
  const revealWindow = t.integer('revealWindow', 1, MAX_SAFE);
  const sampleCount = t.integer('sampleCount', 1, 16);
  // ReleaseTerms' constructor checks, in its order.
  const bad = (/** @type {string} */ message, /** @type {string} */ field) => new ManifestError(`manifest: ${message}`, 'terms', `manifest.terms.${field}`);
  const address = (/** @type {string} */ what, /** @type {string} */ a) => {
    if (!/^0x[0-9a-fA-F]{40}$/.test(a)) throw bad(`${what} address '${a}' must be 0x followed by 40 hex digits`, what);
    return a.toLowerCase();
  };
  const terms = {
    chainId, factory: address('factory', factory), release: address('release', release), token: address('token', token),
    goal, artistFee, enrolDeadline, pledgeDeadline, revealWindow, sampleCount,
  };
  const g = BigInt(goal), fee = BigInt(artistFee);
  if (g <= 0n) throw bad(`goal ${goal} must be positive`, 'goal');
  if (fee < 0n || fee > g) throw bad(`artist fee ${artistFee} must be between 0 and the goal ${goal}`, 'artistFee');
  if (g >= 2n ** 256n) throw bad(`goal ${goal} does not fit uint256`, 'goal');
  if (pledgeDeadline <= enrolDeadline) {
    throw bad(`the pledge deadline ${instant(pledgeDeadline)} must be after the enrolment deadline ${instant(enrolDeadline)}`, 'pledgeDeadline');
  }
  return terms;
}

/**
 * Unix seconds as java.time.Instant prints them.
 * @param {number} seconds
 */
function instant(seconds) {
  const ms = seconds * 1000;
  if (ms > 8.64e15) return `${seconds} s`;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * @param {Node} s
 * @returns {{publicKey: string, address: string}}
 */
function readSecret(s) {
  s.requireFields('publicKey', 'address');
  return { publicKey: s.string('publicKey', 66), address: s.string('address', 42) };
}

/**
 * @param {Node} g
 * @returns {Group}
 */
function readGroup(g) {
  g.requireFields('threshold', 'commitments', 'shares');
  const commitments = g.array('commitments', 255).map((c) => c.asString(66));
  const shares = g.array('shares', 255).map((s) => {
    s.requireFields('identifier', 'keyholder', 'address', 'ciphertext');
    return { identifier: s.integer('identifier', 1, 255), keyholder: s.string('keyholder', 66), address: s.string('address', 42), ciphertext: s.string('ciphertext', 8192) };
  });
  return { threshold: g.integer('threshold', 1, 255), commitments, shares };
}

/**
 * @param {Node} f
 * @returns {FileEntry}
 */
function readFile(f) {
  // media is present exactly on media-cut files, and then every fragment has start and duration.
  const mediaCut = f.has('media');
  if (mediaCut) f.requireFields('path', 'mediaType', 'size', 'sha256', 'fragments', 'media');
  else f.requireFields('path', 'mediaType', 'size', 'sha256', 'fragments');
  const fragments = f.array('fragments', 999_999).map((x) => readFragment(x, mediaCut));
  /** @type {FileEntry} */
  const file = { path: f.string('path', 4096), mediaType: f.string('mediaType', 127), size: f.integer('size', 0, MAX_SAFE), sha256: f.string('sha256', 64), fragments };
  if (mediaCut) {
    const m = f.object('media');
    m.requireFields('format', 'header');
    file.media = { format: m.string('format', 16), header: m.bool('header') };
  }
  return file;
}

/**
 * @param {Node} x
 * @param {boolean} mediaCut
 * @returns {Fragment}
 */
function readFragment(x, mediaCut) {
  const preview = x.bool('preview');
  // keyAddress is required exactly on encrypted fragments: a preview's is an unknown field.
  const fields = ['offset', 'size', 'preview', 'storedSize', 'sha256'];
  if (!preview) fields.push('keyAddress');
  if (mediaCut) fields.push('start', 'duration');
  x.requireFields(...fields);
  const span = mediaCut ? { start: x.integer('start', 0, MAX_SAFE), duration: x.integer('duration', 0, MAX_SAFE) } : null;
  /** @type {Fragment} */
  const fragment = { offset: x.integer('offset', 0, MAX_SAFE), size: x.integer('size', 0, MAX_SAFE), preview, storedSize: x.integer('storedSize', 0, MAX_SAFE), sha256: x.string('sha256', 64) };
  if (!preview) fragment.keyAddress = x.string('keyAddress', 42);
  if (span) Object.assign(fragment, span);
  return fragment;
}

/**
 * @param {unknown} v
 * @returns {v is Record<string, unknown>}
 */
function isObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonNumber);
}

/** A JSON value with its location, for accessors whose errors say where the problem is. */
class Node {
  /**
   * @param {unknown} json
   * @param {string} where
   */
  constructor(json, where) {
    this.json = json;
    this.where = where;
  }

  /** @param {string} name */
  has(name) {
    return isObject(this.json) && Object.prototype.hasOwnProperty.call(this.json, name) && this.json[name] !== undefined;
  }

  /** @param {...string} names */
  requireFields(...names) {
    if (!isObject(this.json)) throw new ManifestError(`${this.where} must be an object`, 'type', this.where);
    const o = this.json;
    const unknown = Object.keys(o).filter((k) => o[k] !== undefined && !names.includes(k)).sort();
    if (unknown.length > 0) {
      throw new ManifestError(`${this.where} has unknown field(s) [${unknown.join(', ')}]; this reader accepts only version ${VERSION} fields`,
        'unknown-field', `${this.where}.${unknown[0]}`);
    }
    for (const name of names) if (!this.has(name)) throw this.lacks(name);
  }

  /** @param {string} name */
  lacks(name) {
    return new ManifestError(`${this.where} lacks the field '${name}'`, 'missing-field', `${this.where}.${name}`);
  }

  /** @param {string} name */
  field(name) {
    if (!this.has(name)) throw this.lacks(name);
    return /** @type {Record<string, unknown>} */ (this.json)[name];
  }

  /** @param {string} name */
  object(name) {
    const v = this.field(name);
    if (!isObject(v)) throw new ManifestError(`${this.where}.${name} must be an object`, 'type', `${this.where}.${name}`);
    return new Node(v, `${this.where}.${name}`);
  }

  /**
   * @param {string} name
   * @param {number} max
   * @returns {Node[]}
   */
  array(name, max) {
    const v = this.field(name);
    const at = `${this.where}.${name}`;
    if (!Array.isArray(v)) throw new ManifestError(`${at} must be an array`, 'type', at);
    if (v.length > max) throw new ManifestError(`${at} has ${v.length} elements; at most ${max} allowed`, 'range', at);
    return v.map((x, i) => new Node(x, `${at}[${i}]`));
  }

  /**
   * @param {string} name
   * @param {number} maxLength
   */
  string(name, maxLength) {
    return new Node(this.field(name), `${this.where}.${name}`).asString(maxLength);
  }

  /** @param {number} maxLength */
  asString(maxLength) {
    if (typeof this.json !== 'string') throw new ManifestError(`${this.where} must be a string`, 'type', this.where);
    const s = this.json;
    if (s.length > maxLength) throw new ManifestError(`${this.where} is ${s.length} characters; at most ${maxLength} allowed`, 'range', this.where);
    return s;
  }

  /**
   * An integer in min..max, as Jackson reads it: no fraction or exponent, within a Java long.
   * @param {string} name
   * @param {number} min
   * @param {number} max
   * @returns {number}
   */
  integer(name, min, max) {
    const v = this.field(name);
    const at = `${this.where}.${name}`;
    /** @type {bigint} */
    let x;
    if (typeof v === 'number' && Number.isInteger(v)) x = BigInt(v);
    else if (typeof v === 'bigint') x = v;
    else if (v instanceof JsonNumber && v.integral) x = BigInt(v.text);
    else throw new ManifestError(`${at} must be an integer`, 'type', at);
    if (x < LONG_MIN || x > LONG_MAX) throw new ManifestError(`${at} must be an integer`, 'type', at);
    if (x < BigInt(min) || x > BigInt(max)) throw new ManifestError(`${at} is ${x}; allowed range is ${min}..${max}`, 'range', at);
    return Number(x);
  }

  /** @param {string} name */
  bool(name) {
    const v = this.field(name);
    if (typeof v !== 'boolean') throw new ManifestError(`${this.where}.${name} must be true or false`, 'type', `${this.where}.${name}`);
    return v;
  }

  /** @param {string} name */
  decimal(name) {
    const s = this.string(name, 78);
    if (!/^(0|[1-9][0-9]*)$/.test(s)) {
      throw new ManifestError(`${this.where}.${name} '${s}' must be a decimal integer string without leading zeros`, 'type', `${this.where}.${name}`);
    }
    return s;
  }
}

// ---- cross-field rules (ManifestRules, MediaRules) ----

/**
 * @param {boolean} ok
 * @param {string} message
 * @param {string} field
 * @param {string} [code]
 */
function require(ok, message, field, code = 'rule') {
  if (!ok) throw new ManifestError(message, code, field);
}

// Character.isWhitespace: Unicode space separators except the no-break ones, and the ASCII controls
// U+0009..U+000D and U+001C..U+001F (a license of only such characters is blank).
const JAVA_BLANK = /^[\t\n\u000b\f\r\u001c-\u001f \u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]*$/;

/** @param {Manifest} m */
function checkRules(m) {
  require(!JAVA_BLANK.test(m.license), 'manifest.license must not be empty', 'manifest.license');
  const s = m.secret;
  require(POINT.test(s.publicKey), `manifest.secret.publicKey '${s.publicKey}' is not a compressed secp256k1 point in lowercase hex`, 'manifest.secret.publicKey');
  require(ADDRESS.test(s.address), `manifest.secret.address '${s.address}' is not a lowercase 0x address`, 'manifest.secret.address');
  require(m.groups.length > 0, 'manifest.groups is empty; a release needs at least one keyholder group', 'manifest.groups');
  m.groups.forEach((g, gi) => checkGroup(g, `manifest.groups[${gi}]`, s.publicKey));
  require(m.files.length > 0, 'manifest.files is empty; nothing to release', 'manifest.files');
  /** @type {Map<string, string>} */
  const seen = new Map();
  /** @type {Map<string, number>} */
  const keyAddresses = new Map();
  /** @type {Set<string>} */
  const parents = new Set();
  m.files.forEach((f, fi) => {
    const where = `manifest.files[${fi}]`;
    const unsafe = unsafePathReason(f.path);
    require(unsafe === null, unsafe ?? '', `${where}.path`, 'path');
    const key = collisionKey(f.path);
    const previous = seen.get(key);
    require(previous === undefined, `${where}.path '${f.path}' collides with '${previous}' (same name after NFC and case folding)`, `${where}.path`, 'collision');
    seen.set(key, f.path);
    for (let slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) parents.add(key.slice(0, slash));
    require(isWellFormedMediaType(f.mediaType), `${where}.mediaType '${f.mediaType}' is not a media type`, `${where}.mediaType`);
    require(HEX64.test(f.sha256), `${where}.sha256 is not 64 lowercase hex digits`, `${where}.sha256`);
    checkFragments(f, where, keyAddresses);
  });
  // F >= 1: a release with nothing encrypted has nothing to sample, and the fragment tree needs a leaf.
  require(keyAddresses.size > 0, 'manifest has no encrypted fragment; a release must encrypt at least one (previews alone have nothing to sample or release)', 'manifest.files');
  for (const parent of parents) {
    require(!seen.has(parent), `path '${seen.get(parent)}' is both a file and a directory of another file`, 'manifest.files', 'collision');
  }
}

/**
 * @param {Group} g
 * @param {string} where
 * @param {string} secretPublicKey
 */
function checkGroup(g, where, secretPublicKey) {
  const n = g.shares.length;
  require(g.threshold >= 1 && g.threshold <= n, `${where}.threshold ${g.threshold} must be between 1 and the number of shares ${n}`, `${where}.threshold`);
  require(g.commitments.length === g.threshold, `${where} has ${g.commitments.length} commitments; Feldman VSS needs exactly threshold = ${g.threshold}`, `${where}.commitments`);
  for (const c of g.commitments) require(POINT.test(c), `${where}.commitments has '${c}', not a compressed point in lowercase hex`, `${where}.commitments`);
  require(g.commitments[0] === secretPublicKey, `${where}.commitments[0] is not manifest.secret.publicKey; every group must share the same secret`, `${where}.commitments[0]`);
  g.shares.forEach((s, i) => {
    const w = `${where}.shares[${i}]`;
    require(s.identifier === i + 1, `${w}.identifier is ${s.identifier}; identifiers run 1..N in order`, `${w}.identifier`);
    require(POINT.test(s.keyholder), `${w}.keyholder is not a compressed point in lowercase hex`, `${w}.keyholder`);
    require(ADDRESS.test(s.address), `${w}.address is not a lowercase 0x address`, `${w}.address`);
    require(/^([0-9a-f]{2})+$/.test(s.ciphertext), `${w}.ciphertext is not lowercase hex`, `${w}.ciphertext`);
  });
}

/**
 * @param {FileEntry} f
 * @param {string} where
 * @param {Map<string, number>} keyAddresses every encrypted fragment's address so far, to its e
 */
function checkFragments(f, where, keyAddresses) {
  require(f.fragments.length > 0, `${where} has no fragments`, `${where}.fragments`);
  require(f.fragments.length <= MAX_FRAGMENTS_PER_FILE, `${where} has more than ${MAX_FRAGMENTS_PER_FILE} fragments`, `${where}.fragments`);
  let next = 0;
  f.fragments.forEach((x, i) => {
    const w = `${where}.fragments[${i}]`;
    require(x.offset === next, `${w}.offset is ${x.offset} but the previous fragment ended at ${next}`, `${w}.offset`);
    require(x.size > 0 || f.size === 0, `${w}.size is 0; only an empty file may have an empty fragment`, `${w}.size`);
    next = x.offset + x.size;
    require(next <= f.size, `${w} ends at ${next}, past the file size ${f.size}`, `${w}.size`);
    const expected = storedSize(x);
    require(x.storedSize === expected, `${w}.storedSize is ${x.storedSize} but a ${x.preview ? 'preview' : 'encrypted'} fragment of ${x.size} bytes is stored in ${expected}`, `${w}.storedSize`);
    require(HEX64.test(x.sha256), `${w}.sha256 is not 64 lowercase hex digits`, `${w}.sha256`);
    if (x.preview) {
      require(x.keyAddress === undefined, `${w} is a preview and must have no keyAddress`, `${w}.keyAddress`);
    } else {
      // Whether the address is addr(k_e*G) only a holder of s or k_e can check; here it is format.
      require(typeof x.keyAddress === 'string' && ADDRESS.test(x.keyAddress), `${w}.keyAddress '${x.keyAddress}' is not a lowercase 0x address`, `${w}.keyAddress`);
      const earlier = keyAddresses.get(x.keyAddress);
      require(earlier === undefined, `${w}.keyAddress ${x.keyAddress} repeats encrypted fragment ${earlier}'s; every fragment has its own key, so a repeat means the keys were not derived from s`, `${w}.keyAddress`);
      keyAddresses.set(x.keyAddress, keyAddresses.size);
    }
  });
  require(next === f.size, `${where} fragments cover ${next} bytes but the file has ${f.size}`, `${where}.fragments`);
  checkMedia(f, where);
}

/**
 * Section 5 rule 9.
 * @param {FileEntry} f
 * @param {string} where
 */
function checkMedia(f, where) {
  const hasSpan = (/** @type {Fragment} */ x) => x.start !== undefined && x.duration !== undefined;
  if (f.media === undefined) {
    f.fragments.forEach((x, i) => require(x.start === undefined && x.duration === undefined,
      `${where}.fragments[${i}] has a media start and duration but the file has no media object`, `${where}.fragments[${i}].start`));
    return;
  }
  const format = f.media.format;
  require(MEDIA_FORMATS.includes(format), `${where}.media.format '${format}' is not one of [${MEDIA_FORMATS.join(', ')}]`, `${where}.media.format`);
  let previousStart = 0;
  f.fragments.forEach((x, i) => {
    const w = `${where}.fragments[${i}]`;
    require(hasSpan(x), `${w} lacks a media start and duration; every fragment of a media-cut file has them`, `${w}.start`);
    require(x.start >= previousStart, `${w}.start is ${x.start}, before the previous fragment's start ${previousStart}`, `${w}.start`);
    previousStart = x.start;
  });
  if (!f.media.header) return;
  require(f.fragments.length >= 2, `${where} has a header segment but no media segment after it`, `${where}.fragments`);
  const header = f.fragments[0];
  require(header.start === 0 && header.duration === 0, `${where}.fragments[0] is a header segment, so its start and duration must be 0, not ${header.start} and ${header.duration}`, `${where}.fragments[0].start`);
  require(header.preview, `${where}.fragments[0] is a header segment and must be a preview: every other fragment, samples included, plays only after it`, `${where}.fragments[0].preview`);
}
