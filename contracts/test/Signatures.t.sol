// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {ReleaseFixture} from "./utils/ReleaseFixture.sol";
import {IRelease} from "../contracts/interfaces/IRelease.sol";
import {Secp256k1} from "../contracts/libraries/Secp256k1.sol";

/// @notice Fuzzed key and signature checks (10,000 runs each in the CI profile).
contract SignaturesTest is ReleaseFixture {
    uint256 private constant HALF_N = N / 2;

    function setUp() public override {
        super.setUp();
        _enrolAll(release);
    }

    // ============================================================ the private-key check

    function testFuzz_Secp256k1_AddressOfMatchesEveryValidKey(uint256 k) public pure {
        k = bound(k, 1, N - 1);
        vm.assertEq(Secp256k1.addressOf(k), vm.addr(k), "ecrecover trick == k*G");
    }

    function testFuzz_Secp256k1_RejectsZeroAndAtLeastOrder(uint256 k) public pure {
        k = k % 2 == 0 ? 0 : bound(k, N, type(uint256).max);
        vm.assertEq(Secp256k1.addressOf(k), address(0), "no address for k = 0 or k >= n");
        vm.assertFalse(Secp256k1.isKeyOf(k, address(0)), "never matches the zero address");
    }

    function test_Secp256k1_EdgeScalars() public pure {
        vm.assertEq(Secp256k1.addressOf(1), vm.addr(1), "k = 1");
        vm.assertEq(Secp256k1.addressOf(N - 1), vm.addr(N - 1), "k = n - 1");
        vm.assertEq(Secp256k1.addressOf(N), address(0), "k = n");
        vm.assertEq(Secp256k1.addressOf(0), address(0), "k = 0");
        vm.assertEq(Secp256k1.addressOf(type(uint256).max), address(0), "k = 2^256 - 1");
    }

    function testFuzz_PublishShare_RejectsEveryOtherScalar(uint256 x) public {
        _pledge(release, fan, GOAL);
        _afterFunding();
        vm.assume(x != shares[0]);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidShare.selector, 0, vm.addr(shares[0])));
        release.publishShare(0, x);
    }

    function testFuzz_PublishShare_AcceptsOnlyTheRecordedShare(uint256 x) public {
        x = bound(x, 1, N - 1);
        IRelease.Params memory p = _params(address(0));
        p.shareAddresses[0] = vm.addr(x);
        IRelease r = _create(p, bytes32("fuzz"));
        _enrolAll(r);
        _pledge(r, fan, GOAL);
        _afterFunding();
        vm.assume(x != shares[0]);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidShare.selector, 0, vm.addr(x)));
        r.publishShare(0, shares[0]);
        r.publishShare(0, x);
        (,,, IRelease.SlotStatus status,) = r.slotInfo(0);
        vm.assertEq(uint256(status), uint256(IRelease.SlotStatus.Published), "published");
        vm.assertEq(r.shareOf(0), x, "stored");
    }

    function testFuzz_AuthorRelease_RejectsEveryOtherScalar(uint256 s) public {
        _pledge(release, fan, GOAL);
        vm.assume(s != SECRET);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidSecret.selector, vm.addr(SECRET)));
        release.authorRelease(s);
    }

    // ============================================================ leak proofs

    function testFuzz_Accuse_HighSRejected(address beneficiary) public {
        // An ordinary account: precompiles and contracts may reject ETH, which is not what is tested here.
        vm.assume(uint160(beneficiary) > 0xffff && beneficiary.code.length == 0);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[0], release.leakProofDigest(keyholders[0], beneficiary));
        // The same signature with s' = n - s (and v flipped) is mathematically valid: it must be refused.
        bytes memory malleated = abi.encodePacked(r, bytes32(N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        bytes32 salt1 = _commit(release, address(this), 0, beneficiary, malleated);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidSignature.selector, address(0), vm.addr(keys[0])));
        release.accuse(0, beneficiary, malleated, salt1);
        _accuse(release, 0, beneficiary, abi.encodePacked(r, s, v)); // the canonical form works
    }

    function testFuzz_Accuse_WrongChainIdRejected(uint64 chainId) public {
        vm.assume(chainId != block.chainid);
        bytes32 domain = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Unveil Release"),
                keccak256("1"),
                uint256(chainId),
                address(release)
            )
        );
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("LeakProof(uint256 chainId,address release,address keyholder,address beneficiary)"),
                uint256(chainId),
                address(release),
                keyholders[0],
                fan
            )
        );
        bytes memory proof = _signature(keys[0], keccak256(abi.encodePacked(hex"1901", domain, structHash)));
        bytes32 salt2 = _commit(release, address(this), 0, fan, proof);
        vm.expectPartialRevert(IRelease.ReleaseInvalidSignature.selector);
        release.accuse(0, fan, proof, salt2);
        vm.assertEq(uint256(_slotStatus(release, 0)), uint256(IRelease.SlotStatus.Enrolled), "not slashed");
    }

    function testFuzz_Accuse_ReplayOnAnotherCloneRejected(bytes32 salt) public {
        vm.assume(salt != bytes32("first"));
        IRelease other = _create(_params(address(0)), salt); // same keys, same keyholders
        _enrol(other, 0);
        bytes memory proofForOther = _leakProof(other, keys[0], keyholders[0], fan);
        bytes32 salt3 = _commit(release, address(this), 0, fan, proofForOther);
        vm.expectPartialRevert(IRelease.ReleaseInvalidSignature.selector);
        release.accuse(0, fan, proofForOther, salt3);
        vm.assertEq(uint256(_slotStatus(release, 0)), uint256(IRelease.SlotStatus.Enrolled), "not slashed");
    }

    function testFuzz_Accuse_BoundToBeneficiary(address intended, address thief) public {
        vm.assume(intended != address(0) && thief != address(0) && intended != thief);
        bytes memory proof = _leakProof(release, keys[0], keyholders[0], intended);
        bytes32 salt4 = _commit(release, address(this), 0, thief, proof);
        vm.expectPartialRevert(IRelease.ReleaseInvalidSignature.selector);
        release.accuse(0, thief, proof, salt4);
    }

    function testFuzz_Accuse_RandomSignatureRejected(bytes32 r, bytes32 s, uint8 v) public {
        // Whatever these bytes recover to (nothing, the zero address, a random address), never the key.
        bytes32 salt5 = _commit(release, address(this), 0, fan, abi.encodePacked(r, s, v));
        vm.expectPartialRevert(IRelease.ReleaseInvalidSignature.selector);
        release.accuse(0, fan, abi.encodePacked(r, s, v), salt5);
    }

    function testFuzz_Accuse_ZeroAddressRecoveryRejected(bytes32 s, uint8 v) public {
        // r = 0 is not a curve point: ecrecover returns address(0), which must never match.
        bytes32 salt6 = _commit(release, address(this), 0, fan, abi.encodePacked(bytes32(0), s, v));
        vm.expectPartialRevert(IRelease.ReleaseInvalidSignature.selector);
        release.accuse(0, fan, abi.encodePacked(bytes32(0), s, v), salt6);
    }

    function testFuzz_Accuse_BadVRejected(uint8 v) public {
        vm.assume(v != 27 && v != 28);
        (, bytes32 r, bytes32 s) = vm.sign(keys[0], release.leakProofDigest(keyholders[0], fan));
        bytes32 salt7 = _commit(release, address(this), 0, fan, abi.encodePacked(r, s, v));
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidSignature.selector, address(0), vm.addr(keys[0])));
        release.accuse(0, fan, abi.encodePacked(r, s, v), salt7);
    }

    // ============================================================ acceptances

    function testFuzz_Enrol_HighSAcceptanceRejected(uint256 seed) public {
        IRelease r = _create(_params(address(0)), keccak256(abi.encode(seed)));
        (uint8 v, bytes32 sigR, bytes32 s) = vm.sign(keys[0], r.acceptanceDigest(0, keyholders[0]));
        vm.assertLe(uint256(s), HALF_N, "the signer produces low s");
        bytes memory malleated = abi.encodePacked(sigR, bytes32(N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        vm.prank(keyholders[0]);
        vm.expectRevert(abi.encodeWithSelector(IRelease.ReleaseInvalidSignature.selector, address(0), vm.addr(keys[0])));
        r.enrol{value: DEPOSIT}(0, keyholders[0], malleated);
    }

    function testFuzz_Enrol_AcceptanceForAnotherCloneRejected(bytes32 salt) public {
        vm.assume(salt != bytes32("first") && salt != bytes32("target"));
        IRelease target = _create(_params(address(0)), bytes32("target"));
        IRelease other = _create(_params(address(0)), salt);
        bytes memory acceptance = _acceptance(other, 0, keyholders[0]);
        vm.prank(keyholders[0]);
        vm.expectPartialRevert(IRelease.ReleaseInvalidSignature.selector);
        target.enrol{value: DEPOSIT}(0, keyholders[0], acceptance);
    }

    function _slotStatus(IRelease r, uint256 slot) private view returns (IRelease.SlotStatus status) {
        (,,, status,) = r.slotInfo(slot);
    }
}
