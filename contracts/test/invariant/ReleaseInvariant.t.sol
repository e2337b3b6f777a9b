// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Test} from "../utils/Test.sol";
import {InvariantHandler} from "./InvariantHandler.sol";
import {ReleaseFactory} from "../../contracts/ReleaseFactory.sol";
import {ReleaseViews} from "../../contracts/ReleaseViews.sol";
import {ReleaseKeeper} from "../../contracts/ReleaseKeeper.sol";
import {IRelease} from "../../contracts/interfaces/IRelease.sol";
import {KeyholderRegistry} from "../../contracts/KeyholderRegistry.sol";
import {Secp256k1} from "../../contracts/libraries/Secp256k1.sol";
import {Feldman} from "../utils/Feldman.sol";
import {BlocklistToken} from "../mocks/Tokens.sol";
import {TogglingPayee} from "../mocks/Receivers.sol";

/**
 * @notice Invariants over random interleavings of every release action (1,024 runs x depth 128
 * in the CI profile; the samples drawn, revealed or left to lapse after the last enrolment, pledges
 * up to what remains, payments a payee rejects credited and withdrawn): solvency (credits
 * included), conservation, no double payment, refunds within pledges. After
 * each call the releases that call touched are checked; after each run, all of them, and every
 * handler action must have succeeded at least once in the run. Run once with ETH releases
 * ({ReleaseInvariantTest}) and once with ERC-20 releases ({ReleaseInvariantTokenTest}).
 */
abstract contract ReleaseInvariantBase is Test {
    /// @dev The smallest invariant depth of any test profile (hardhat.config.js).
    uint256 private constant MIN_DEPTH = 100;

    ReleaseHandler private handler;
    /// @dev The handler's actions, in the order of its success counters.
    bytes4[] private _selectors;

    /// @dev The payment token of every release of the campaign (0: ETH), allow-listed by `factory`.
    function _token(ReleaseFactory factory) internal virtual returns (address);

    function setUp() public {
        vm.warp(1_700_000_000);
        ReleaseFactory factory = new ReleaseFactory(address(this), address(new ReleaseViews()));
        handler = new ReleaseHandler(factory, _token(factory));
        targetContract(address(handler));
        bytes4[] storage selectors = _selectors;
        selectors.push(ReleaseHandler.enrol.selector);
        selectors.push(ReleaseHandler.pledge.selector);
        selectors.push(ReleaseHandler.reveal.selector);
        selectors.push(ReleaseHandler.accuse.selector);
        selectors.push(ReleaseHandler.advance.selector);
        selectors.push(ReleaseHandler.claimRefund.selector);
        selectors.push(ReleaseHandler.claimPayout.selector);
        selectors.push(ReleaseHandler.drawSamples.selector);
        selectors.push(ReleaseHandler.revealSamples.selector);
        selectors.push(ReleaseHandler.cancelSampling.selector);
        selectors.push(ReleaseHandler.withdrawCredit.selector);
        require(selectors.length == handler.ACTIONS(), "one selector per action");
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev One invariant function checks all four properties, so each random call sequence is
    /// generated once (the runner replays sequences per invariant function).
    function invariant_SolventConservedNoDoublePaymentRefundsWithinPledges() public view {
        vm.assertFalse(handler.doublePaid(), "no double payment: a refund, deposit or fee was paid twice");
        vm.assertFalse(handler.pledgeMismatch(), "a pledge brings exactly what pledgeOf records");
        vm.assertFalse(handler.misPaid(), "a deposit or credit paid other than owed; a wrong sample key accepted");
        IRelease[] memory touched = handler.touched();
        for (uint256 i; i < touched.length; ++i) {
            _checkSolvency(touched[i]);
            _checkConservation(touched[i]);
            _checkRefunds(touched[i]);
            _checkForgedKeysNeverPay(touched[i]);
        }
    }

    /// @dev A release whose fragment keys are not its secret's never pays the artist: once the
    /// secret is out it is Failed, never Released or Settled; an honest one with its secret out is.
    function _checkForgedKeysNeverPay(IRelease r) private view {
        IRelease.Summary memory s = r.summary();
        if (!s.secretPublished) return;
        if (handler.forged(r)) {
            vm.assertEq(uint256(s.state), uint256(IRelease.State.Failed), "forged sample keys: failed once the secret is out");
        } else {
            vm.assertTrue(s.state == IRelease.State.Released || s.state == IRelease.State.Settled, "honest keys: released");
        }
    }

    function afterInvariant() public view {
        uint256 count = handler.releaseCount();
        for (uint256 i; i < count; ++i) {
            IRelease r = handler.releases(i);
            _checkSolvency(r);
            _checkConservation(r);
            _checkRefunds(r);
        }
        // Only full-length runs must have used every action they called: the runner's shrinking
        // replays shorter sequences, which would otherwise always "fail" here and hide the real
        // counterexample. A call counts even if its action reverted (InvariantHandler._run).
        if (handler.calls() < MIN_DEPTH) return;
        for (uint256 a; a < handler.ACTIONS(); ++a) {
            if (handler.attempts(_selectors[a]) == 0) continue; // not drawn in this run
            vm.assertGt(handler.successes(a), 0, string.concat("handler action never succeeded: #", vm.toString(a)));
        }
    }

    function _checkSolvency(IRelease r) private view {
        uint256 balance = handler.balanceOf(handler.token(), address(r));
        vm.assertGe(balance, handler.owed(r), "solvency: balance >= everything owed");
    }

    function _checkConservation(IRelease r) private view {
        vm.assertEq(
            handler.balanceOf(handler.token(), address(r)) + handler.ghostOut(r),
            handler.ghostIn(r),
            "conservation: balance + paid out == paid in"
        );
    }

    function _checkRefunds(IRelease r) private view {
        IRelease.Summary memory s = r.summary();
        vm.assertLe(handler.ghostPledged(r), s.goal, "pledges never exceed the goal");
        vm.assertEq(handler.ghostPledged(r), s.totalPledged, "every pledge recorded");
        vm.assertLe(handler.ghostRefunded(r), s.totalPledged + s.fanPool, "refunds <= pledges + fans' pool");
        for (uint256 i; i < 4; ++i) {
            address fan = handler.fans(i);
            uint256 pledged = handler.ghostPledgedBy(r, fan);
            uint256 cap = pledged + (s.totalPledged == 0 ? 0 : pledged * s.fanPool / s.totalPledged);
            vm.assertLe(handler.ghostRefundedTo(r, fan), cap, "a fan's refund <= its pledge + its pool share");
        }
    }
}

/// @notice The release campaign in ETH.
contract ReleaseInvariantTest is ReleaseInvariantBase {
    function _token(ReleaseFactory) internal pure override returns (address) {
        return address(0);
    }
}

/// @notice The release campaign in an allow-listed ERC-20 that blocklists the payee (slot 0's payout).
contract ReleaseInvariantTokenTest is ReleaseInvariantBase {
    function _token(ReleaseFactory factory) internal override returns (address token) {
        token = address(new BlocklistToken());
        factory.setTokenAllowed(token, true);
    }
}

/**
 * @notice Drives many releases (all in ETH, or all in one ERC-20) through random interleavings of every action. Each action is
 * self-sufficient: it acts on a release (chosen by the seed) where it applies, or creates and
 * drives a new release to a state where it does, so every call succeeds and the success counters
 * prove the run was not vacuous. It keeps an independent ledger (ghosts) of every base unit in and out, measured
 * by balance changes (a pledge counts what the release took, not what was asked).
 */
contract ReleaseHandler is InvariantHandler {
    uint256 public constant ACTIONS = 11;
    uint96 public constant GOAL = 10 ether;
    uint96 public constant DEPOSIT = 1 ether;
    uint96 public constant FEE = 0.1 ether;
    uint256 public constant SLOTS = 5;
    uint256 private constant N = Secp256k1.ORDER;

    ReleaseFactory public factory;
    KeyholderRegistry public registry;
    ReleaseKeeper public keeper;
    address public artist;
    address public reporter;
    /// @notice Every slot 0 keyholder's payout, and (ETH) the last fan: rejects ETH and is
    /// blocklisted by the token except while it claims, so its deposits and pledge excess are credited.
    TogglingPayee public payee;

    IRelease[] public releases;
    IRelease[] private _touched;
    address[4] public fans;
    address[SLOTS] private _keyholders;
    uint256 private _keyholderNonce;

    mapping(IRelease => uint256) public ghostIn;
    mapping(IRelease => uint256) public ghostOut;
    mapping(IRelease => uint256) public ghostPledged;
    mapping(IRelease => uint256) public ghostRefunded;
    mapping(IRelease => mapping(address => uint256)) public ghostPledgedBy;
    mapping(IRelease => mapping(address => uint256)) public ghostRefundedTo;
    mapping(IRelease => bool) public artistPaid;
    mapping(IRelease => bool) private _windowPassed;
    /// @notice Set if any second claim of the same refund, deposit or fee ever succeeded.
    bool public doublePaid;
    /// @notice Set if a pledge ever changed the release's balance by other than what `pledgeOf` recorded.
    bool public pledgeMismatch;
    /// @notice Set if a deposit or credit paid other than what is owed, or a wrong sample key was accepted.
    bool public misPaid;
    uint256[ACTIONS] public successes;

    constructor(ReleaseFactory factory_, address token_) InvariantHandler(token_) {
        factory = factory_;
        registry = KeyholderRegistry(factory_.registry());
        keeper = ReleaseKeeper(factory_.keeper());
        artist = vm.addr(0xA127);
        reporter = vm.addr(0x5A1);
        payee = new TogglingPayee();
        if (token_ != address(0)) BlocklistToken(token_).setBlocked(address(payee), true);
        for (uint256 i; i < fans.length; ++i) {
            fans[i] = vm.addr(0xFA0 + i);
        }
        // A blocklisted account cannot be minted tokens to pledge with: the payee is a fan in ETH only.
        if (token_ == address(0)) fans[3] = address(payee);
        for (uint256 i; i < SLOTS; ++i) {
            _keyholders[i] = _newKeyholder(i);
        }
    }

    // ================================================================ actions (fuzz targets)

    function enrol(uint256 seed) external {
        _run(abi.encodeCall(this.doEnrol, (seed)));
    }

    /// @dev The action itself, run by {enrol}.
    function doEnrol(uint256 seed) external onlySelf {
        _beginAction();
        IRelease r = _find(seed, _canEnrol);
        if (address(r) == address(0)) r = _newRelease();
        _enrol(r, _firstSlot(r, seed, IRelease.SlotStatus.Vacant));
        ++successes[0];
    }

    function pledge(uint256 seed, uint256 amount) external {
        _run(abi.encodeCall(this.doPledge, (seed, amount)));
    }

    /// @dev The action itself, run by {pledge}.
    function doPledge(uint256 seed, uint256 amount) external onlySelf {
        _beginAction();
        IRelease r = _find(seed, _canPledge);
        if (address(r) == address(0)) {
            r = _newRelease();
            _enrolAndOpen(r, seed);
        }
        IRelease.Summary memory s = r.summary();
        // Up to what remains: a third of the pledges ask for more (the excess returns, or is credited).
        uint256 remaining = s.goal - s.totalPledged;
        _pledge(r, fans[seed % fans.length], _bound(amount, 1, seed % 3 == 0 ? remaining + GOAL : remaining));
        ++successes[1];
    }

    function reveal(uint256 seed) external {
        _run(abi.encodeCall(this.doReveal, (seed)));
    }

    /// @dev The action itself, run by {reveal}.
    function doReveal(uint256 seed) external onlySelf {
        _beginAction();
        IRelease r = _find(seed, _canReveal);
        if (address(r) == address(0)) {
            r = _newRelease();
            _enrolAndOpen(r, seed);
            _pledge(r, fans[seed % fans.length], GOAL);
            // Shares are accepted once the time passed the funding time (spec §6.3).
            vm.roll(block.number + 1);
            vm.warp(block.timestamp + 1);
        }
        bool funded = r.state() == IRelease.State.Funded;
        if (funded && (seed % 5 == 0 || !_hasSlot(r, IRelease.SlotStatus.Enrolled))) {
            r.authorRelease(_secret(r));
        } else {
            uint256 slot = _firstSlot(r, seed, IRelease.SlotStatus.Enrolled);
            r.publishShare(slot, _shareOf(_indexOf(r), slot));
        }
        ++successes[2];
    }

    function accuse(uint256 seed) external {
        _run(abi.encodeCall(this.doAccuse, (seed)));
    }

    /// @dev The action itself, run by {accuse}.
    function doAccuse(uint256 seed) external onlySelf {
        _beginAction();
        IRelease r = _find(seed, _canAccuse);
        uint256 slot;
        if (address(r) == address(0)) {
            r = _newRelease();
            slot = seed % SLOTS;
            _enrol(r, slot);
        } else {
            slot = _accusableSlot(r, seed);
        }
        (,, address keyholder,,) = r.slotInfo(slot);
        // Not the payee: a bounty is paid, never credited.
        address beneficiary = seed % 2 == 0 ? reporter : fans[seed % 3];
        bytes memory proof = _sign(_releaseKey(r, slot), r.leakProofDigest(keyholder, beneficiary));
        uint256 before = balanceOf(token, beneficiary);
        // Commit in this block, reveal in the next: judged by the state the accuser saw.
        bytes32 salt = bytes32(seed);
        registry.commitAccusation(registry.accusationCommitment(address(r), slot, beneficiary, proof, salt, address(this)));
        vm.roll(block.number + 1);
        r.accuse(slot, beneficiary, proof, salt);
        ghostOut[r] += balanceOf(token, beneficiary) - before;
        // Bounties are pulled: pay this one now or leave it owed (solvency covers it) until a later
        // accusation on the same release pays every bounty still outstanding there.
        for (uint256 i; i < SLOTS; ++i) {
            if (i == slot && seed % 3 == 0) continue;
            _claimBountyIfOwed(r, i);
        }
        _replaceIfSlashed(keyholder);
        ++successes[3];
    }

    function _claimBountyIfOwed(IRelease r, uint256 slot) private {
        (address beneficiary, uint256 amount, uint256 claimableAt) = r.bountyOf(slot);
        if (amount == 0) return;
        if (block.timestamp < claimableAt) return; // an earlier commitment may still take it over
        uint256 before = balanceOf(token, beneficiary);
        r.claimBounty(slot);
        uint256 paid = balanceOf(token, beneficiary) - before;
        if (paid != amount) doublePaid = true;
        ghostOut[r] += paid;
        before = balanceOf(token, beneficiary);
        try r.claimBounty(slot) {
            doublePaid = true;
        } catch {}
        if (balanceOf(token, beneficiary) != before) doublePaid = true;
    }

    function advance(uint256 secondsForward) external {
        _run(abi.encodeCall(this.doAdvance, (secondsForward)));
    }

    /// @dev The action itself, run by {advance}.
    function doAdvance(uint256 secondsForward) external onlySelf {
        _beginAction();
        vm.warp(block.timestamp + _bound(secondsForward, 1, 3 days));
        uint256 performed = _performDueSteps();
        if (performed == 0) {
            IRelease r = _nextPending();
            if (address(r) == address(0)) r = _newRelease();
            if (r.state() == IRelease.State.Sampling) {
                // Nothing due: the samples are drawn and their keys not overdue yet, or the beacon is not mined yet.
                (uint256 beacon,, uint256 revealBy,) = r.samples();
                if (revealBy != 0) vm.warp(revealBy);
                else vm.roll(beacon + 1);
            } else {
                vm.warp(_nextDeadline(r));
            }
            performed = _performDueSteps();
        }
        if (performed != 0) ++successes[4];
    }

    function claimRefund(uint256 seed) external {
        _run(abi.encodeCall(this.doClaimRefund, (seed)));
    }

    /// @dev The action itself, run by {claimRefund}.
    function doClaimRefund(uint256 seed) external onlySelf {
        _beginAction();
        IRelease r = _find(seed, _hasRefund);
        if (address(r) == address(0)) {
            r = _newRelease();
            _enrolAndOpen(r, seed);
            _pledge(r, fans[seed % fans.length], 1 + seed % (GOAL - 1));
            vm.warp(r.summary().pledgeDeadline);
            r.expire();
        }
        address fan = _fanWithRefund(r, seed);
        // A refund is paid, never credited: the payee takes it while it accepts payments.
        if (fan == address(payee)) _setPayeeRejecting(false);
        uint256 before = balanceOf(token, fan);
        vm.prank(fan);
        r.claimRefund();
        uint256 paid = balanceOf(token, fan) - before;
        ghostOut[r] += paid;
        ghostRefunded[r] += paid;
        ghostRefundedTo[r][fan] += paid;
        // A second claim must fail; if it pays anything, record the double payment.
        before = balanceOf(token, fan);
        vm.prank(fan);
        try r.claimRefund() {
            doublePaid = true;
        } catch {}
        if (balanceOf(token, fan) != before) doublePaid = true;
        if (fan == address(payee)) _setPayeeRejecting(true);
        ++successes[5];
    }

    function claimPayout(uint256 seed) external {
        _run(abi.encodeCall(this.doClaimPayout, (seed)));
    }

    /// @dev The action itself, run by {claimPayout}.
    function doClaimPayout(uint256 seed) external onlySelf {
        _beginAction();
        IRelease r = _find(seed, _hasPayout);
        if (address(r) == address(0)) {
            r = _newRelease();
            _enrol(r, seed % SLOTS);
            vm.warp(r.summary().enrolDeadline);
            r.cancel();
        }
        if (r.state() == IRelease.State.Settled && !artistPaid[r] && (seed % 3 == 0 || !_hasClaimableSlot(r))) {
            uint256 before = balanceOf(token, artist);
            r.claimArtistFee();
            artistPaid[r] = true;
            ghostOut[r] += balanceOf(token, artist) - before;
            try r.claimArtistFee() {
                doublePaid = true;
            } catch {}
        } else {
            _claimDeposit(r, _claimableSlot(r, seed));
        }
        ++successes[6];
    }

    /// @notice Draws the samples of a release in Sampling (of a new one, every slot enrolled, if none).
    function drawSamples(uint256 seed) external {
        _run(abi.encodeCall(this.doDrawSamples, (seed)));
    }

    /// @dev The action itself, run by {drawSamples}.
    function doDrawSamples(uint256 seed) external onlySelf {
        _beginAction();
        IRelease r = _find(seed, _canDraw);
        if (address(r) == address(0)) {
            r = _newRelease();
            _enrolAll(r);
        }
        _draw(r);
        _touch(r);
        ++successes[7];
    }

    /// @notice Reveals the sampled fragments' keys of a release in Sampling (a wrong key refused first
    /// for a quarter of the seeds): it opens.
    function revealSamples(uint256 seed) external {
        _run(abi.encodeCall(this.doRevealSamples, (seed)));
    }

    /// @dev The action itself, run by {revealSamples}.
    function doRevealSamples(uint256 seed) external onlySelf {
        _beginAction();
        IRelease r = _find(seed, _canRevealSamples);
        if (address(r) == address(0)) {
            r = _find(seed, _canDraw);
            if (address(r) == address(0)) {
                r = _newRelease();
                _enrolAll(r);
            }
            _draw(r);
        }
        if (_revealSamples(r, seed % 4 == 0)) misPaid = true;
        _touch(r);
        ++successes[8];
    }

    /// @notice Lets a release's sampling lapse (keys overdue, or the beacon lost) and cancels it; for
    /// two thirds of the seeds every deposit is then claimed back at once, exactly.
    function cancelSampling(uint256 seed) external {
        _run(abi.encodeCall(this.doCancelSampling, (seed)));
    }

    /// @dev The action itself, run by {cancelSampling}.
    function doCancelSampling(uint256 seed) external onlySelf {
        _beginAction();
        IRelease r = _find(seed, _inSampling);
        if (address(r) == address(0)) {
            r = _newRelease();
            _enrolAll(r);
            if (seed % 2 == 0) _draw(r);
        }
        _lapseSampling(r);
        r.cancel();
        _touch(r);
        if (seed % 3 != 0) {
            for (uint256 slot = _claimableSlot(r, seed); slot != SLOTS; slot = _claimableSlot(r, seed)) {
                _claimDeposit(r, slot);
            }
        }
        ++successes[9];
    }

    /// @notice The payee withdraws what a release credited it (a deposit it rejected, a pledge's excess).
    function withdrawCredit(uint256 seed) external {
        _run(abi.encodeCall(this.doWithdrawCredit, (seed)));
    }

    /// @dev The action itself, run by {withdrawCredit}.
    function doWithdrawCredit(uint256 seed) external onlySelf {
        _beginAction();
        IRelease r = _find(seed, _creditsPayee);
        if (address(r) == address(0)) {
            // Slot 0's payout is the payee, which rejects its deposit: credited.
            r = _newRelease();
            _enrol(r, 0);
            vm.warp(r.summary().enrolDeadline);
            r.cancel();
            _claimDeposit(r, 0);
        }
        uint256 credit = r.creditOf(address(payee));
        _setPayeeRejecting(false);
        uint256 before = balanceOf(token, address(payee));
        vm.prank(address(payee));
        r.withdrawCredit();
        uint256 paid = balanceOf(token, address(payee)) - before;
        if (paid != credit || r.creditOf(address(payee)) != 0) misPaid = true;
        ghostOut[r] += paid;
        before = balanceOf(token, address(payee));
        vm.prank(address(payee));
        try r.withdrawCredit() {
            doublePaid = true;
        } catch {}
        if (balanceOf(token, address(payee)) != before) doublePaid = true;
        _setPayeeRejecting(true);
        _touch(r);
        ++successes[10];
    }

    // ================================================================ views for the invariants

    /// @notice Whether `r`'s fragment keys are forged (not its secret's).
    function forged(IRelease r) external view returns (bool) {
        return _forged(r);
    }

    function releaseCount() external view returns (uint256) {
        return releases.length;
    }

    function touched() external view returns (IRelease[] memory) {
        return _touched;
    }

    /// @notice Everything `r` owes right now, recomputed from the spec's formulas (§8).
    function owed(IRelease r) public view returns (uint256 total) {
        IRelease.Summary memory s = r.summary();
        uint256 reputation = uint256(GOAL) / 100;
        for (uint256 i; i < SLOTS; ++i) {
            (,,, IRelease.SlotStatus status, bool claimed) = r.slotInfo(i);
            if (status == IRelease.SlotStatus.Slashed) {
                (, uint256 bounty,) = r.bountyOf(i);
                if (!claimed) vm.assertEq(bounty, DEPOSIT / 2, "an unpaid bounty is half the deposit");
                if (!claimed) total += DEPOSIT / 2;
                continue;
            }
            if (claimed || status == IRelease.SlotStatus.Vacant) continue;
            if (s.state == IRelease.State.Settled) {
                if (status == IRelease.SlotStatus.Published) total += DEPOSIT + FEE + reputation / s.publishedCount;
            } else if (
                s.state != IRelease.State.Failed || s.revealDeadline == 0 || status == IRelease.SlotStatus.Published
                    || s.secretPublished
            ) {
                total += DEPOSIT;
            }
        }
        bool ended = s.state == IRelease.State.Failed || s.state == IRelease.State.Settled;
        for (uint256 i; i < fans.length; ++i) {
            uint256 pledged = r.pledgeOf(fans[i]);
            if (!ended) total += pledged;
            else if (s.totalPledged != 0) total += pledged * s.fanPool / s.totalPledged;
            if (s.state == IRelease.State.Failed) total += pledged;
        }
        if (!ended) total += s.fanPool;
        if (s.state == IRelease.State.Settled && !artistPaid[r]) total += r.artistFee();
        // Payments a payee rejected (a deposit, a pledge's excess), credited until withdrawn.
        total += r.creditOf(address(payee)) + r.creditOf(artist);
        for (uint256 i; i < 3; ++i) {
            total += r.creditOf(fans[i]);
        }
    }

    // ================================================================ drivers

    function _beginAction() private {
        // Every action in a block of its own, a second later, as on a real chain (timestamps increase).
        vm.roll(block.number + 1);
        vm.warp(block.timestamp + 1);
        delete _touched;
    }

    function _touch(IRelease r) private {
        _touched.push(r);
    }

    function _newRelease() private returns (IRelease r) {
        uint256 index = releases.length;
        IRelease.Params memory p;
        p.token = token;
        p.goal = GOAL;
        p.deposit = DEPOSIT;
        p.keyholderFee = FEE;
        p.enrolDeadline = uint40(block.timestamp + 1 days);
        p.pledgeDeadline = uint40(block.timestamp + 10 days);
        p.revealWindow = 1 days;
        p.secretAddress = vm.addr(_secretOf(index));
        p.manifestHash = keccak256(abi.encode("manifest", index));
        p.commitmentsHash = keccak256(abi.encode("commitments", index));
        p.archiveCid = abi.encodePacked(hex"01551220", keccak256(abi.encode(index)));
        _setFragments(p, index, _secretOf(index));
        p.groupThresholds = new uint8[](2);
        p.groupSizes = new uint8[](2);
        (p.groupThresholds[0], p.groupSizes[0]) = (2, 2);
        (p.groupThresholds[1], p.groupSizes[1]) = (2, 3);
        p.releaseKeys = new address[](SLOTS);
        p.shareAddresses = new address[](SLOTS);
        for (uint256 i; i < SLOTS; ++i) {
            p.releaseKeys[i] = vm.addr(_keyOf(index, i));
            p.shareAddresses[i] = vm.addr(_shareOf(index, i));
        }
        vm.prank(artist);
        r = IRelease(factory.createRelease(p, bytes32(index)));
        releases.push(r);
        _touch(r);
    }

    function _enrol(IRelease r, uint256 slot) private {
        address keyholder = _keyholders[slot];
        bytes memory acceptance = _sign(_releaseKey(r, slot), r.acceptanceDigest(slot, keyholder));
        uint256 before = balanceOf(token, address(r));
        uint256 value = _fund(keyholder, address(r), DEPOSIT);
        vm.prank(keyholder);
        r.enrol{value: value}(slot, keyholder, acceptance);
        ghostIn[r] += balanceOf(token, address(r)) - before;
        _touch(r);
    }

    /// @dev Enrols every vacant slot: the release is in Sampling.
    function _enrolAll(IRelease r) private {
        for (uint256 i; i < SLOTS; ++i) {
            (,,, IRelease.SlotStatus status,) = r.slotInfo(i);
            if (status == IRelease.SlotStatus.Vacant) _enrol(r, i);
        }
    }

    /// @dev Enrols every vacant slot, draws and reveals the samples: the release is Open.
    function _enrolAndOpen(IRelease r, uint256 seed) private {
        _enrolAll(r);
        _draw(r);
        if (_revealSamples(r, seed % 8 == 1)) misPaid = true;
    }

    /// @dev Claims the deposit of `slot` of the ended `r` (past the accusation window first) and
    /// checks that its payout got, paid or credited, exactly what spec §8 owes it.
    function _claimDeposit(IRelease r, uint256 slot) private {
        if (!_windowPassed[r]) {
            // Deposits wait ACCUSATION_WINDOW after the end for late reveals; r has ended by now.
            _windowPassed[r] = true;
            vm.warp(block.timestamp + r.ACCUSATION_WINDOW());
        }
        IRelease.Summary memory s = r.summary();
        (,, address keyholder, IRelease.SlotStatus status,) = r.slotInfo(slot);
        bool published = status == IRelease.SlotStatus.Published;
        uint256 due;
        if (s.state == IRelease.State.Settled) {
            if (published) due = DEPOSIT + FEE;
        } else if (s.state == IRelease.State.Cancelled || s.revealDeadline == 0 || published || s.secretPublished) {
            // Failed with the secret out: forged sample keys, the artist's fault; every deposit returns.
            due = DEPOSIT;
        }
        address payout = registry.payoutOf(keyholder);
        uint256 creditBefore = r.creditOf(payout);
        uint256 before = balanceOf(token, payout) + balanceOf(token, address(registry));
        r.claimDeposit(slot);
        uint256 paid = balanceOf(token, payout) + balanceOf(token, address(registry)) - before;
        uint256 reputation = s.state == IRelease.State.Settled && published ? uint256(GOAL) / 100 / s.publishedCount : 0;
        if (paid + r.creditOf(payout) - creditBefore != due + reputation) misPaid = true;
        ghostOut[r] += paid;
        try r.claimDeposit(slot) {
            doublePaid = true;
        } catch {}
    }

    function _setPayeeRejecting(bool rejecting) private {
        payee.setRejecting(rejecting);
        if (token != address(0)) BlocklistToken(token).setBlocked(address(payee), rejecting);
    }

    /// @dev Counts what the release took, by the change of its balance and of `pledgeOf(fan)`:
    /// a pledge takes at most what remains to the goal (any excess stays with, or returns to, the fan).
    /// The fan keeps (tokens: never pulled; ETH: sent back, or credited if it rejects ETH) the rest.
    function _pledge(IRelease r, address fan, uint256 amount) private {
        uint256 before = balanceOf(token, address(r));
        uint256 pledgedBefore = r.pledgeOf(fan);
        uint256 creditBefore = r.creditOf(fan);
        uint256 remaining = r.summary().goal - r.summary().totalPledged;
        uint256 fanBefore = balanceOf(token, fan);
        uint256 value = _fund(fan, address(r), amount);
        vm.prank(fan);
        uint256 returned = r.pledge{value: value}(amount);
        uint256 taken = r.pledgeOf(fan) - pledgedBefore;
        uint256 credited = r.creditOf(fan) - creditBefore;
        if (taken != returned || taken != (amount < remaining ? amount : remaining)) pledgeMismatch = true;
        if (balanceOf(token, address(r)) - before != taken + credited) pledgeMismatch = true;
        if (balanceOf(token, fan) + taken + credited != fanBefore + amount) pledgeMismatch = true;
        if (credited != 0 && (token != address(0) || fan != address(payee))) pledgeMismatch = true;
        ghostIn[r] += taken + credited;
        ghostPledged[r] += taken;
        ghostPledgedBy[r][fan] += taken;
        _touch(r);
    }

    /// @dev Every step the keeper finds due (cancel, expire, settle, draw the samples), for every release.
    function _performDueSteps() private returns (uint256 performed) {
        for (uint256 i; i < releases.length; ++i) {
            IRelease r = releases[i];
            (bool due, bytes memory data) = keeper.checkUpkeep(abi.encode(r));
            if (due) {
                keeper.performUpkeep(data);
                _touch(r);
                ++performed;
            }
        }
    }

    function _nextPending() private view returns (IRelease) {
        for (uint256 i; i < releases.length; ++i) {
            IRelease.State st = releases[i].state();
            if (st == IRelease.State.Enrolling || st == IRelease.State.Sampling || st == IRelease.State.Open
                    || st == IRelease.State.Funded || st == IRelease.State.Released) return releases[i];
        }
        return IRelease(address(0));
    }

    function _nextDeadline(IRelease r) private view returns (uint256) {
        IRelease.Summary memory s = r.summary();
        if (s.state == IRelease.State.Enrolling) return s.enrolDeadline;
        if (s.state == IRelease.State.Open) return s.pledgeDeadline;
        return s.revealDeadline;
    }

    /// @dev The first release, scanning from `seed`, for which `pred` holds (0 if none).
    function _find(uint256 seed, function(IRelease) view returns (bool) pred) private view returns (IRelease) {
        uint256 count = releases.length;
        for (uint256 j; j < count; ++j) {
            IRelease r = releases[(seed % count + j) % count];
            if (pred(r)) return r;
        }
        return IRelease(address(0));
    }

    function _canEnrol(IRelease r) private view returns (bool) {
        IRelease.Summary memory s = r.summary();
        return s.state == IRelease.State.Enrolling && block.timestamp < s.enrolDeadline
            && _keyholdersActive();
    }

    function _canPledge(IRelease r) private view returns (bool) {
        IRelease.Summary memory s = r.summary();
        return s.state == IRelease.State.Open && block.timestamp < s.pledgeDeadline;
    }

    function _canReveal(IRelease r) private view returns (bool) {
        IRelease.Summary memory s = r.summary();
        if (s.state != IRelease.State.Funded && s.state != IRelease.State.Released) return false;
        if (block.timestamp >= s.revealDeadline) return false;
        return s.state == IRelease.State.Funded || _hasSlot(r, IRelease.SlotStatus.Enrolled);
    }

    function _canAccuse(IRelease r) private view returns (bool) {
        IRelease.State st = r.state();
        // A commitment in Sampling is judged as one in Enrolling (the release was not open yet, spec §6.3).
        if (st == IRelease.State.Enrolling || st == IRelease.State.Sampling || st == IRelease.State.Open) {
            return _hasSlot(r, IRelease.SlotStatus.Enrolled);
        }
        if (st == IRelease.State.Cancelled || st == IRelease.State.Failed) return _accusableSlot(r, 0) != SLOTS;
        return false;
    }

    function _hasRefund(IRelease r) private view returns (bool) {
        IRelease.State st = r.state();
        if (st != IRelease.State.Failed && st != IRelease.State.Settled) return false;
        return _fanWithRefund(r, 0) != address(0);
    }

    function _hasPayout(IRelease r) private view returns (bool) {
        IRelease.State st = r.state();
        if (st == IRelease.State.Settled && !artistPaid[r]) return true;
        if (st != IRelease.State.Settled && st != IRelease.State.Failed && st != IRelease.State.Cancelled) return false;
        return _hasClaimableSlot(r);
    }

    function _creditsPayee(IRelease r) private view returns (bool) {
        return r.creditOf(address(payee)) != 0;
    }

    function _hasClaimableSlot(IRelease r) private view returns (bool) {
        return _claimableSlot(r, 0) != SLOTS;
    }

    function _claimableSlot(IRelease r, uint256 seed) private view returns (uint256) {
        for (uint256 j; j < SLOTS; ++j) {
            uint256 i = (seed % SLOTS + j) % SLOTS;
            (,,, IRelease.SlotStatus status, bool claimed) = r.slotInfo(i);
            if (!claimed && (status == IRelease.SlotStatus.Enrolled || status == IRelease.SlotStatus.Published)) {
                return i;
            }
        }
        return SLOTS;
    }

    /// @dev An Enrolled slot whose keyholder the registry has not slashed yet (SLOTS if none).
    function _accusableSlot(IRelease r, uint256 seed) private view returns (uint256) {
        IRelease.State st = r.state();
        for (uint256 j; j < SLOTS; ++j) {
            uint256 i = (seed % SLOTS + j) % SLOTS;
            (,, address keyholder, IRelease.SlotStatus status,) = r.slotInfo(i);
            if (status != IRelease.SlotStatus.Enrolled) continue;
            if (st == IRelease.State.Enrolling || st == IRelease.State.Sampling || st == IRelease.State.Open
                    || registry.isActive(keyholder)) return i;
        }
        return SLOTS;
    }

    function _fanWithRefund(IRelease r, uint256 seed) private view returns (address) {
        IRelease.Summary memory s = r.summary();
        for (uint256 j; j < fans.length; ++j) {
            address fan = fans[(seed % fans.length + j) % fans.length];
            uint256 pledged = r.pledgeOf(fan);
            uint256 amount = s.totalPledged == 0 ? 0 : pledged * s.fanPool / s.totalPledged;
            if (s.state == IRelease.State.Failed) amount += pledged;
            if (amount != 0) return fan;
        }
        return address(0);
    }

    function _hasSlot(IRelease r, IRelease.SlotStatus wanted) private view returns (bool) {
        return _firstSlot(r, 0, wanted) != SLOTS;
    }

    function _firstSlot(IRelease r, uint256 seed, IRelease.SlotStatus wanted) private view returns (uint256) {
        for (uint256 j; j < SLOTS; ++j) {
            uint256 i = (seed % SLOTS + j) % SLOTS;
            (,,, IRelease.SlotStatus status,) = r.slotInfo(i);
            if (status == wanted) return i;
        }
        return SLOTS;
    }

    function _keyholdersActive() private view returns (bool) {
        for (uint256 i; i < SLOTS; ++i) {
            if (!registry.isActive(_keyholders[i])) return false;
        }
        return true;
    }

    /// @dev A slashed keyholder can never enrol again: later releases use a fresh one for its slot.
    function _replaceIfSlashed(address keyholder) private {
        if (registry.isActive(keyholder)) return;
        for (uint256 i; i < SLOTS; ++i) {
            if (_keyholders[i] == keyholder) _keyholders[i] = _newKeyholder(i);
        }
    }

    /// @dev A keyholder for `slot`: slot 0's is paid to the payee.
    function _newKeyholder(uint256 slot) private returns (address keyholder) {
        keyholder = vm.addr(0x100000 + _keyholderNonce);
        ++_keyholderNonce;
        address payout = slot == 0 ? address(payee) : vm.addr(0x200000 + _keyholderNonce);
        vm.prank(keyholder);
        registry.register(keyholder, payout, "https://bot", "terms");
    }

    function _releaseKey(IRelease r, uint256 slot) private view returns (uint256) {
        return _keyOf(_indexOf(r), slot);
    }

    function _secret(IRelease r) private view returns (uint256) {
        return _secretOf(_indexOf(r));
    }

    function _indexOf(IRelease r) private view returns (uint256) {
        for (uint256 i; i < releases.length; ++i) {
            if (releases[i] == r) return i;
        }
        revert("unknown release");
    }

    function _keyOf(uint256 index, uint256 slot) private pure returns (uint256) {
        return uint256(keccak256(abi.encode("release key", index, slot))) % (N - 1) + 1;
    }

    /// @dev Slot `slot`'s Feldman share of release `index`'s secret (groups 2-of-2 and 2-of-3).
    function _shareOf(uint256 index, uint256 slot) private pure returns (uint256) {
        uint256 group = slot < 2 ? 0 : 1;
        return Feldman.split(_secretOf(index), 2, group == 0 ? 2 : 3, index * 8 + group)[group == 0 ? slot : slot - 2];
    }

    function _secretOf(uint256 index) private pure returns (uint256) {
        return uint256(keccak256(abi.encode("secret", index))) % (N - 1) + 1;
    }

}
