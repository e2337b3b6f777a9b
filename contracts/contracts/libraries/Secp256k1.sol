// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/**
 * @title Secp256k1
 * @notice Checks that a scalar is the private key of an Ethereum address, using the ecrecover
 * precompile as a scalar multiplier: ecrecover(0, 27, Gx, k*Gx mod n) recovers
 * Gx^-1 * (k*Gx * G - 0*G) = k*G (v = 27 selects G itself, whose y is even), for ~3,000 gas.
 */
library Secp256k1 {
    /// @dev The order n of the secp256k1 group.
    uint256 internal constant ORDER = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
    /// @dev The x coordinate of the generator G.
    uint256 private constant GX = 0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798;

    /**
     * @dev Returns addr(k*G), or address(0) when k is not a valid private key (k == 0 or k >= n).
     * Callers must still compare the result with a non-zero expected address.
     */
    function addressOf(uint256 k) internal pure returns (address) {
        if (k == 0 || k >= ORDER) return address(0);
        return ecrecover(bytes32(0), 27, bytes32(GX), bytes32(mulmod(k, GX, ORDER)));
    }

    /// @dev Whether `k` is a valid private key whose address is `expected` (never true for a zero `expected`).
    function isKeyOf(uint256 k, address expected) internal pure returns (bool) {
        address actual = addressOf(k);
        return actual != address(0) && actual == expected;
    }
}
