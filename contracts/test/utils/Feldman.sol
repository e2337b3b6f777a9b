// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Secp256k1} from "../../contracts/libraries/Secp256k1.sol";

/**
 * @notice Feldman splitting for tests, as the artist's client does it (spec/keys.md section 2):
 * f(x) = s + a_1 x + ... + a_{M-1} x^{M-1} mod n, share i = f(i) for identifiers 1..N. A share's
 * address addr(f(i)*G) is what the release records per slot (vm.addr(share) computes it).
 */
library Feldman {
    uint256 internal constant N = Secp256k1.ORDER;

    /// @dev The N shares of `secret` for an M-of-N group, coefficients derived from `seed` (never zero).
    function split(uint256 secret, uint256 threshold, uint256 size, uint256 seed)
        internal
        pure
        returns (uint256[] memory shares)
    {
        uint256[] memory coefficients = new uint256[](threshold);
        coefficients[0] = secret;
        for (uint256 j = 1; j < threshold; ++j) {
            coefficients[j] = uint256(keccak256(abi.encode(seed, j))) % (N - 1) + 1;
        }
        shares = new uint256[](size);
        for (uint256 i; i < size; ++i) {
            shares[i] = evaluate(coefficients, i + 1);
        }
    }

    /// @dev f(x) by Horner's rule, mod n.
    function evaluate(uint256[] memory coefficients, uint256 x) internal pure returns (uint256 acc) {
        for (uint256 j = coefficients.length; j > 0; --j) {
            acc = addmod(mulmod(acc, x, N), coefficients[j - 1], N);
        }
    }
}
