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
 * key here is 32 bytes, so the padded key block is the key, then 32 bytes of pad, and the message
 * goes right after it in one scratch buffer past the free-memory pointer (never moved).
 */
library FragmentKeys {
    /// @dev The HKDF salt, "unveil/archive/v2/fragment-key" (30 bytes), zero-padded as HMAC pads a short key.
    bytes32 private constant _SALT = "unveil/archive/v2/fragment-key";
    uint256 private constant _N_MINUS_1 = Secp256k1.ORDER - 1;

    /// @dev HKDF-Extract(salt, s): the pseudo-random key every fragment's key is expanded from.
    function extract(uint256 secret) internal view returns (bytes32 prk) {
        bytes32 salt = _SALT;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(add(m, 64), secret)
            prk := _hmac(m, salt, 32)

            /// HMAC-SHA256(key, message) for a 32-byte key, the message (len bytes) at m + 64.
            function _hmac(buf, k, len) -> out {
                let ipad := 0x3636363636363636363636363636363636363636363636363636363636363636
                let opad := 0x5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c
                mstore(buf, xor(k, ipad))
                mstore(add(buf, 32), ipad)
                if iszero(staticcall(gas(), 0x02, buf, add(64, len), add(buf, 64), 32)) { revert(0, 0) }
                mstore(buf, xor(k, opad))
                mstore(add(buf, 32), opad)
                if iszero(staticcall(gas(), 0x02, buf, 96, buf, 32)) { revert(0, 0) }
                out := mload(buf)
            }
        }
    }

    /// @dev k_e from the extracted key: the first 48 bytes of HKDF-Expand, reduced into [1, n-1].
    function key(bytes32 prk, uint256 index) internal view returns (uint256) {
        bytes32 t1;
        bytes32 t2;
        assembly ("memory-safe") {
            let m := mload(0x40)
            let info := shl(224, index)
            // T(1) = HMAC(prk, info ‖ 0x01)
            mstore(add(m, 64), or(info, shl(216, 1)))
            t1 := _hmac(m, prk, 5)
            // T(2) = HMAC(prk, T(1) ‖ info ‖ 0x02)
            mstore(add(m, 64), t1)
            mstore(add(m, 96), or(info, shl(216, 2)))
            t2 := _hmac(m, prk, 37)

            function _hmac(buf, k, len) -> out {
                let ipad := 0x3636363636363636363636363636363636363636363636363636363636363636
                let opad := 0x5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c
                mstore(buf, xor(k, ipad))
                mstore(add(buf, 32), ipad)
                if iszero(staticcall(gas(), 0x02, buf, add(64, len), add(buf, 64), 32)) { revert(0, 0) }
                mstore(buf, xor(k, opad))
                mstore(add(buf, 32), opad)
                if iszero(staticcall(gas(), 0x02, buf, 96, buf, 32)) { revert(0, 0) }
                out := mload(buf)
            }
        }
        // okm = T(1) ‖ T(2)[0:16], a 384-bit number: T(1) * 2^128 + (T(2) >> 128), reduced mod n-1.
        uint256 high = mulmod(uint256(t1), 1 << 128, _N_MINUS_1);
        return addmod(high, uint256(t2) >> 128, _N_MINUS_1) + 1;
    }
}
