// Web3 Secret Storage v3 keystores: the backup of a random release key, for a keyholder whose wallet
// cannot derive one (spec/keys.md section 4.3). Written as web3j's Wallet.createStandard writes them
// (scrypt n = 2^18, r = 8, p = 1, dklen 32; AES-128-CTR; MAC = keccak256(dk[16..32] || ciphertext)), so
// the Java CLI (`release enrol --release-key-file`) and any Ethereum wallet tool read them; any v3
// keystore with scrypt or PBKDF2-HMAC-SHA256 is read. There is no keystore codec among the vendored
// libraries (viem has none), so the format is assembled here from @noble's audited primitives.
import { scryptAsync, pbkdf2Async, ctr, keccak_256, sha256 } from '../../vendor/noble.js';
import { toHex, fromHex, concat } from '../bytes.js';
import { releaseKeyOf } from './release-key.js';
import { KeyError } from './errors.js';

/** web3j's standard parameters. */
const STANDARD = Object.freeze({ n: 262144, r: 8, p: 1, dklen: 32 });
/** A keystore is small; anything bigger is not one (as the Java reader's bound). */
export const MAX_KEYSTORE_BYTES = 64 * 1024;
/**
 * A file's KDF costs are bounded before anything runs (spec/keys.md section 4.3), so a hostile file
 * cannot make the page take gigabytes or hang: scrypt's memory 128 r n at most web3j's standard
 * (256 MiB), its work n r p at most four times the standard's, PBKDF2 at most 10^7 rounds.
 */
const MAX_SCRYPT_MEMORY = 2 ** 28, MAX_SCRYPT_WORK = 2 ** 23, MAX_PBKDF2_C = 10_000_000;

/**
 * Encrypts a release key under `password` as a v3 keystore (JSON text).
 * @param {import('./release-key.js').ReleaseKey} releaseKey
 * @param {string} password not empty
 * @param {import('./random.js').RandomSource} random salt, IV and id
 * @param {{ onProgress?: (fraction: number) => void }} [hooks] scrypt takes seconds and 256 MiB
 * @returns {Promise<string>}
 */
export async function encryptKeystore(releaseKey, password, random, hooks = {}) {
  requirePassword(password);
  const salt = random.bytes(32), iv = random.bytes(16), id = random.bytes(16);
  const dk = await scryptAsync(utf8(password), salt, { N: STANDARD.n, r: STANDARD.r, p: STANDARD.p, dkLen: STANDARD.dklen, onProgress: hooks.onProgress });
  try {
    const ciphertext = ctr(dk.subarray(0, 16), iv).encrypt(releaseKey.key);
    const mac = keccak_256(concat(dk.subarray(16, 32), ciphertext));
    id[6] = (id[6] & 0x0f) | 0x40; // a version 4 (random) UUID, as web3j's
    id[8] = (id[8] & 0x3f) | 0x80;
    const h = toHex(id);
    return JSON.stringify({
      address: releaseKey.address.slice(2).toLowerCase(),
      id: `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`,
      version: 3,
      crypto: {
        cipher: 'aes-128-ctr', ciphertext: toHex(ciphertext), cipherparams: { iv: toHex(iv) },
        kdf: 'scrypt', kdfparams: { dklen: STANDARD.dklen, n: STANDARD.n, p: STANDARD.p, r: STANDARD.r, salt: toHex(salt) },
        mac: toHex(mac),
      },
    });
  } finally {
    dk.fill(0);
  }
}

/**
 * Decrypts a v3 keystore into the release key it holds.
 * @param {string} text the keystore file's contents
 * @param {string} password
 * @param {{ onProgress?: (fraction: number) => void }} [hooks]
 * @returns {Promise<import('./release-key.js').ReleaseKey>}
 * @throws {KeyError} code 'keystore-invalid' (not a keystore, or costs beyond the bounds) or 'keystore-password' (wrong password or tampered)
 */
export async function decryptKeystore(text, password, hooks = {}) {
  requirePassword(password);
  if (typeof text !== 'string' || text.length > MAX_KEYSTORE_BYTES) throw invalid(`a keystore is JSON text of at most ${MAX_KEYSTORE_BYTES} bytes`);
  let ks;
  try { ks = JSON.parse(text); } catch (e) { throw invalid(`it is not JSON (${e instanceof Error ? e.message : e})`); }
  if (ks?.version !== 3) throw invalid(`its version is ${JSON.stringify(ks?.version)}, not 3`);
  const c = ks.crypto ?? ks.Crypto;
  if (c?.cipher !== 'aes-128-ctr') throw invalid(`its cipher is ${JSON.stringify(c?.cipher)}, not aes-128-ctr`);
  const ciphertext = hexField(c.ciphertext, 'crypto.ciphertext', 32), iv = hexField(c.cipherparams?.iv, 'crypto.cipherparams.iv', 16);
  const mac = hexField(c.mac, 'crypto.mac', 32), kp = c.kdfparams ?? {};
  const salt = hexField(kp.salt, 'crypto.kdfparams.salt');
  if (kp.dklen !== 32) throw invalid(`its kdfparams.dklen is ${JSON.stringify(kp.dklen)}, not 32`);
  let dk;
  if (c.kdf === 'scrypt') {
    const { n, r, p } = kp;
    if (!isInt(n) || n < 2 || (n & (n - 1)) !== 0 || !isInt(r) || r < 1 || !isInt(p) || p < 1 || 128 * r * n > MAX_SCRYPT_MEMORY || n * r * p > MAX_SCRYPT_WORK) {
      throw invalid(`its scrypt costs n=${n}, r=${r}, p=${p} are beyond what this tool opens (n a power of 2, 128*r*n at most 256 MiB, n*r*p at most 2^23)`);
    }
    // noble's own memory check counts a little more than 128 r n: room for that, and no more.
    dk = await scryptAsync(utf8(password), salt, { N: n, r, p, dkLen: 32, maxmem: MAX_SCRYPT_MEMORY + 128 * r * (p + 2) + 1024, onProgress: hooks.onProgress });
  } else if (c.kdf === 'pbkdf2') {
    if (kp.prf !== 'hmac-sha256' || !isInt(kp.c) || kp.c < 1 || kp.c > MAX_PBKDF2_C) throw invalid(`its pbkdf2 parameters (prf ${kp.prf}, c ${kp.c}) are not hmac-sha256 with 1 to ${MAX_PBKDF2_C} rounds`);
    dk = await pbkdf2Async(sha256, utf8(password), salt, { c: kp.c, dkLen: 32 });
  } else {
    throw invalid(`its kdf is ${JSON.stringify(c.kdf)}, not scrypt or pbkdf2`);
  }
  try {
    if (toHex(keccak_256(concat(dk.subarray(16, 32), ciphertext))) !== toHex(mac)) {
      throw new KeyError('the keystore does not open with this password (or it was altered): check the password and the file', 'keystore-password');
    }
    const k = ctr(dk.subarray(0, 16), iv).decrypt(ciphertext);
    try {
      const key = releaseKeyOf(k);
      if (typeof ks.address === 'string' && ks.address.replace(/^0x/, '').toLowerCase() !== key.address.slice(2).toLowerCase()) {
        key.key.fill(0);
        throw invalid(`it says it holds the key of 0x${ks.address.replace(/^0x/, '')} but holds that of ${key.address}`);
      }
      return key;
    } catch (e) {
      if (e instanceof KeyError && e.code === 'keystore-invalid') throw e;
      throw invalid('it holds no valid secp256k1 key');
    } finally {
      k.fill(0);
    }
  } finally {
    dk.fill(0);
  }
}

/** @param {string} why */
function invalid(why) {
  return new KeyError(`not a usable Web3 Secret Storage keystore: ${why}; choose the keystore file this tool (or \`unveil keyholder derive --save\`) wrote`, 'keystore-invalid');
}

/** @param {unknown} password */
function requirePassword(password) {
  if (typeof password !== 'string' || password.length === 0) throw new KeyError('a keystore needs a password: type one (not empty)', 'keystore-password');
}

/** @param {unknown} v @param {string} name @param {number} [length] */
function hexField(v, name, length) {
  if (typeof v !== 'string' || !/^(0x)?([0-9a-fA-F]{2})+$/.test(v)) throw invalid(`${name} is not hex`);
  const b = fromHex(v.replace(/^0x/, ''));
  if (length !== undefined && b.length !== length) throw invalid(`${name} is ${b.length} bytes, not ${length}`);
  return b;
}

/** @param {unknown} v @returns {v is number} */
function isInt(v) {
  return typeof v === 'number' && Number.isSafeInteger(v);
}

/** @param {string} s */
function utf8(s) {
  return new TextEncoder().encode(s);
}
