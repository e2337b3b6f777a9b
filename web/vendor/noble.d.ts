// Types of vendor/noble.js: the packages it bundles, as pinned in web/package-lock.json.
export { sha256, sha512 } from '@noble/hashes/sha2.js';
export { sha1 } from '@noble/hashes/legacy.js';
export { hkdf, extract as hkdfExtract, expand as hkdfExpand } from '@noble/hashes/hkdf.js';
export { hmac } from '@noble/hashes/hmac.js';
export { keccak_256 } from '@noble/hashes/sha3.js';
export { bytesToHex, hexToBytes, concatBytes, utf8ToBytes, randomBytes } from '@noble/hashes/utils.js';
export { secp256k1 } from '@noble/curves/secp256k1.js';
export { x25519 } from '@noble/curves/ed25519.js';
export { chacha20 } from '@noble/ciphers/chacha.js';
export { gcm } from '@noble/ciphers/aes.js';
export { scryptAsync } from '@noble/hashes/scrypt.js';
export { pbkdf2Async } from '@noble/hashes/pbkdf2.js';
export { ctr } from '@noble/ciphers/aes.js';
