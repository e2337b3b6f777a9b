// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IRelease} from "./interfaces/IRelease.sol";
import {IKeyholderRegistry} from "./interfaces/IKeyholderRegistry.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Secp256k1} from "./libraries/Secp256k1.sol";
import {ReleaseBase} from "./ReleaseBase.sol";

/**
 * @title Release
 * @notice The implementation behind every release clone; see {IRelease} and
 * spec/release-protocol.md for the rules. It implements every step (the steps of {IRelease}); the
 * views (the views of {IRelease}) are answered by {ReleaseViews}, to which the fallback delegates.
 */
contract Release is ReleaseBase, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    uint256 private constant _MAX_CID_LENGTH = 64;
    uint256 private constant _N = Secp256k1.ORDER;

    address private immutable _FACTORY;
    address private immutable _SELF;
    IKeyholderRegistry private immutable _REGISTRY;
    /// @dev The contract that implements the views; it has no state-changing function.
    address private immutable _VIEWS;

    /// @dev A checked reveal: the state at its commitment's block, that block, the commitment's
    /// sequence, and the slot's keyholder and status now.
    struct Reveal {
        IRelease.State then;
        uint256 committedAt;
        uint256 sequence;
        address keyholder;
        IRelease.SlotStatus status;
    }

    /**
     * @param factory the only account allowed to initialise clones
     * @param registry the keyholder registry every clone reports to
     * @param views the {ReleaseViews} that answers the views (it has no constructor arguments: any deployment of its code serves)
     */
    constructor(address factory, IKeyholderRegistry registry, address views) {
        _FACTORY = factory;
        _SELF = address(this);
        _REGISTRY = registry;
        _VIEWS = views;
    }

    /// @dev Every other call (the views) runs {ReleaseViews}' code on this clone's storage. It is
    /// not payable, and an unknown selector reverts there (ReleaseViews has no fallback).
    // solhint-disable-next-line no-complex-fallback
    fallback() external {
        address views = _VIEWS;
        // Not memory-safe, and need not be: it takes over memory and never returns to Solidity.
        assembly {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), views, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }

    // ================================================================ lifecycle

    /// @dev See {IRelease}.
    function initialize(address artist_, IRelease.Params calldata p) external {
        if (address(this) == _SELF) revert IRelease.ReleaseIsImplementation();
        if (msg.sender != _FACTORY) revert IRelease.ReleaseNotFactory(msg.sender, _FACTORY);
        _requireState(_bit(IRelease.State.None));
        _validate(artist_, p);
        _writeConfig(_encodeConfig(artist_, p));
        _history.createdBlock = uint40(block.number);
        _state = IRelease.State.Enrolling;
        emit IRelease.ReleaseInitialized(artist_, p);
        emit IRelease.StateChanged(IRelease.State.None, IRelease.State.Enrolling);
    }

    /// @dev See {IRelease}.
    function enrol(uint256 slot, address keyholder, bytes calldata signature) external payable nonReentrant {
        _requireState(_bit(IRelease.State.Enrolling));
        _requireBefore(_u40(_ENROL_DEADLINE));
        (, address releaseKey) = _slotConfig(slot);
        SlotState storage s = _slots[slot];
        _requireSlotStatus(slot, s.status, IRelease.SlotStatus.Vacant);
        if (!_REGISTRY.canActFor(msg.sender, keyholder)) revert IRelease.ReleaseNotKeyholderOrOperator(msg.sender, keyholder);
        _requireSignedBy(_acceptanceDigest(slot, keyholder), signature, releaseKey);

        s.keyholder = keyholder;
        s.status = IRelease.SlotStatus.Enrolled;
        uint8 enrolled = _enrolledCount + 1;
        _enrolledCount = enrolled;
        uint256 deposit = _u96(_DEPOSIT);
        emit IRelease.KeyholderEnrolled(slot, keyholder, releaseKey, deposit);
        if (enrolled == _slotCount()) _setState(IRelease.State.Enrolling, IRelease.State.Sampling);

        _REGISTRY.onEnrolled(keyholder);
        _collect(deposit);
    }

    /// @dev See {IRelease}.
    function drawSamples() external {
        _requireState(_bit(IRelease.State.Sampling));
        if (_sampleDraw.revealBy != 0) revert IRelease.ReleaseSamplesAlreadyDrawn();
        uint256 beacon = _history.samplingBlock + _SAMPLE_DELAY;
        if (block.number <= beacon) revert IRelease.ReleaseBeaconNotMined(beacon, block.number);
        if (block.number > beacon + _BLOCKHASH_HORIZON) revert IRelease.ReleaseBeaconLost(beacon, block.number);
        bytes27 seed = bytes27(blockhash(beacon));
        uint256 revealBy = block.timestamp + _SAMPLE_WINDOW;
        _sampleDraw = SampleDraw(uint40(revealBy), seed);
        emit IRelease.SamplesDrawn(seed, _sampleIndices(seed, _u32(_FRAGMENT_COUNT), _samplesDue()), revealBy);
    }

    /// @dev See {IRelease}.
    function revealSamples(uint256[] calldata keys, bytes32[][] calldata proofs) external {
        _requireState(_bit(IRelease.State.Sampling));
        SampleDraw memory d = _sampleDraw;
        if (d.revealBy == 0) revert IRelease.ReleaseSamplesNotDrawn();
        _requireBefore(d.revealBy);
        uint256 r = _samplesDue();
        if (keys.length != r) revert IRelease.ReleaseWrongSampleCount(keys.length, r);
        if (proofs.length != r) revert IRelease.ReleaseWrongSampleCount(proofs.length, r);
        uint256[] memory fragments = _sampleIndices(d.seed, _u32(_FRAGMENT_COUNT), r);
        bytes32 root = _word(_FRAGMENT_ROOT);
        for (uint256 j; j < r; ++j) {
            address keyAddress = Secp256k1.addressOf(keys[j]);
            // The leaf of OpenZeppelin's StandardMerkleTree: hashed twice, so no inner node is a leaf.
            bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(fragments[j], keyAddress))));
            if (keyAddress == address(0) || !MerkleProof.verifyCalldata(proofs[j], root, leaf)) {
                revert IRelease.ReleaseInvalidSample(j, fragments[j]);
            }
        }
        _sampleKeysHash = keccak256(abi.encodePacked(keys));
        emit IRelease.SamplesRevealed(fragments, keys);
        _setState(IRelease.State.Sampling, IRelease.State.Open);
    }

    /// @dev See {IRelease}.
    function pledge(uint256 amount) external payable nonReentrant returns (uint256 taken) {
        _requireState(_bit(IRelease.State.Open));
        _requireBefore(_u40(_PLEDGE_DEADLINE));
        if (amount == 0) revert IRelease.ReleaseZeroAmount();
        uint256 total = _totalPledged;
        uint256 goal = _u96(_GOAL);
        // "Up to": a pledge front-run by a smaller one (even 1 wei) still funds the release (spec §5).
        taken = amount < goal - total ? amount : goal - total;

        total += taken;
        // Cannot truncate: total <= goal, a uint96.
        _totalPledged = uint96(total);
        _pledges[msg.sender] += uint96(taken);
        emit IRelease.Pledged(msg.sender, taken, total);
        if (total == goal) {
            uint256 revealDeadline = block.timestamp + _u32(_REVEAL_WINDOW);
            _revealDeadline = uint40(revealDeadline);
            emit IRelease.Funded(block.timestamp, revealDeadline);
            _setState(IRelease.State.Open, IRelease.State.Funded);
        }

        if (_address(_TOKEN) == address(0)) {
            if (msg.value != amount) revert IRelease.ReleaseWrongValue(msg.value, amount);
            if (amount != taken) _payOrCredit(msg.sender, amount - taken);
        } else {
            _collect(taken);
        }
    }

    /// @dev See {IRelease}.
    function publishShare(uint256 slot, uint256 share) external {
        IRelease.State current = _requireState(_bit(IRelease.State.Funded) | _bit(IRelease.State.Released));
        uint256 revealDeadline = _revealDeadline;
        _requireBefore(revealDeadline);
        address config = _config();
        // Not in the funding block, whose commitments are judged as Open (spec §6.3): only once the
        // time passed the funding time (revealDeadline - revealWindow), which no block of the
        // funding time, and so not the funding block, has. A timestamp, not `_history.fundedBlock`:
        // that would be a cold storage read (2,100 gas) over the budget.
        uint256 fundedAt = revealDeadline - uint32(bytes4(_wordOf(config, _REVEAL_WINDOW)));
        if (block.timestamp <= fundedAt) revert IRelease.ReleaseDeadlineNotReached(fundedAt + 1, block.timestamp);
        // Gas (spec §12): one configuration word holds the counts and every group's threshold and
        // size, and after funding every slot is Enrolled unless its bit is set in `_slashedSlots`
        // or `_sharesPublished` (both in slot 0), so no slot state is read or written here.
        bytes32 counts = _wordOf(config, _COUNTS);
        uint256 slotCount = uint8(counts[1]);
        if (slot >= slotCount) revert IRelease.ReleaseUnknownSlot(slot, slotCount);
        uint256 published = _sharesPublished;
        uint256 bit = 1 << slot;
        if ((published | _slashedSlots) & bit != 0) {
            _requireSlotStatus(
                slot, _slashedSlots & bit != 0 ? IRelease.SlotStatus.Slashed : IRelease.SlotStatus.Published, IRelease.SlotStatus.Enrolled
            );
        }
        address shareAddress =
            address(bytes20(_wordOf(config, _GROUPS + 2 * uint256(uint8(counts[0])) + 21 * slotCount + 20 * slot)));
        if (!Secp256k1.isKeyOf(share, shareAddress)) revert IRelease.ReleaseInvalidShare(slot, shareAddress);

        _shares[slot] = share;
        published |= bit;
        // Cannot truncate: slot < _MAX_SLOTS = 32.
        _sharesPublished = uint32(published);
        _countShare(current, counts, slot, share, published);
    }

    /// @dev Logs the share just stored and recombines its group if it is the M-th (spec §6.1).
    function _countShare(IRelease.State current, bytes32 counts, uint256 slot, uint256 share, uint256 published) private {
        (uint256 group, uint256 threshold, uint256 first, uint256 size) = _groupOfSlot(counts, slot);
        uint256 groupMask = ((1 << size) - 1) << first;
        uint256 groupPublished = _popcount(published & groupMask);
        emit IRelease.SharePublished(slot, group, share, groupPublished);
        // Only the share that brings a group to exactly M_g recombines, once: later shares of the
        // same group, of an invalid group, or after the release earn their fee and nothing more.
        if (current == IRelease.State.Funded && groupPublished == threshold && _invalidGroups & (1 << group) == 0) {
            _completeGroup(group, _recombine(_identifiers(published & groupMask, first, size), first));
        }
    }

    /// @dev See {IRelease}.
    function authorRelease(uint256 secret) external {
        _requireState(_bit(IRelease.State.Funded));
        _requireBefore(_revealDeadline);
        address secretAddress = _address(_SECRET_ADDRESS);
        if (!Secp256k1.isKeyOf(secret, secretAddress)) revert IRelease.ReleaseInvalidSecret(secretAddress);

        emit IRelease.SecretPublished(secret);
        _release(secret);
    }

    /// @dev See {IRelease}.
    function accuse(uint256 slot, address beneficiary, bytes calldata signature, bytes32 salt) external nonReentrant {
        Reveal memory v = _checkReveal(slot, beneficiary, signature, salt);
        // Committed after the end, the deposit is no longer at stake (spec §6.3); revealed after a
        // settlement that already gave an unpublished slot's deposit to the fans, it is gone: in both
        // cases only the registry slashes, so nothing is owed twice. A release that failed with its
        // secret out (forged sample keys, §4.1) gave no deposit away, so a leak committed before
        // still takes it, and one committed after is no leak: the secret is public.
        bool failedWithSecret = _state == IRelease.State.Failed && _secretPublished;
        if (v.then == IRelease.State.Failed && failedWithSecret) revert IRelease.ReleaseCommittedWhileKeysDue(v.then, v.committedAt);
        bool forfeited = (v.then == IRelease.State.Enrolling || v.then == IRelease.State.Open) && v.status == IRelease.SlotStatus.Enrolled
            && (_state == IRelease.State.Settled || (_state == IRelease.State.Failed && _history.fundedBlock != 0 && !failedWithSecret));
        if (v.then == IRelease.State.Cancelled || v.then == IRelease.State.Failed || forfeited) {
            _requireSlotStatus(slot, v.status, IRelease.SlotStatus.Enrolled);
            if (
                _REGISTRY.reportLeak(v.keyholder, beneficiary, v.sequence, false)
                    == IKeyholderRegistry.LeakReport.Ignored
            ) revert IRelease.ReleaseAlreadySlashed(v.keyholder);
            emit IRelease.LeakProven(slot, v.keyholder, beneficiary, 0, 0, 0);
            return;
        }
        if (v.then != IRelease.State.Enrolling && v.then != IRelease.State.Open) revert IRelease.ReleaseCommittedWhileKeysDue(v.then, v.committedAt);
        if (v.status == IRelease.SlotStatus.Slashed) _supersede(slot, v.keyholder, beneficiary, v.sequence);
        else _slashDeposit(slot, v.status, v.then == IRelease.State.Open, v.keyholder, beneficiary, v.sequence);
    }

    /// @dev Checks a reveal against the caller's commitment and the leak proof; returns what judges it.
    function _checkReveal(uint256 slot, address beneficiary, bytes calldata signature, bytes32 salt)
        private
        view
        returns (Reveal memory v)
    {
        if (beneficiary == address(0)) revert IRelease.ReleaseZeroAddress();
        (, address releaseKey) = _slotConfig(slot);
        bytes32 commitment = _accusationCommitment(slot, beneficiary, signature, salt, msg.sender);
        (v.committedAt, v.sequence) = _REGISTRY.commitmentOf(msg.sender, commitment);
        if (v.sequence == 0) revert IRelease.ReleaseUnknownCommitment(commitment);
        SlotState storage s = _slots[slot];
        // A slot whose share is on chain reads as Published (a slashed one stays Slashed).
        (v.keyholder, v.status) = (s.keyholder, _status(slot, s.status, _sharesPublished));
        if (v.status == IRelease.SlotStatus.Vacant) revert IRelease.ReleaseWrongSlotStatus(slot, v.status, IRelease.SlotStatus.Enrolled);
        _requireSignedBy(_leakProofDigest(v.keyholder, beneficiary), signature, releaseKey);
        v.then = _stateAt(v.committedAt);
    }

    /// @dev The deposit part of an accusation committed in Enrolling or Open (`open`), spec §6.3.
    function _slashDeposit(
        uint256 slot,
        IRelease.SlotStatus status,
        bool open,
        address keyholder,
        address beneficiary,
        uint256 sequence
    ) private {
        uint256 endedAt = _history.endedAt;
        if (endedAt != 0 && block.timestamp >= endedAt + _ACCUSATION_WINDOW) {
            revert IRelease.ReleaseRevealWindowClosed(endedAt + _ACCUSATION_WINDOW, block.timestamp);
        }

        uint256 deposit = _u96(_DEPOSIT);
        uint256 bounty = deposit / 2;
        // Fans only exist once the release is open; a quarter then goes to them, the rest stays
        // locked here forever, so even a leaker that is the only fan gets back less than it loses.
        uint256 toFans;
        _slots[slot].status = IRelease.SlotStatus.Slashed;
        // Cannot truncate: slot < _MAX_SLOTS = 32.
        uint32 bit = uint32(1 << slot);
        _slashedSlots |= bit;
        // A slot that published since (the leaker raced to funding after the commitment) loses its
        // place among the revealers, unless settlement already counted it (then its pay stays locked).
        if (status == IRelease.SlotStatus.Published && (_state == IRelease.State.Funded || _state == IRelease.State.Released)) {
            _sharesPublished &= ~bit;
        }
        _accusations[slot] = Accusation(beneficiary, uint32(sequence), uint40(block.timestamp));
        if (open) {
            toFans = deposit / 4;
            ++_openSlashedCount;
        }
        emit IRelease.LeakProven(slot, keyholder, beneficiary, bounty, toFans, deposit - bounty - toFans);
        if (toFans != 0) emit IRelease.FanPoolIncreased(toFans, _fanPool());

        _REGISTRY.reportLeak(keyholder, beneficiary, sequence, true);
    }

    /// @dev See {IRelease}.
    function claimBounty(uint256 slot) external nonReentrant {
        _slotConfig(slot);
        SlotState storage s = _slots[slot];
        _requireSlotStatus(slot, s.status, IRelease.SlotStatus.Slashed);
        if (s.claimed) revert IRelease.ReleaseAlreadyClaimed(slot);
        Accusation storage a = _accusations[slot];
        _requireReached(a.revealedAt + _ACCUSATION_WINDOW);

        s.claimed = true;
        address beneficiary = a.beneficiary;
        uint256 bounty = _u96(_DEPOSIT) / 2;
        emit IRelease.BountyClaimed(slot, beneficiary, bounty);
        _pay(beneficiary, bounty);
    }

    /// @dev See {IRelease}.
    function withdrawCredit() external nonReentrant {
        uint256 amount = _credits[msg.sender];
        if (amount == 0) revert IRelease.ReleaseNoCredit(msg.sender);
        _credits[msg.sender] = 0;
        emit IRelease.CreditWithdrawn(msg.sender, amount);
        _pay(msg.sender, amount);
    }

    /// @dev See {IRelease}.
    function cancel() external {
        _cancel();
    }

    /// @dev See {IRelease}.
    function expire() external {
        _expire();
    }

    /// @dev See {IRelease}.
    function settle() external {
        _settle();
    }

    /// @dev See {IRelease}.
    function claimRefund() external nonReentrant {
        IRelease.State current = _requireState(_bit(IRelease.State.Failed) | _bit(IRelease.State.Settled));
        uint256 pledged = _pledges[msg.sender];
        uint256 total = _totalPledged;
        // Rounds down: the sum of all shares never exceeds the pool.
        uint256 amount = total == 0 ? 0 : pledged * _fanPool() / total;
        if (current == IRelease.State.Failed) amount += pledged;
        if (amount == 0) revert IRelease.ReleaseNothingToClaim(msg.sender);

        _pledges[msg.sender] = 0;
        emit IRelease.RefundClaimed(msg.sender, amount);
        _pay(msg.sender, amount);
    }

    /// @dev See {IRelease}.
    function claimDeposit(uint256 slot) external nonReentrant {
        IRelease.State current = _requireState(_bit(IRelease.State.Settled) | _bit(IRelease.State.Failed) | _bit(IRelease.State.Cancelled));
        // An accusation committed before the end may still be revealed, and take this deposit, until then.
        _requireReached(_history.endedAt + _ACCUSATION_WINDOW);
        _slotConfig(slot);
        SlotState storage s = _slots[slot];
        IRelease.SlotStatus status = _status(slot, s.status, _sharesPublished);
        if (status != IRelease.SlotStatus.Enrolled && status != IRelease.SlotStatus.Published) {
            revert IRelease.ReleaseWrongSlotStatus(slot, status, IRelease.SlotStatus.Enrolled);
        }
        if (s.claimed) revert IRelease.ReleaseAlreadyClaimed(slot);
        (uint256 amount, uint256 reputation) = _owedToSlot(current, status);

        s.claimed = true;
        address keyholder = s.keyholder;
        address payout = _REGISTRY.payoutOf(keyholder);
        emit IRelease.DepositClaimed(slot, keyholder, payout, amount, reputation);

        // Failed with the secret out is the artist's fault, and no leak of a public secret can be proven.
        _REGISTRY.onClosed(keyholder, current != IRelease.State.Settled && !_secretPublished);
        if (amount != 0) _payOrCredit(payout, amount);
        if (reputation != 0) {
            address token = _address(_TOKEN);
            if (token == address(0)) {
                _REGISTRY.creditReputation{value: reputation}(keyholder, address(0), reputation);
            } else {
                IERC20(token).safeTransfer(address(_REGISTRY), reputation);
                _REGISTRY.creditReputation(keyholder, token, reputation);
            }
        }
    }

    /// @dev See {IRelease}.
    function claimArtistFee() external nonReentrant {
        _requireState(_bit(IRelease.State.Settled));
        address artist_ = _address(_ARTIST);
        if (_artistPaid) revert IRelease.ReleaseNothingToClaim(artist_);
        _artistPaid = true;
        uint256 fee = _artistFee();
        emit IRelease.ArtistFeeClaimed(artist_, fee);
        _pay(artist_, fee);
    }

    // ================================================================ views Release answers itself

    /// @dev See {IRelease}.
    function state() external view returns (IRelease.State) {
        return _state;
    }

    // ================================================================ internal: steps

    function _cancel() private {
        IRelease.State current = _requireState(_bit(IRelease.State.Enrolling) | _bit(IRelease.State.Sampling));
        if (current == IRelease.State.Enrolling) {
            _requireReached(_u40(_ENROL_DEADLINE));
        } else {
            uint256 revealBy = _sampleDraw.revealBy;
            if (revealBy != 0) {
                _requireReached(revealBy);
            } else {
                // Never drawn while the beacon could be read: it is lost, and no other seed is fair.
                uint256 lostAfter = _history.samplingBlock + _SAMPLE_DELAY + _BLOCKHASH_HORIZON;
                if (block.number <= lostAfter) revert IRelease.ReleaseDeadlineNotReached(lostAfter + 1, block.number);
            }
        }
        _setState(current, IRelease.State.Cancelled);
    }

    function _expire() private {
        _requireState(_bit(IRelease.State.Open));
        _requireReached(_u40(_PLEDGE_DEADLINE));
        _setState(IRelease.State.Open, IRelease.State.Failed);
    }

    function _settle() private {
        IRelease.State current = _requireState(_bit(IRelease.State.Funded) | _bit(IRelease.State.Released));
        _requireReached(_revealDeadline);
        uint256 published = _popcount(_sharesPublished);
        uint256 slotCount = _slotCount();
        // Every slot is enrolled once the release is open, so only slashed ones hold no deposit.
        uint256 toFans = (slotCount - _popcount(_slashedSlots) - published) * _u96(_DEPOSIT);
        IRelease.State next = IRelease.State.Failed;
        if (current == IRelease.State.Released) {
            uint256 reputation = _u96(_GOAL) * _REPUTATION_BPS / _BPS;
            toFans += (slotCount - published) * _u96(_FEE);
            toFans += published == 0 ? reputation : reputation % published;
            next = IRelease.State.Settled;
        }
        _setState(current, next);
        if (toFans != 0) {
            // Cannot overflow: the pool only holds part of the pledges and deposits, all uint96-bounded.
            _settledToFans += uint96(toFans);
            emit IRelease.FanPoolIncreased(toFans, _fanPool());
        }
    }

    /// @dev What a slot in `status` is owed once the release ended in `current` (spec §8).
    function _owedToSlot(IRelease.State current, IRelease.SlotStatus status) private view returns (uint256 amount, uint256 reputation) {
        if (current == IRelease.State.Settled) {
            if (status == IRelease.SlotStatus.Published) {
                amount = _u96(_DEPOSIT) + _u96(_FEE);
                reputation = _u96(_GOAL) * _REPUTATION_BPS / _BPS / _popcount(_sharesPublished);
            }
        } else if (current == IRelease.State.Cancelled || _revealDeadline == 0 || status == IRelease.SlotStatus.Published || _secretPublished) {
            // Cancelled, expired unfunded, a revealer of an undelivered release, or failed with the
            // secret out (forged sample keys, the artist's fault): the deposit returns.
            amount = _u96(_DEPOSIT);
        }
    }

    function _setState(IRelease.State previous, IRelease.State next) private {
        _state = next;
        uint40 blockNumber = uint40(block.number);
        if (next == IRelease.State.Sampling) {
            _history.samplingBlock = blockNumber;
        } else if (next == IRelease.State.Open) {
            _history.openedBlock = blockNumber;
        } else if (next == IRelease.State.Funded) {
            _history.fundedBlock = blockNumber;
        } else if (next != IRelease.State.Released) {
            // Settled, Cancelled or Failed: the end.
            (_history.endedBlock, _history.endedAt) = (blockNumber, uint40(block.timestamp));
        }
        emit IRelease.StateChanged(previous, next);
    }

    /// @dev The state the release had at the start of block `blockNumber`: a transition of block b
    /// counts for commitments from block b + 1 on, so no transaction can race a commitment in its own
    /// block. Before the release existed it counts as Enrolling. Funded stands for Funded and Released.
    function _stateAt(uint256 blockNumber) private view returns (IRelease.State) {
        History memory h = _history;
        if (h.endedBlock != 0 && blockNumber > h.endedBlock) return _state;
        if (h.fundedBlock != 0 && blockNumber > h.fundedBlock) return IRelease.State.Funded;
        if (h.openedBlock != 0 && blockNumber > h.openedBlock) return IRelease.State.Open;
        return IRelease.State.Enrolling;
    }

    /// @dev An earlier commitment (lower sequence) takes over the slashed `slot` within the window
    /// after its first reveal: its beneficiary gets the bounty and the registry's snitch reward.
    function _supersede(uint256 slot, address keyholder, address beneficiary, uint256 sequence) private {
        Accusation storage a = _accusations[slot];
        uint256 winning = a.sequence;
        if (sequence >= winning) revert IRelease.ReleaseCommitmentNotEarlier(sequence, winning);
        uint256 closes = a.revealedAt + _ACCUSATION_WINDOW;
        if (block.timestamp >= closes) revert IRelease.ReleaseRevealWindowClosed(closes, block.timestamp);
        (a.beneficiary, a.sequence) = (beneficiary, uint32(sequence));
        emit IRelease.AccusationSuperseded(slot, beneficiary, sequence);
        _REGISTRY.reportLeak(keyholder, beneficiary, sequence, false);
    }

    // ================================================================ internal: configuration and recombination

    function _validate(address artist_, IRelease.Params calldata p) private view {
        if (artist_ == address(0)) revert IRelease.ReleaseInvalidParams("artist");
        uint256 groupCount = p.groupSizes.length;
        if (groupCount == 0 || groupCount > _MAX_GROUPS || p.groupThresholds.length != groupCount) {
            revert IRelease.ReleaseInvalidParams("groups");
        }
        uint256 slotCount;
        for (uint256 g; g < groupCount; ++g) {
            uint256 m = p.groupThresholds[g];
            uint256 size = p.groupSizes[g];
            if (m == 0 || m > size) revert IRelease.ReleaseInvalidParams("threshold");
            slotCount += size;
        }
        if (slotCount > _MAX_SLOTS || p.releaseKeys.length != slotCount) revert IRelease.ReleaseInvalidParams("releaseKeys");
        for (uint256 i; i < slotCount; ++i) {
            if (p.releaseKeys[i] == address(0)) revert IRelease.ReleaseInvalidParams("releaseKeys");
        }
        if (p.shareAddresses.length != slotCount) revert IRelease.ReleaseInvalidParams("shareAddresses");
        for (uint256 i; i < slotCount; ++i) {
            if (p.shareAddresses[i] == address(0)) revert IRelease.ReleaseInvalidParams("shareAddresses");
        }
        if (p.deposit == 0) revert IRelease.ReleaseInvalidParams("deposit");
        uint256 committed = uint256(p.keyholderFee) * slotCount + uint256(p.goal) * _REPUTATION_BPS / _BPS;
        if (p.goal <= committed) revert IRelease.ReleaseInvalidParams("goal");
        // Everything a release ever holds (every pledge and deposit) fits a uint96, so no sum of
        // amounts it stores (the fans' pool, a pledge, a payout) can truncate (spec §2).
        if (uint256(p.goal) + uint256(p.deposit) * slotCount > type(uint96).max) revert IRelease.ReleaseInvalidParams("total");
        if (p.enrolDeadline <= block.timestamp) revert IRelease.ReleaseInvalidParams("enrolDeadline");
        if (p.pledgeDeadline <= p.enrolDeadline) revert IRelease.ReleaseInvalidParams("pledgeDeadline");
        // The reveal window and the periods are bounded by the factory ({IReleaseFactory-termBounds}).
        if (p.secretAddress == address(0)) revert IRelease.ReleaseInvalidParams("secretAddress");
        if (p.manifestHash == bytes32(0)) revert IRelease.ReleaseInvalidParams("manifestHash");
        if (p.commitmentsHash == bytes32(0)) revert IRelease.ReleaseInvalidParams("commitmentsHash");
        if (p.archiveCid.length == 0 || p.archiveCid.length > _MAX_CID_LENGTH) revert IRelease.ReleaseInvalidParams("archiveCid");
        if (p.fragmentRoot == bytes32(0)) revert IRelease.ReleaseInvalidParams("fragmentRoot");
        if (p.fragmentCount == 0) revert IRelease.ReleaseInvalidParams("fragmentCount");
        // At least one fragment stays unrevealed: sampling every fragment would publish the work before anyone pays.
        if (p.sampleCount == 0 || p.sampleCount > _MAX_SAMPLES || p.sampleCount >= p.fragmentCount) {
            revert IRelease.ReleaseInvalidParams("sampleCount");
        }
    }

    /// @dev The configuration layout documented at `_ARTIST`..`_GROUPS` (lengths already validated).
    function _encodeConfig(address artist_, IRelease.Params calldata p) private view returns (bytes memory config) {
        uint256 groupCount = p.groupSizes.length;
        uint256 slotCount = p.releaseKeys.length;
        config = bytes.concat(
            abi.encodePacked(artist_, p.token, p.goal, p.deposit, p.keyholderFee),
            abi.encodePacked(p.enrolDeadline, p.pledgeDeadline, p.revealWindow, p.secretAddress),
            abi.encodePacked(p.manifestHash, p.commitmentsHash, keccak256(abi.encode(artist_, p))),
            abi.encodePacked(p.fragmentRoot, p.fragmentCount, p.sampleCount, address(_REGISTRY)),
            abi.encodePacked(uint8(groupCount), uint8(slotCount), uint8(p.archiveCid.length))
        );
        bytes memory slots = new bytes(2 * groupCount + 41 * slotCount);
        uint256 slot;
        for (uint256 g; g < groupCount; ++g) {
            slots[2 * g] = bytes1(p.groupThresholds[g]);
            slots[2 * g + 1] = bytes1(p.groupSizes[g]);
            for (uint256 j; j < p.groupSizes[g]; ++j) {
                uint256 at = 2 * groupCount + 21 * slot;
                slots[at] = bytes1(uint8(g));
                bytes20 key = bytes20(p.releaseKeys[slot]);
                bytes20 shareAddress = bytes20(p.shareAddresses[slot]);
                uint256 shareAt = 2 * groupCount + 21 * slotCount + 20 * slot;
                for (uint256 b; b < 20; ++b) {
                    slots[at + 1 + b] = key[b];
                    slots[shareAt + b] = shareAddress[b];
                }
                ++slot;
            }
        }
        config = bytes.concat(config, slots, p.archiveCid);
    }

    /// @dev Deploys `config` as the code (0x00 ‖ config) of a contract at `_config()`, this clone's first CREATE.
    function _writeConfig(bytes memory config) private {
        bytes memory initcode = abi.encodePacked(hex"61", uint16(config.length + 1), hex"80600a3d393df300", config);
        address deployed;
        assembly ("memory-safe") {
            deployed := create(0, add(initcode, 0x20), mload(initcode))
        }
        // Unreachable unless the EVM's nonce rules change: guards `_config()`.
        assert(deployed != address(0) && deployed == _config());
    }

    /// @dev Releases with the recombined `secret` of `group`, or marks the group invalid (spec §6.1).
    function _completeGroup(uint256 group, uint256 secret) private {
        if (Secp256k1.isKeyOf(secret, _address(_SECRET_ADDRESS))) {
            emit IRelease.SecretRecovered(group, secret);
            _release(secret);
        } else {
            // Cannot truncate: group < _MAX_GROUPS = 8.
            _invalidGroups |= uint8(1 << group);
            emit IRelease.GroupInvalid(group);
        }
    }

    /// @dev Releases with `secret`, just checked against the secret address, unless the sample keys
    /// revealed before pledging are not the ones it derives (spec §4.1): then the artist sealed the
    /// work to keys unrelated to s, and the release fails, every pledge and deposit returning.
    function _release(uint256 secret) private {
        _secretPublished = true;
        if (_sampleKeysDeriveFrom(secret)) {
            _setState(IRelease.State.Funded, IRelease.State.Released);
        } else {
            emit IRelease.SampleKeysNotDerived();
            _setState(IRelease.State.Funded, IRelease.State.Failed);
        }
    }

    /// @dev Group, threshold, first slot and size of the group of `slot` (an existing slot), from the
    /// word at `_COUNTS`: 3 count bytes, then every group's threshold and size (8 groups: 16 bytes).
    function _groupOfSlot(bytes32 counts, uint256 slot)
        private
        pure
        returns (uint256 group, uint256 threshold, uint256 first, uint256 size)
    {
        while (true) {
            size = uint8(counts[4 + 2 * group]);
            if (slot < first + size) return (group, uint8(counts[3 + 2 * group]), first, size);
            first += size;
            ++group;
        }
    }

    /**
     * @dev Lagrange interpolation at 0 of the shares of the group whose first slot is `first`, over
     * the identifiers `ids` (id = slot - first + 1) of its published shares (spec §6.1):
     * s = sum_i x_i * num_i / den_i mod n with num_i = prod_{j != i} id_j and
     * den_i = prod_{j != i} (id_j - id_i). The terms are added as one running fraction
     * (A/D + t/d = (A*d + t*D) / (D*d)), so the recombination needs a single modular inverse, one
     * call of the modexp precompile, however large the group.
     */
    function _recombine(uint256[] memory ids, uint256 first) private view returns (uint256) {
        // prod of all identifiers: distinct and <= 32, so at most 32! < 2^118, an exact integer.
        uint256 product = 1;
        for (uint256 i; i < ids.length; ++i) {
            product *= ids[i];
        }
        uint256 numerator;
        uint256 denominator = 1;
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            uint256 den = _lagrangeDenominator(ids, id);
            uint256 term = mulmod(_shares[first + id - 1], product / id, _N);
            numerator = addmod(mulmod(numerator, den, _N), mulmod(term, denominator, _N), _N);
            denominator = mulmod(denominator, den, _N);
        }
        return mulmod(numerator, _inverse(denominator), _N);
    }

    /// @dev The identifiers (1-based, within the group) of the slots set in `slots`, in order.
    function _identifiers(uint256 slots, uint256 first, uint256 size) private pure returns (uint256[] memory ids) {
        ids = new uint256[](_popcount(slots));
        uint256 k;
        for (uint256 id = 1; id <= size; ++id) {
            if (slots & (1 << (first + id - 1)) != 0) {
                ids[k] = id;
                ++k;
            }
        }
    }

    /// @dev prod_{j != i} (ids[j] - idI) mod n, where idI is one of `ids`: the Lagrange denominator.
    /// |den| <= 31! < 2^113 is an exact integer, so only its sign needs the field (n - |den|).
    function _lagrangeDenominator(uint256[] memory ids, uint256 idI) private pure returns (uint256 den) {
        uint256 n = _N;
        assembly ("memory-safe") {
            den := 1
            let negative := 0
            let end := add(ids, shl(5, add(mload(ids), 1)))
            for { let p := add(ids, 0x20) } lt(p, end) { p := add(p, 0x20) } {
                let idJ := mload(p)
                if gt(idJ, idI) { den := mul(den, sub(idJ, idI)) }
                if lt(idJ, idI) {
                    den := mul(den, sub(idI, idJ))
                    negative := iszero(negative)
                }
            }
            if negative { den := sub(n, den) }
        }
    }

    /// @dev a^-1 mod the prime n, as a^(n-2) (Fermat) through the modexp precompile (EIP-198, 0x05).
    function _inverse(uint256 a) private view returns (uint256 result) {
        uint256 n = _N;
        bool ok;
        assembly ("memory-safe") {
            let p := mload(0x40)
            mstore(p, 0x20)
            mstore(add(p, 0x20), 0x20)
            mstore(add(p, 0x40), 0x20)
            mstore(add(p, 0x60), a)
            mstore(add(p, 0x80), sub(n, 2))
            mstore(add(p, 0xa0), n)
            ok := staticcall(gas(), 0x05, p, 0xc0, p, 0x20)
            result := mload(p)
        }
        // Unreachable on any chain with the modexp precompile (every EVM chain since Byzantium).
        assert(ok);
    }

    /// @dev The commitment of spec §6.3, as {IKeyholderRegistry-accusationCommitment} computes it.
    function _accusationCommitment(
        uint256 slot,
        address beneficiary,
        bytes calldata signature,
        bytes32 salt,
        address committer
    ) private view returns (bytes32) {
        return keccak256(abi.encode(address(this), slot, beneficiary, keccak256(signature), salt, committer));
    }

    // ================================================================ internal: money and checks

    /// @dev Takes `amount` from the caller: ETH in msg.value, or exactly `amount` tokens by balance change.
    function _collect(uint256 amount) private {
        address token = _address(_TOKEN);
        if (token == address(0)) {
            if (msg.value != amount) revert IRelease.ReleaseWrongValue(msg.value, amount);
            return;
        }
        if (msg.value != 0) revert IRelease.ReleaseWrongValue(msg.value, 0);
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert IRelease.ReleaseTransferAmountMismatch(received, amount);
    }

    /// @dev Pays `amount` to `to`, or credits it for {withdrawCredit} if `to` rejects it (ETH) or the
    /// token refuses the transfer (a blocklist), so a keyholder's payout address blocks nobody else.
    function _payOrCredit(address to, uint256 amount) private {
        address token = _address(_TOKEN);
        bool ok;
        if (token == address(0)) {
            assembly ("memory-safe") {
                ok := call(gas(), to, amount, 0, 0, 0, 0)
            }
        } else {
            ok = IERC20(token).trySafeTransfer(to, amount);
        }
        if (!ok) {
            _credits[to] += amount;
            emit IRelease.PaymentCredited(to, amount);
        }
    }

    /// @dev Pays `amount` to `to`; ETH without copying return data, so a return bomb costs its sender nothing.
    function _pay(address to, uint256 amount) private {
        address token = _address(_TOKEN);
        if (token != address(0)) {
            IERC20(token).safeTransfer(to, amount);
            return;
        }
        bool ok;
        assembly ("memory-safe") {
            ok := call(gas(), to, amount, 0, 0, 0, 0)
        }
        if (!ok) revert IRelease.ReleaseEthTransferFailed(to, amount);
    }

    function _requireSignedBy(bytes32 digest, bytes calldata signature, address expected) private pure {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err != ECDSA.RecoverError.NoError || recovered != expected) {
            revert IRelease.ReleaseInvalidSignature(recovered, expected);
        }
    }

    /// @dev The one state check: reverts unless the current state's bit is in `allowed`; returns the state.
    function _requireState(uint256 allowed) private view returns (IRelease.State current) {
        current = _state;
        if (_bit(current) & allowed == 0) revert IRelease.ReleaseWrongState(current, allowed);
    }

    function _requireBefore(uint256 deadline) private view {
        if (block.timestamp >= deadline) revert IRelease.ReleaseDeadlinePassed(deadline, block.timestamp);
    }

    function _requireReached(uint256 deadline) private view {
        if (block.timestamp < deadline) revert IRelease.ReleaseDeadlineNotReached(deadline, block.timestamp);
    }

    function _requireSlotStatus(uint256 slot, IRelease.SlotStatus status, IRelease.SlotStatus required) private pure {
        if (status != required) revert IRelease.ReleaseWrongSlotStatus(slot, status, required);
    }

    function _bit(IRelease.State s) private pure returns (uint256) {
        return 1 << uint256(s);
    }

}
