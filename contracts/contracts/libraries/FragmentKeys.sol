// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Secp256k1} from "./Secp256k1.sol";

/**
 * @title FragmentKeys
 * @notice The fragment-key derivation of archive format v2 (spec/archive-format.md section 6), so
 * a release can check, once the secret s is on chain, that the sampled keys it accepted before
 * pledging are the ones s derives: k_e = OS2IP(HKDF-SHA256(s, salt, uint32_be(e), 48)) mod (n-1) + 1.
 * Written by hand over the SHA-256 precompile: no audited Solidity HKDF exists, and the
 * `abi.encodePacked` form costs ~11k gas a key in fresh memory where this one costs ~2k. Every HMAC
 * key here is 32 bytes, so the padded key block is the key, then 32 bytes of pad; the message is
 * written right after that block, in one scratch buffer at the free-memory pointer (never moved:
 * nothing between the writes and {_hmac} allocates).
 */
library FragmentKeys {
    /// @dev The HKDF salt, "unveil/archive/v2/fragment-key" (30 bytes), zero-padded as HMAC pads a short key.
    bytes32 private constant _SALT = "unveil/archive/v2/fragment-key";
    bytes32 private constant _IPAD = 0x3636363636363636363636363636363636363636363636363636363636363636;
    bytes32 private constant _OPAD = 0x5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c;
    uint256 private constant _N_MINUS_1 = Secp256k1.ORDER - 1;

    /// @dev HKDF-Extract(salt, s): the pseudo-random key every fragment's key is expanded from.
    function extract(uint256 secret) internal view returns (bytes32) {
        assembly ("memory-safe") {
            mstore(add(mload(0x40), 64), secret)
        }
        return _hmac(_SALT, 32);
    }

    /// @dev k_e from the extracted key: the first 48 bytes of HKDF-Expand, reduced into [1, n-1].
    function key(bytes32 prk, uint256 index) internal view returns (uint256) {
        uint256 info = index << 224;
        // T(1) = HMAC(prk, info ‖ 0x01)
        assembly ("memory-safe") {
            mstore(add(mload(0x40), 64), or(info, shl(216, 1)))
        }
        bytes32 t1 = _hmac(prk, 5);
        // T(2) = HMAC(prk, T(1) ‖ info ‖ 0x02)
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(add(m, 64), t1)
            mstore(add(m, 96), or(info, shl(216, 2)))
        }
        bytes32 t2 = _hmac(prk, 37);
        // okm = T(1) ‖ T(2)[0:16], a 384-bit number: T(1) * 2^128 + (T(2) >> 128), reduced mod n-1.
        uint256 high = mulmod(uint256(t1), 1 << 128, _N_MINUS_1);
        return addmod(high, uint256(t2) >> 128, _N_MINUS_1) + 1;
    }

    /// @dev HMAC-SHA256(hmacKey, message) for a 32-byte key, the message's `len` bytes already at
    /// free memory + 64. The inner hash lands at + 64 (over the message, no longer needed), the outer at + 0.
    function _hmac(bytes32 hmacKey, uint256 len) private view returns (bytes32 out) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, xor(hmacKey, _IPAD))
            mstore(add(m, 32), _IPAD)
            if iszero(staticcall(gas(), 0x02, m, add(64, len), add(m, 64), 32)) { revert(0, 0) }
            mstore(m, xor(hmacKey, _OPAD))
            mstore(add(m, 32), _OPAD)
            if iszero(staticcall(gas(), 0x02, m, 96, m, 32)) { revert(0, 0) }
            out := mload(m)
        }
    }
}
