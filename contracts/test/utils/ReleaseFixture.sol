// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Test} from "./Test.sol";
import {ReleaseFactory} from "../../contracts/ReleaseFactory.sol";
import {ReleaseViews} from "../../contracts/ReleaseViews.sol";
import {KeyholderRegistry} from "../../contracts/KeyholderRegistry.sol";
import {IRelease} from "../../contracts/interfaces/IRelease.sol";
import {Secp256k1} from "../../contracts/libraries/Secp256k1.sol";
import {Feldman} from "./Feldman.sol";
import {FragmentTree} from "./FragmentTree.sol";
import {FragmentKeys} from "../../contracts/libraries/FragmentKeys.sol";

/**
 * @notice A deployed factory and registry, five registered keyholders, and a release with two
 * groups (2-of-2, then the backup 2-of-3), deposits and pledges in ETH unless a test says otherwise.
 * `SECRET` is split per group with Feldman (test/utils/Feldman.sol): `shares[i]` is slot i's share.
 */
abstract contract ReleaseFixture is Test {
    uint256 internal constant N = Secp256k1.ORDER;
    uint256 internal constant START = 1_700_000_000;
    uint96 internal constant GOAL = 10 ether;
    uint96 internal constant DEPOSIT = 1 ether;
    uint96 internal constant FEE = 0.1 ether;
    uint40 internal constant ENROL_DEADLINE = uint40(START + 1 days);
    uint40 internal constant PLEDGE_DEADLINE = uint40(START + 30 days);
    uint32 internal constant REVEAL_WINDOW = 2 days;
    uint256 internal constant SLOTS = 5;
    uint256 internal constant SECRET = 0x5ec12e7000000000000000000000000000000000000000000000000000000001;
    bytes32 internal constant MANIFEST_HASH = keccak256("manifest.json");
    bytes32 internal constant COMMITMENTS_HASH = keccak256("commitments");
    uint32 internal constant FRAGMENTS = 8;
    uint8 internal constant SAMPLES = 3;
    bytes internal constant CID = hex"01551220a3f1c0d0b5e4f2a9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7";

    ReleaseFactory internal factory;
    KeyholderRegistry internal registry;
    IRelease internal release;
    address internal artist;
    address internal fan;
    uint256[SLOTS] internal keys;
    uint256[SLOTS] internal shares;
    address[SLOTS] internal keyholders;
    address[SLOTS] internal operators;
    address[SLOTS] internal payouts;
    /// @dev The secret whose fragment keys each release's tree holds, by its secret address
    /// (recorded by {_params} and {_groupRelease}; a test of forged keys records another).
    mapping(address secretAddress => uint256 secret) internal fragmentSecretOf;

    function setUp() public virtual {
        vm.warp(START);
        artist = vm.addr(0xA127);
        fan = vm.addr(0xFA4);
        uint256[] memory group0 = Feldman.split(SECRET, 2, 2, 0);
        uint256[] memory group1 = Feldman.split(SECRET, 2, 3, 1);
        (shares[0], shares[1]) = (group0[0], group0[1]);
        (shares[2], shares[3], shares[4]) = (group1[0], group1[1], group1[2]);
        factory = new ReleaseFactory(address(this), address(new ReleaseViews()));
        registry = KeyholderRegistry(factory.registry());
        for (uint256 i; i < SLOTS; ++i) {
            keys[i] = uint256(keccak256(abi.encode("release key", i))) % N;
            keyholders[i] = vm.addr(0x1000 + i);
            operators[i] = vm.addr(0x2000 + i);
            payouts[i] = vm.addr(0x3000 + i);
            vm.prank(keyholders[i]);
            registry.register(operators[i], payouts[i], "https://bot.example/unveil", "1 ETH deposit, 0.1 ETH fee");
            vm.deal(keyholders[i], 100 ether);
            vm.deal(operators[i], 100 ether);
        }
        fragmentSecretOf[vm.addr(SECRET)] = SECRET;
        release = _create(_params(address(0)), bytes32("first"));
    }

    function _params(address token) internal view returns (IRelease.Params memory p) {
        p.token = token;
        p.goal = GOAL;
        p.deposit = DEPOSIT;
        p.keyholderFee = FEE;
        p.enrolDeadline = ENROL_DEADLINE;
        p.pledgeDeadline = PLEDGE_DEADLINE;
        p.revealWindow = REVEAL_WINDOW;
        p.secretAddress = vm.addr(SECRET);
        p.manifestHash = MANIFEST_HASH;
        p.commitmentsHash = COMMITMENTS_HASH;
        p.archiveCid = CID;
        p.groupThresholds = new uint8[](2);
        p.groupSizes = new uint8[](2);
        (p.groupThresholds[0], p.groupSizes[0]) = (2, 2);
        (p.groupThresholds[1], p.groupSizes[1]) = (2, 3);
        p.releaseKeys = new address[](SLOTS);
        p.shareAddresses = new address[](SLOTS);
        for (uint256 i; i < SLOTS; ++i) {
            p.releaseKeys[i] = vm.addr(keys[i]);
            p.shareAddresses[i] = vm.addr(shares[i]);
        }
        (p.fragmentRoot, p.fragmentCount, p.sampleCount) = (FragmentTree.root(_fragmentLeaves(SECRET, FRAGMENTS)), FRAGMENTS, SAMPLES);
    }

    /// @dev The key k_e that `secret` derives for encrypted fragment `e` (test/FragmentKeys.t.sol
    /// checks the library against the Java vectors).
    function _fragmentKey(uint256 secret, uint256 e) internal view returns (uint256) {
        return FragmentKeys.key(FragmentKeys.extract(secret), e);
    }

    function _fragmentLeaves(uint256 secret, uint256 count) internal view returns (bytes32[] memory leaves) {
        leaves = new bytes32[](count);
        bytes32 prk = FragmentKeys.extract(secret);
        for (uint256 e; e < count; ++e) {
            leaves[e] = FragmentTree.leaf(e, vm.addr(FragmentKeys.key(prk, e)));
        }
    }

    /// @dev Past the beacon block: {IRelease-drawSamples} may run.
    function _pastBeacon(IRelease r) internal {
        (uint256 beacon,,,) = r.samples();
        if (block.number <= beacon) vm.roll(beacon + 1);
    }

    /// @dev The keys and proofs of the drawn samples of a release over `count` test fragments.
    function _sampleReveal(IRelease r, uint256 count) internal view returns (uint256[] memory keys, bytes32[][] memory proofs) {
        (,,, uint256[] memory fragments) = r.samples();
        uint256 secret = fragmentSecretOf[r.params().secretAddress];
        bytes32[] memory leaves = _fragmentLeaves(secret, count);
        keys = new uint256[](fragments.length);
        proofs = new bytes32[][](fragments.length);
        for (uint256 j; j < fragments.length; ++j) {
            keys[j] = _fragmentKey(secret, fragments[j]);
            proofs[j] = FragmentTree.proof(leaves, fragments[j]);
        }
    }

    /// @dev Draws and reveals the samples of a release in Sampling: it opens.
    function _openSampled(IRelease r) internal {
        _pastBeacon(r);
        r.drawSamples();
        (uint256[] memory keys, bytes32[][] memory proofs) = _sampleReveal(r, r.params().fragmentCount);
        r.revealSamples(keys, proofs);
    }

    /// @dev The release key of slot `slot` of the releases made by {_groupRelease}.
    function _groupKey(uint256 slot) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode("group release key", slot))) % (N - 1) + 1;
    }

    /**
     * @dev A release of one M-of-N group (`m`, `size` <= 32) sharing `secret` (coefficients from
     * `seed`), whose share addresses lie on the polynomial of `polySecret` (== secret for an honest
     * artist). Returns the release and every slot's share.
     */
    function _groupRelease(uint256 m, uint256 size, uint256 secret, uint256 polySecret, uint256 seed, bytes32 salt)
        internal
        returns (IRelease r, uint256[] memory groupShares)
    {
        return _groupRelease(m, size, secret, polySecret, seed, FRAGMENTS, SAMPLES, salt);
    }

    /// @dev The same, its archive of `fragments` encrypted fragments sampled `samples` times.
    function _groupRelease(
        uint256 m,
        uint256 size,
        uint256 secret,
        uint256 polySecret,
        uint256 seed,
        uint32 fragments,
        uint8 samples,
        bytes32 salt
    ) internal returns (IRelease r, uint256[] memory groupShares) {
        IRelease.Params memory p = _params(address(0));
        (p.fragmentCount, p.sampleCount) = (fragments, samples);
        p.secretAddress = vm.addr(secret);
        fragmentSecretOf[p.secretAddress] = secret;
        p.fragmentRoot = FragmentTree.root(_fragmentLeaves(secret, p.fragmentCount));
        p.groupThresholds = new uint8[](1);
        p.groupSizes = new uint8[](1);
        (p.groupThresholds[0], p.groupSizes[0]) = (uint8(m), uint8(size));
        groupShares = Feldman.split(polySecret, m, size, seed);
        p.releaseKeys = new address[](size);
        p.shareAddresses = new address[](size);
        for (uint256 i; i < size; ++i) {
            p.releaseKeys[i] = vm.addr(_groupKey(i));
            p.shareAddresses[i] = vm.addr(groupShares[i]);
        }
        r = _create(p, salt);
    }

    /// @dev Enrols every slot of a {_groupRelease} for keyholder 0 and pledges the goal: Funded.
    function _fundGroupRelease(IRelease r, uint256 size) internal {
        for (uint256 i; i < size; ++i) {
            bytes memory acceptance = _signature(_groupKey(i), r.acceptanceDigest(i, keyholders[0]));
            vm.prank(keyholders[0]);
            r.enrol{value: DEPOSIT}(i, keyholders[0], acceptance);
        }
        _openSampled(r);
        _pledge(r, fan, GOAL);
        _afterFunding();
    }

    function _create(IRelease.Params memory p, bytes32 salt) internal returns (IRelease r) {
        vm.prank(artist);
        r = IRelease(factory.createRelease(p, salt));
    }

    function _signature(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _acceptance(IRelease r, uint256 slot, address keyholder) internal view returns (bytes memory) {
        return _signature(keys[slot], r.acceptanceDigest(slot, keyholder));
    }

    function _leakProof(IRelease r, uint256 key, address keyholder, address beneficiary)
        internal
        view
        returns (bytes memory)
    {
        return _signature(key, r.leakProofDigest(keyholder, beneficiary));
    }

    /// @dev Commits `committer` to accusing `slot` of `r` for `beneficiary` with `proof`, as a real
    /// accuser does: in a block after everything before it, then the chain moves on a block (so the
    /// state the commitment is judged by is the state before this call).
    function _commit(IRelease r, address committer, uint256 slot, address beneficiary, bytes memory proof)
        internal
        returns (bytes32 salt)
    {
        salt = keccak256(abi.encode("salt", r, slot, beneficiary, committer, block.number));
        vm.roll(block.number + 1);
        bytes32 commitment = registry.accusationCommitment(address(r), slot, beneficiary, proof, salt, committer);
        vm.prank(committer);
        registry.commitAccusation(commitment);
        vm.roll(block.number + 1);
    }

    /// @dev Commits (from this contract), then reveals the accusation.
    function _accuse(IRelease r, uint256 slot, address beneficiary, bytes memory proof) internal {
        bytes32 salt = _commit(r, address(this), slot, beneficiary, proof);
        r.accuse(slot, beneficiary, proof, salt);
    }

    mapping(IRelease => bool) private _windowPassed;

    /// @dev Moves time past the window after the end in which deposits wait for late reveals (once per
    /// release; call it once `r` has ended).
    function _pastAccusationWindow(IRelease r) internal {
        if (_windowPassed[r]) return;
        _windowPassed[r] = true;
        vm.warp(block.timestamp + r.ACCUSATION_WINDOW());
    }

    function _claimDeposit(IRelease r, uint256 slot) internal {
        _pastAccusationWindow(r);
        r.claimDeposit(slot);
    }

    function _enrol(IRelease r, uint256 slot) internal {
        bytes memory acceptance = _acceptance(r, slot, keyholders[slot]);
        vm.prank(keyholders[slot]);
        r.enrol{value: DEPOSIT}(slot, keyholders[slot], acceptance);
    }

    /// @dev Enrols every slot (the release is Sampling), then draws and reveals the samples: Open.
    function _enrolAll(IRelease r) internal {
        _enrolEvery(r);
        _openSampled(r);
    }

    /// @dev Enrols every slot: the release is Sampling.
    function _enrolEvery(IRelease r) internal {
        for (uint256 i; i < SLOTS; ++i) {
            _enrol(r, i);
        }
    }

    function _pledge(IRelease r, address who, uint256 amount) internal {
        vm.deal(who, who.balance + amount);
        vm.prank(who);
        r.pledge{value: amount}(amount);
    }

    /// @dev Enrols every slot and pledges the goal from `fan`: the release is Funded.
    function _fund(IRelease r) internal {
        _enrolAll(r);
        _pledge(r, fan, GOAL);
        _afterFunding();
    }

    /// @dev The next block, one second later: shares are accepted once the time passed the funding
    /// time (so never in the funding block, whose commitments are judged as Open, spec §6.3).
    function _afterFunding() internal {
        vm.roll(block.number + 1);
        vm.warp(block.timestamp + 1);
    }

    function _publish(IRelease r, uint256 slot) internal {
        r.publishShare(slot, shares[slot]);
    }

    function _revealDeadline(IRelease r) internal view returns (uint256) {
        return r.summary().revealDeadline;
    }

    function _state(IRelease r) internal view returns (uint256) {
        return uint256(r.state());
    }
}
