// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Test} from "./utils/Test.sol";
import {FragmentKeys} from "../contracts/libraries/FragmentKeys.sol";

/// @notice The contracts' fragment-key derivation agrees with the archive's (Java), case by case,
/// on the shared vectors: every secret and fragment index of spec/vectors/fragment-keys.json.
contract FragmentKeysVectorsTest is Test {
    string private constant VECTORS = "../spec/vectors/fragment-keys.json";

    function test_Derivation_MatchesEverySharedVector() public view {
        string memory json = vm.readFile(VECTORS);
        uint256 cases;
        for (; cases < 1_000; ++cases) {
            string memory at = string.concat(".cases[", vm.toString(cases), "]");
            // The vectors' hex has no 0x; a missing case ends the list.
            try this.caseOf(json, at) returns (uint256 secret, uint256 fragment, uint256 key, address keyAddress) {
                uint256 derived = FragmentKeys.key(FragmentKeys.extract(secret), fragment);
                vm.assertEq(derived, key, string.concat("k_e of case ", vm.toString(cases)));
                vm.assertEq(vm.addr(derived), keyAddress, string.concat("keyAddress of case ", vm.toString(cases)));
            } catch {
                break;
            }
        }
        vm.assertEq(cases, 24, "every case of the vector file was checked");
    }

    /// @dev One case of the vector file (external, so a missing case can be caught).
    function caseOf(string memory json, string memory at)
        external
        pure
        returns (uint256 secret, uint256 fragment, uint256 key, address keyAddress)
    {
        secret = uint256(vm.parseBytes32(string.concat("0x", vm.parseJsonString(json, string.concat(at, ".secret")))));
        fragment = vm.parseJsonUint(json, string.concat(at, ".fragment"));
        key = uint256(vm.parseBytes32(string.concat("0x", vm.parseJsonString(json, string.concat(at, ".key")))));
        keyAddress = vm.parseJsonAddress(json, string.concat(at, ".keyAddress"));
    }
}
