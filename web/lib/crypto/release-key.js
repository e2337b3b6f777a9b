// Release keys (spec/keys.md section 4): a keyholder's per-release key k, derived from its wallet
// by signing EIP-712 typed data with eth_signTypedData_v4, so the artist never sees it and a human
// can re-derive it. The signature is checked (range, signer), normalised to low s, and must come
// out the same twice: a wallet that randomises its ECDSA nonces cannot give a stable key.
import { hkdf, sha256, keccak_256, secp256k1 } from '../../vendor/noble.js';
import { utf8, fromHex, concat, equalBytes } from '../bytes.js';
import { N, HALF_N, bytesToBigInt, scalarToBytes, mulG, compressed, ethAddress, normaliseAddress, randomScalarBytes, nonZeroScalar } from './secp.js';
import { KeyError, NonDeterministicWalletError } from './errors.js';

/** The purpose a keyholder's key has unless stated otherwise. */
export const DEFAULT_PURPOSE = 'keyholder';
/** Shown by wallets: the signature IS the key material. */
export const NOTICE = 'This signature derives your secret Unveil release key. Sign it only in an Unveil keyholder tool and never share it.';
const SALT = utf8('unveil/release-key/v1');
const MAX_TEXT = 1024;

const DOMAIN_TYPE = 'EIP712Domain(string name,string version,uint256 chainId)';
const KEY_TYPE = 'ReleaseKey(string notice,address factory,address release,address keyholder,string purpose)';

/**
 * What a keyholder's wallet signs (ReleaseKeyRequest). The phrase never reaches the wallet: it is
 * mixed into the HKDF, so a leaked signature alone does not give the key.
 * @typedef {{ chainId: number, factory: string, release: string, keyholder: string, purpose?: string, phrase?: string }} ReleaseKeyRequest
 */

/**
 * A release key: the 32-byte secret k, k*G compressed and addr(k*G), what the contract registers.
 * @typedef {{ key: Uint8Array, publicKey: Uint8Array, address: string }} ReleaseKey
 */

/**
 * A checked copy of a request: addresses lower-cased, purpose defaulted, lengths checked.
 * @param {ReleaseKeyRequest} req
 * @returns {Required<ReleaseKeyRequest>}
 */
export function releaseKeyRequest(req) {
  if (!req) throw new TypeError('release-key request required');
  if (!Number.isSafeInteger(req.chainId) || req.chainId <= 0) throw new RangeError(`chain id must be a positive integer, got ${req.chainId}`);
  const purpose = req.purpose == null || req.purpose.trim() === '' ? DEFAULT_PURPOSE : req.purpose;
  const phrase = req.phrase ?? '';
  if (purpose.length > MAX_TEXT) throw new RangeError('purpose is longer than 1024 characters');
  if (phrase.length > MAX_TEXT) throw new RangeError('phrase is longer than 1024 characters');
  return {
    chainId: req.chainId,
    factory: normaliseAddress(req.factory, 'factory'),
    release: normaliseAddress(req.release, 'release'),
    keyholder: normaliseAddress(req.keyholder, 'keyholder'),
    purpose,
    phrase,
  };
}

/**
 * The eth_signTypedData_v4 typed data of a request (pass `JSON.stringify` of it to the wallet).
 * @param {ReleaseKeyRequest} request
 * @returns {{ types: Record<string, {name: string, type: string}[]>, primaryType: 'ReleaseKey', domain: { name: string, version: string, chainId: number }, message: Record<string, string> }}
 */
export function releaseKeyTypedData(request) {
  const r = releaseKeyRequest(request);
  return {
    types: {
      EIP712Domain: [{ name: 'name', type: 'string' }, { name: 'version', type: 'string' }, { name: 'chainId', type: 'uint256' }],
      ReleaseKey: [
        { name: 'notice', type: 'string' }, { name: 'factory', type: 'address' }, { name: 'release', type: 'address' },
        { name: 'keyholder', type: 'address' }, { name: 'purpose', type: 'string' },
      ],
    },
    primaryType: 'ReleaseKey',
    domain: { name: 'Unveil release key', version: '1', chainId: r.chainId },
    message: { notice: NOTICE, factory: r.factory, release: r.release, keyholder: r.keyholder, purpose: r.purpose },
  };
}

/**
 * h = keccak256(0x1901 || domainSeparator || hashStruct(message)), the EIP-712 hash the wallet signs.
 * @param {ReleaseKeyRequest} request
 * @returns {Uint8Array}
 */
export function releaseKeyTypedDataHash(request) {
  const r = releaseKeyRequest(request);
  const domain = keccak_256(concat(keccak_256(utf8(DOMAIN_TYPE)), keccak_256(utf8('Unveil release key')), keccak_256(utf8('1')), word(BigInt(r.chainId))));
  const struct = keccak_256(concat(keccak_256(utf8(KEY_TYPE)), keccak_256(utf8(NOTICE)), addressWord(r.factory), addressWord(r.release),
    addressWord(r.keyholder), keccak_256(utf8(r.purpose))));
  return keccak_256(concat(new Uint8Array([0x19, 0x01]), domain, struct));
}

/**
 * Checks a wallet signature r || s || v of the request and returns r || low-s (64 bytes): r and s
 * in [1, n-1], v in {0, 1, 27, 28}, s > n/2 replaced by n - s, the recovered signer the keyholder.
 * @param {Uint8Array|string} signature 65 bytes, or its hex
 * @param {ReleaseKeyRequest} request
 * @returns {Uint8Array}
 * @throws {KeyError}
 */
export function normaliseSignature(signature, request) {
  const req = releaseKeyRequest(request);
  const sig = typeof signature === 'string' ? parseHex(signature) : signature;
  if (!(sig instanceof Uint8Array) || sig.length !== 65) {
    throw new KeyError(`a wallet signature must be 65 bytes (r || s || v), got ${sig instanceof Uint8Array ? sig.length : 'none'}`, 'signature-invalid');
  }
  const r = bytesToBigInt(sig.subarray(0, 32));
  let s = bytesToBigInt(sig.subarray(32, 64));
  const v = sig[64];
  if (r === 0n || r >= N || s === 0n || s >= N) {
    throw new KeyError('wallet signature has r or s out of range: it is not a secp256k1 signature', 'signature-invalid');
  }
  let recovery;
  if (v === 0 || v === 27) recovery = 0;
  else if (v === 1 || v === 28) recovery = 1;
  else throw new KeyError(`wallet signature has v=${v}, expected 0, 1, 27 or 28`, 'signature-invalid');
  if (s > HALF_N) {
    // Both (r, s) and (r, n-s) are valid; keep the low one so every wallet yields the same key.
    s = N - s;
    recovery ^= 1;
  }
  let signer = 'nobody';
  try {
    signer = ethAddress(new secp256k1.Signature(r, s, recovery).recoverPublicKey(releaseKeyTypedDataHash(req)));
  } catch {
    // no point recovers: reported as a signature by nobody below
  }
  if (signer !== req.keyholder) {
    throw new KeyError(`the signature was made by ${signer}, not by keyholder ${req.keyholder} over this release-key request; `
      + 'check the account, chain id, factory and release', 'signature-wrong-signer');
  }
  return concat(scalarToBytes(r), scalarToBytes(s));
}

/**
 * okm = HKDF-SHA256(r || s, salt = "unveil/release-key/v1", info = h || UTF-8(NFC(phrase)), 48),
 * k = (OS2IP(okm) mod (n-1)) + 1.
 * @param {Uint8Array} rs64 a normalised signature (from `normaliseSignature`)
 * @param {ReleaseKeyRequest} request
 * @returns {ReleaseKey}
 */
export function releaseKeyFromNormalisedSignature(rs64, request) {
  const req = releaseKeyRequest(request);
  if (!(rs64 instanceof Uint8Array) || rs64.length !== 64) throw new TypeError('a normalised signature is 64 bytes (r || s)');
  const info = concat(releaseKeyTypedDataHash(req), utf8(req.phrase.normalize('NFC')));
  const okm = hkdf(sha256, rs64, SALT, info, 48);
  const k = scalarToBytes(bytesToBigInt(okm) % (N - 1n) + 1n);
  okm.fill(0);
  info.fill(0);
  return releaseKeyOf(k);
}

/**
 * The key from one signature made elsewhere (a wallet by hand): checked, then derived. Signing
 * once is enough here; the caller vouches for the wallet's determinism.
 * @param {ReleaseKeyRequest} request
 * @param {Uint8Array|string} signature
 * @returns {ReleaseKey}
 */
export function releaseKeyFromSignature(request, signature) {
  const rs = normaliseSignature(signature, request);
  try {
    return releaseKeyFromNormalisedSignature(rs, request);
  } finally {
    rs.fill(0);
  }
}

/**
 * Derives the release key through the wallet: signs the typed data twice and refuses, with a
 * NonDeterministicWalletError, if the two normalised signatures differ (use a random key with a
 * keystore backup then, spec/keys.md section 4.3).
 * @param {(typedData: ReturnType<typeof releaseKeyTypedData>) => Promise<string|Uint8Array>} signTypedData
 *   asks the keyholder's wallet (eth_signTypedData_v4 with JSON.stringify(typedData)) and returns its signature
 * @param {ReleaseKeyRequest} request
 * @returns {Promise<ReleaseKey>}
 */
export async function deriveReleaseKey(signTypedData, request) {
  if (typeof signTypedData !== 'function') throw new TypeError('signTypedData(typedData) => Promise<signature hex> required');
  const req = releaseKeyRequest(request);
  const typedData = releaseKeyTypedData(req);
  const first = normaliseSignature(await signTypedData(typedData), req);
  const second = normaliseSignature(await signTypedData(typedData), req);
  try {
    if (!equalBytes(first, second)) {
      throw new NonDeterministicWalletError(`the wallet ${req.keyholder} gave two different signatures for the same release-key request `
        + '(it randomises its signatures, so it does not sign deterministically) and cannot derive a stable release key; '
        + 'use a random release key with a keystore backup instead, or a wallet with RFC 6979 signatures');
    }
    return releaseKeyFromNormalisedSignature(first, req);
  } finally {
    first.fill(0);
    second.fill(0);
  }
}

/**
 * A uniformly random release key (the fallback for wallets that cannot derive), drawn as Java's
 * `ReleaseKey.random`.
 * @param {import('./random.js').RandomSource} random
 * @returns {ReleaseKey}
 */
export function randomReleaseKey(random) {
  return releaseKeyOf(randomScalarBytes(random));
}

/**
 * A release key from its 32 bytes (copied).
 * @param {Uint8Array} k32 in [1, n-1]
 * @returns {ReleaseKey}
 */
export function releaseKeyOf(k32) {
  const P = mulG(nonZeroScalar(k32, 'release key'));
  return { key: Uint8Array.from(k32), publicKey: compressed(P), address: ethAddress(P) };
}

/** @param {bigint} x */
function word(x) {
  return scalarToBytes(x);
}

/** @param {string} address */
function addressWord(address) {
  const w = new Uint8Array(32);
  w.set(fromHex(address), 12);
  return w;
}

/** @param {string} hex */
function parseHex(hex) {
  try {
    return fromHex(hex);
  } catch {
    throw new KeyError(`the wallet's signature is not hex: ${JSON.stringify(hex.slice(0, 20))}...`, 'signature-invalid');
  }
}

