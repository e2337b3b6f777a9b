// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";

/**
 * @notice The fragment tree of archive format v2 (spec/archive-format.md §6), built in Solidity for
 * tests: leaves keccak256(keccak256(abi.encode(index, keyAddress))) in index order, pairs hashed
 * with OpenZeppelin's commutative keccak, an odd last node carried up unchanged.
 */
library FragmentTree {
    function leaf(uint256 index, address keyAddress) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(index, keyAddress))));
    }

    function root(bytes32[] memory leaves) internal pure returns (bytes32) {
        bytes32[][] memory all = levels(leaves);
        return all[all.length - 1][0];
    }

    function proof(bytes32[] memory leaves, uint256 index) internal pure returns (bytes32[] memory) {
        return proofIn(levels(leaves), index);
    }

    /// @dev Every level of the tree, leaves first: build once, then take many proofs from it.
    function levels(bytes32[] memory leaves) internal pure returns (bytes32[][] memory all) {
        uint256 depth = 1;
        for (uint256 n = leaves.length; n > 1; n = (n + 1) / 2) {
            ++depth;
        }
        all = new bytes32[][](depth);
        all[0] = leaves;
        for (uint256 d = 1; d < depth; ++d) {
            all[d] = _up(all[d - 1]);
        }
    }

    function proofIn(bytes32[][] memory all, uint256 index) internal pure returns (bytes32[] memory out) {
        bytes32[] memory siblings = new bytes32[](all.length);
        uint256 n;
        for (uint256 d; d + 1 < all.length; ++d) {
            uint256 sibling = index ^ 1;
            if (sibling < all[d].length) siblings[n++] = all[d][sibling];
            index >>= 1;
        }
        out = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            out[i] = siblings[i];
        }
    }

    function _up(bytes32[] memory level) private pure returns (bytes32[] memory next) {
        next = new bytes32[]((level.length + 1) / 2);
        for (uint256 i; i < next.length; ++i) {
            next[i] = 2 * i + 1 < level.length ? Hashes.commutativeKeccak256(level[2 * i], level[2 * i + 1]) : level[2 * i];
        }
    }
}
