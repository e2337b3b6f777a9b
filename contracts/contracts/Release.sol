// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IRelease} from "./interfaces/IRelease.sol";
import {IKeyholderRegistry} from "./interfaces/IKeyholderRegistry.sol";
import {Secp256k1} from "./libraries/Secp256k1.sol";

/**
 * @title Release
 * @notice The implementation behind every release clone; see {IRelease} and
 * spec/release-protocol.md for the rules.
 * @dev Gas layout: the configuration (everything fixed at creation, release keys and CID
 * included) is written once as the code of a data contract this clone deploys with its first
 * CREATE, because code costs 200 gas per byte where storage costs 22,100 per slot; reads are
 * EXTCODECOPYs of 32 bytes. Everything that changes lives in storage slot 0 (state, counters,
 * total pledged, reveal deadline, the bitmap of published shares), so each hot path writes one
 * slot plus its own mapping entry. Amounts are uint96 and times uint40.
 */
contract Release is IRelease, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Share of the goal paid to the registry's reputation fund, in basis points.
    uint256 public constant REPUTATION_BPS = 100;
    /// @notice Most keyholder slots a release can have.
    uint256 public constant MAX_SLOTS = 32;
    /// @notice Most keyholder groups a release can have.
    uint256 public constant MAX_GROUPS = 8;
    /// @notice How long after a release ends an accusation committed before the end may still slash
    /// a deposit (deposits wait for it), and how long after an accusation's first reveal an earlier
    /// commitment may take it over (its bounty waits for it).
    uint256 public constant ACCUSATION_WINDOW = 1 days;
    uint256 private constant _BPS = 10_000;
    uint256 private constant _MAX_CID_LENGTH = 64;
    uint256 private constant _N = Secp256k1.ORDER;

    bytes32 private constant _ACCEPTANCE_TYPEHASH =
        keccak256("Acceptance(address keyholder,uint256 slot,bytes32 manifestHash,bytes32 commitmentsHash)");
    bytes32 private constant _LEAK_PROOF_TYPEHASH =
        keccak256("LeakProof(uint256 chainId,address release,address keyholder,address beneficiary)");

    /// @dev The changing part of a keyholder slot, in one storage slot. `claimed` is kept apart
    /// from `status` so a paid-out slot still tells whether its share was published. A published
    /// share is not written here (its bit in `_sharesPublished` is, see {_status}): that keeps
    /// {publishShare} to one new storage slot, the share itself.
    struct SlotState {
        address keyholder;
        SlotStatus status;
        bool claimed;
    }

    /// @dev The accusation that slashed a slot: the winning (earliest) commitment's beneficiary and
    /// sequence, and when it was first revealed (the window for earlier commitments starts then).
    struct Accusation {
        address beneficiary;
        uint32 sequence;
        uint40 revealedAt;
    }

    /// @dev A checked reveal: the state at its commitment's block, that block, the commitment's
    /// sequence, and the slot's keyholder and status now.
    struct Reveal {
        State then;
        uint256 committedAt;
        uint256 sequence;
        address keyholder;
        SlotStatus status;
    }

    /// @dev When the state changed, so that an accusation is judged by the state at its commitment's
    /// block. Written at creation, so later transitions update a warm, non-zero slot.
    struct History {
        uint40 createdBlock;
        uint40 openedBlock;
        uint40 fundedBlock;
        uint40 endedBlock;
        uint40 endedAt;
    }

    // Layout of the configuration (spec §2), written once at initialisation as the code of a
    // data contract (runtime = 0x00 ‖ config): code costs 200 gas per byte where storage costs
    // 22,100 per 32 bytes. Offsets are into the config, after the leading STOP byte.
    uint256 private constant _ARTIST = 0;
    uint256 private constant _TOKEN = 20;
    uint256 private constant _GOAL = 40;
    uint256 private constant _DEPOSIT = 52;
    uint256 private constant _FEE = 64;
    uint256 private constant _ENROL_DEADLINE = 76;
    uint256 private constant _PLEDGE_DEADLINE = 81;
    uint256 private constant _REVEAL_WINDOW = 86;
    uint256 private constant _SECRET_ADDRESS = 90;
    uint256 private constant _MANIFEST_HASH = 110;
    uint256 private constant _COMMITMENTS_HASH = 142;
    uint256 private constant _COUNTS = 174; // groupCount, slotCount, cidLength: one byte each
    uint256 private constant _GROUPS = 177; // per group: threshold, size; per slot: group, releaseKey; per slot: shareAddress; CID

    address private immutable _FACTORY;
    address private immutable _SELF;
    IKeyholderRegistry private immutable _REGISTRY;

    // Storage slot 0: everything that changes, so that each hot path writes one slot.
    State private _state;
    uint8 private _enrolledCount;
    bool private _secretPublished;
    bool private _artistPaid;
    uint96 private _totalPledged;
    uint40 private _revealDeadline;
    /// @dev Bit i is set once the share of slot i is published (so slot i's status is Published).
    uint32 private _sharesPublished;
    /// @dev Bit g is set once group g's M_g shares failed to recombine to the secret.
    uint8 private _invalidGroups;
    /// @dev Bit i is set once slot i is slashed by a leak proof (so {publishShare} needs no slot read).
    uint32 private _slashedSlots;
    /// @dev Slots slashed while Open, each of which gave a quarter of its deposit to the fans: the
    /// fans' pool is derived from this count rather than stored, so an accusation writes only slot 0.
    uint8 private _openSlashedCount;
    // Storage slot 1: written only by settlement.
    uint96 private _settledToFans;
    mapping(uint256 slot => SlotState) private _slots;
    mapping(address fan => uint96 amount) private _pledges;
    /// @dev The accusation of a slashed slot; its bounty is paid by {claimBounty}, marked by `claimed`.
    mapping(uint256 slot => Accusation) private _accusations;
    History private _history;
    /// @dev Payments a payee rejected (deposits), owed to it until it withdraws them.
    mapping(address account => uint256 amount) private _credits;
    /// @dev The published share of each slot, kept for the recombination of its group.
    mapping(uint256 slot => uint256 share) private _shares;

    /**
     * @param factory the only account allowed to initialise clones
     * @param registry the keyholder registry every clone reports to
     */
    constructor(address factory, IKeyholderRegistry registry) EIP712("Unveil Release", "1") {
        _FACTORY = factory;
        _SELF = address(this);
        _REGISTRY = registry;
    }

    // ================================================================ lifecycle

    /// @inheritdoc IRelease
    function initialize(address artist_, Params calldata p) external {
        if (address(this) == _SELF) revert ReleaseIsImplementation();
        if (msg.sender != _FACTORY) revert ReleaseNotFactory(msg.sender, _FACTORY);
        _requireState(_bit(State.None));
        _validate(artist_, p);
        _writeConfig(_encodeConfig(artist_, p));
        _history.createdBlock = uint40(block.number);
        _state = State.Enrolling;
        emit ReleaseInitialized(artist_, p);
        emit StateChanged(State.None, State.Enrolling);
    }

    /// @inheritdoc IRelease
    function enrol(uint256 slot, address keyholder, bytes calldata signature) external payable nonReentrant {
        _requireState(_bit(State.Enrolling));
        _requireBefore(_u40(_ENROL_DEADLINE));
        (, address releaseKey) = _slotConfig(slot);
        SlotState storage s = _slots[slot];
        _requireSlotStatus(slot, s.status, SlotStatus.Vacant);
        if (!_REGISTRY.canActFor(msg.sender, keyholder)) revert ReleaseNotKeyholderOrOperator(msg.sender, keyholder);
        _requireSignedBy(_acceptanceDigest(slot, keyholder), signature, releaseKey);

        s.keyholder = keyholder;
        s.status = SlotStatus.Enrolled;
        uint8 enrolled = _enrolledCount + 1;
        _enrolledCount = enrolled;
        uint256 deposit = _u96(_DEPOSIT);
        emit KeyholderEnrolled(slot, keyholder, releaseKey, deposit);
        if (enrolled == _slotCount()) _setState(State.Enrolling, State.Open);

        _REGISTRY.onEnrolled(keyholder);
        _collect(deposit);
    }

    /// @inheritdoc IRelease
    function pledge(uint256 amount) external payable nonReentrant {
        _requireState(_bit(State.Open));
        _requireBefore(_u40(_PLEDGE_DEADLINE));
        if (amount == 0) revert ReleaseZeroAmount();
        uint256 total = _totalPledged;
        uint256 goal = _u96(_GOAL);
        if (amount > goal - total) revert ReleasePledgeExceedsGoal(amount, goal - total);

        total += amount;
        // Cannot overflow: total <= goal, a uint96.
        _totalPledged = uint96(total);
        _pledges[msg.sender] += uint96(amount);
        emit Pledged(msg.sender, amount, total);
        if (total == goal) {
            uint256 revealDeadline = block.timestamp + _u32(_REVEAL_WINDOW);
            _revealDeadline = uint40(revealDeadline);
            emit Funded(block.timestamp, revealDeadline);
            _setState(State.Open, State.Funded);
        }

        _collect(amount);
    }

    /// @inheritdoc IRelease
    function publishShare(uint256 slot, uint256 share) external {
        State current = _requireState(_bit(State.Funded) | _bit(State.Released));
        uint256 revealDeadline = _revealDeadline;
        _requireBefore(revealDeadline);
        address config = _config();
        // Not in the funding block, whose commitments are judged as Open (spec §6.3): only once the
        // time passed the funding time (revealDeadline - revealWindow), which no block of the
        // funding time, and so not the funding block, has. A timestamp, not `_history.fundedBlock`:
        // that would be a cold storage read (2,100 gas) over the budget.
        uint256 fundedAt = revealDeadline - uint32(bytes4(_wordOf(config, _REVEAL_WINDOW)));
        if (block.timestamp <= fundedAt) revert ReleaseDeadlineNotReached(fundedAt + 1, block.timestamp);
        // Gas (spec §12): one configuration word holds the counts and every group's threshold and
        // size, and after funding every slot is Enrolled unless its bit is set in `_slashedSlots`
        // or `_sharesPublished` (both in slot 0), so no slot state is read or written here.
        bytes32 counts = _wordOf(config, _COUNTS);
        uint256 slotCount = uint8(counts[1]);
        if (slot >= slotCount) revert ReleaseUnknownSlot(slot, slotCount);
        uint256 published = _sharesPublished;
        uint256 bit = 1 << slot;
        if ((published | _slashedSlots) & bit != 0) {
            _requireSlotStatus(
                slot, _slashedSlots & bit != 0 ? SlotStatus.Slashed : SlotStatus.Published, SlotStatus.Enrolled
            );
        }
        address shareAddress =
            address(bytes20(_wordOf(config, _GROUPS + 2 * uint256(uint8(counts[0])) + 21 * slotCount + 20 * slot)));
        if (!Secp256k1.isKeyOf(share, shareAddress)) revert ReleaseInvalidShare(slot, shareAddress);

        _shares[slot] = share;
        published |= bit;
        // Cannot truncate: slot < MAX_SLOTS = 32.
        _sharesPublished = uint32(published);
        _countShare(current, counts, slot, share, published);
    }

    /// @dev Logs the share just stored and recombines its group if it is the M-th (spec §6.1).
    function _countShare(State current, bytes32 counts, uint256 slot, uint256 share, uint256 published) private {
        (uint256 group, uint256 threshold, uint256 first, uint256 size) = _groupOfSlot(counts, slot);
        uint256 groupMask = ((1 << size) - 1) << first;
        uint256 groupPublished = _popcount(published & groupMask);
        emit SharePublished(slot, group, share, groupPublished);
        // Only the share that brings a group to exactly M_g recombines, once: later shares of the
        // same group, of an invalid group, or after the release earn their fee and nothing more.
        if (current == State.Funded && groupPublished == threshold && _invalidGroups & (1 << group) == 0) {
            _completeGroup(group, _recombine(_identifiers(published & groupMask, first, size), first));
        }
    }

    /// @inheritdoc IRelease
    function authorRelease(uint256 secret) external {
        _requireState(_bit(State.Funded));
        _requireBefore(_revealDeadline);
        address secretAddress = _address(_SECRET_ADDRESS);
        if (!Secp256k1.isKeyOf(secret, secretAddress)) revert ReleaseInvalidSecret(secretAddress);

        _secretPublished = true;
        emit SecretPublished(secret);
        _setState(State.Funded, State.Released);
    }

    /// @inheritdoc IRelease
    function accuse(uint256 slot, address beneficiary, bytes calldata signature, bytes32 salt) external nonReentrant {
        Reveal memory v = _checkReveal(slot, beneficiary, signature, salt);
        // Committed after the end, the deposit is no longer at stake (spec §6.3); revealed after a
        // settlement that already gave an unpublished slot's deposit to the fans, it is gone: in both
        // cases only the registry slashes, so nothing is owed twice.
        bool forfeited = (v.then == State.Enrolling || v.then == State.Open) && v.status == SlotStatus.Enrolled
            && (_state == State.Settled || (_state == State.Failed && _history.fundedBlock != 0));
        if (v.then == State.Cancelled || v.then == State.Failed || forfeited) {
            _requireSlotStatus(slot, v.status, SlotStatus.Enrolled);
            if (
                _REGISTRY.reportLeak(v.keyholder, beneficiary, v.sequence, false)
                    == IKeyholderRegistry.LeakReport.Ignored
            ) revert ReleaseAlreadySlashed(v.keyholder);
            emit LeakProven(slot, v.keyholder, beneficiary, 0, 0, 0);
            return;
        }
        if (v.then != State.Enrolling && v.then != State.Open) revert ReleaseCommittedWhileKeysDue(v.then, v.committedAt);
        if (v.status == SlotStatus.Slashed) _supersede(slot, v.keyholder, beneficiary, v.sequence);
        else _slashDeposit(slot, v.status, v.then == State.Open, v.keyholder, beneficiary, v.sequence);
    }

    /// @dev Checks a reveal against the caller's commitment and the leak proof; returns what judges it.
    function _checkReveal(uint256 slot, address beneficiary, bytes calldata signature, bytes32 salt)
        private
        view
        returns (Reveal memory v)
    {
        if (beneficiary == address(0)) revert ReleaseZeroAddress();
        (, address releaseKey) = _slotConfig(slot);
        bytes32 commitment = _accusationCommitment(slot, beneficiary, signature, salt, msg.sender);
        (v.committedAt, v.sequence) = _REGISTRY.commitmentOf(msg.sender, commitment);
        if (v.sequence == 0) revert ReleaseUnknownCommitment(commitment);
        SlotState storage s = _slots[slot];
        // A slot whose share is on chain reads as Published (a slashed one stays Slashed).
        (v.keyholder, v.status) = (s.keyholder, _status(slot, s.status, _sharesPublished));
        if (v.status == SlotStatus.Vacant) revert ReleaseWrongSlotStatus(slot, v.status, SlotStatus.Enrolled);
        _requireSignedBy(_leakProofDigest(v.keyholder, beneficiary), signature, releaseKey);
        v.then = _stateAt(v.committedAt);
    }

    /// @dev The deposit part of an accusation committed in Enrolling or Open (`open`), spec §6.3.
    function _slashDeposit(
        uint256 slot,
        SlotStatus status,
        bool open,
        address keyholder,
        address beneficiary,
        uint256 sequence
    ) private {
        uint256 endedAt = _history.endedAt;
        if (endedAt != 0 && block.timestamp >= endedAt + ACCUSATION_WINDOW) {
            revert ReleaseRevealWindowClosed(endedAt + ACCUSATION_WINDOW, block.timestamp);
        }

        uint256 deposit = _u96(_DEPOSIT);
        uint256 bounty = deposit / 2;
        // Fans only exist once the release is open; a quarter then goes to them, the rest stays
        // locked here forever, so even a leaker that is the only fan gets back less than it loses.
        uint256 toFans;
        _slots[slot].status = SlotStatus.Slashed;
        // Cannot truncate: slot < MAX_SLOTS = 32.
        uint32 bit = uint32(1 << slot);
        _slashedSlots |= bit;
        // A slot that published since (the leaker raced to funding after the commitment) loses its
        // place among the revealers, unless settlement already counted it (then its pay stays locked).
        if (status == SlotStatus.Published && (_state == State.Funded || _state == State.Released)) {
            _sharesPublished &= ~bit;
        }
        _accusations[slot] = Accusation(beneficiary, uint32(sequence), uint40(block.timestamp));
        if (open) {
            toFans = deposit / 4;
            ++_openSlashedCount;
        }
        emit LeakProven(slot, keyholder, beneficiary, bounty, toFans, deposit - bounty - toFans);
        if (toFans != 0) emit FanPoolIncreased(toFans, _fanPool());

        _REGISTRY.reportLeak(keyholder, beneficiary, sequence, true);
    }

    /// @inheritdoc IRelease
    function claimBounty(uint256 slot) external nonReentrant {
        _slotConfig(slot);
        SlotState storage s = _slots[slot];
        _requireSlotStatus(slot, s.status, SlotStatus.Slashed);
        if (s.claimed) revert ReleaseAlreadyClaimed(slot);
        Accusation storage a = _accusations[slot];
        _requireReached(a.revealedAt + ACCUSATION_WINDOW);

        s.claimed = true;
        address beneficiary = a.beneficiary;
        uint256 bounty = _u96(_DEPOSIT) / 2;
        emit BountyClaimed(slot, beneficiary, bounty);
        _pay(beneficiary, bounty);
    }

    /// @inheritdoc IRelease
    function withdrawCredit() external nonReentrant {
        uint256 amount = _credits[msg.sender];
        if (amount == 0) revert ReleaseNoCredit(msg.sender);
        _credits[msg.sender] = 0;
        emit CreditWithdrawn(msg.sender, amount);
        _pay(msg.sender, amount);
    }

    /// @inheritdoc IRelease
    function cancel() external {
        _cancel();
    }

    /// @inheritdoc IRelease
    function expire() external {
        _expire();
    }

    /// @inheritdoc IRelease
    function settle() external {
        _settle();
    }

    /// @inheritdoc IRelease
    function claimRefund() external nonReentrant {
        State current = _requireState(_bit(State.Failed) | _bit(State.Settled));
        uint256 pledged = _pledges[msg.sender];
        uint256 total = _totalPledged;
        // Rounds down: the sum of all shares never exceeds the pool.
        uint256 amount = total == 0 ? 0 : pledged * _fanPool() / total;
        if (current == State.Failed) amount += pledged;
        if (amount == 0) revert ReleaseNothingToClaim(msg.sender);

        _pledges[msg.sender] = 0;
        emit RefundClaimed(msg.sender, amount);
        _pay(msg.sender, amount);
    }

    /// @inheritdoc IRelease
    function claimDeposit(uint256 slot) external nonReentrant {
        State current = _requireState(_bit(State.Settled) | _bit(State.Failed) | _bit(State.Cancelled));
        // An accusation committed before the end may still be revealed, and take this deposit, until then.
        _requireReached(_history.endedAt + ACCUSATION_WINDOW);
        _slotConfig(slot);
        SlotState storage s = _slots[slot];
        SlotStatus status = _status(slot, s.status, _sharesPublished);
        if (status != SlotStatus.Enrolled && status != SlotStatus.Published) {
            revert ReleaseWrongSlotStatus(slot, status, SlotStatus.Enrolled);
        }
        if (s.claimed) revert ReleaseAlreadyClaimed(slot);
        (uint256 amount, uint256 reputation) = _owedToSlot(current, status);

        s.claimed = true;
        address keyholder = s.keyholder;
        address payout = _REGISTRY.payoutOf(keyholder);
        emit DepositClaimed(slot, keyholder, payout, amount, reputation);

        _REGISTRY.onClosed(keyholder, current != State.Settled);
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

    /// @inheritdoc IRelease
    function claimArtistFee() external nonReentrant {
        _requireState(_bit(State.Settled));
        address artist_ = _address(_ARTIST);
        if (_artistPaid) revert ReleaseNothingToClaim(artist_);
        _artistPaid = true;
        uint256 fee = artistFee();
        emit ArtistFeeClaimed(artist_, fee);
        _pay(artist_, fee);
    }

    // ================================================================ views

    /// @inheritdoc IRelease
    function state() external view returns (State) {
        return _state;
    }

    /// @inheritdoc IRelease
    function summary() external view returns (Summary memory) {
        return Summary({
            state: _state,
            artist: _address(_ARTIST),
            token: _address(_TOKEN),
            goal: uint96(_u96(_GOAL)),
            totalPledged: _totalPledged,
            fanPool: uint96(_fanPool()),
            enrolDeadline: uint40(_u40(_ENROL_DEADLINE)),
            pledgeDeadline: uint40(_u40(_PLEDGE_DEADLINE)),
            revealDeadline: _revealDeadline,
            slotCount: uint8(_slotCount()),
            enrolledCount: _enrolledCount,
            publishedCount: uint8(_popcount(_sharesPublished)),
            secretPublished: _secretPublished
        });
    }

    /// @inheritdoc IRelease
    function params() external view returns (Params memory p) {
        p.token = _address(_TOKEN);
        p.goal = uint96(_u96(_GOAL));
        p.deposit = uint96(_u96(_DEPOSIT));
        p.keyholderFee = uint96(_u96(_FEE));
        p.enrolDeadline = uint40(_u40(_ENROL_DEADLINE));
        p.pledgeDeadline = uint40(_u40(_PLEDGE_DEADLINE));
        p.revealWindow = uint32(_u32(_REVEAL_WINDOW));
        p.secretAddress = _address(_SECRET_ADDRESS);
        p.manifestHash = _word(_MANIFEST_HASH);
        p.commitmentsHash = _word(_COMMITMENTS_HASH);
        bytes32 counts = _word(_COUNTS);
        uint256 groupCount = uint8(counts[0]);
        uint256 slotCount = uint8(counts[1]);
        p.groupThresholds = new uint8[](groupCount);
        p.groupSizes = new uint8[](groupCount);
        for (uint256 g; g < groupCount; ++g) {
            bytes32 w = _word(_GROUPS + 2 * g);
            (p.groupThresholds[g], p.groupSizes[g]) = (uint8(w[0]), uint8(w[1]));
        }
        p.releaseKeys = new address[](slotCount);
        for (uint256 i; i < slotCount; ++i) {
            (, p.releaseKeys[i]) = _slotConfig(i);
        }
        p.shareAddresses = new address[](slotCount);
        for (uint256 i; i < slotCount; ++i) {
            p.shareAddresses[i] = _address(_shareAddressOffset(i));
        }
        p.archiveCid = _copyConfig(_GROUPS + 2 * groupCount + 41 * slotCount, uint8(counts[2]));
    }

    /// @inheritdoc IRelease
    function artist() external view returns (address) {
        return _address(_ARTIST);
    }

    /// @inheritdoc IRelease
    function bountyOf(uint256 slot) external view returns (address beneficiary, uint256 amount, uint256 claimableAt) {
        _slotConfig(slot);
        SlotState storage s = _slots[slot];
        Accusation storage a = _accusations[slot];
        beneficiary = a.beneficiary;
        if (s.status == SlotStatus.Slashed && !s.claimed) {
            amount = _u96(_DEPOSIT) / 2;
            claimableAt = a.revealedAt + ACCUSATION_WINDOW;
        }
    }

    /// @inheritdoc IRelease
    function registry() external view returns (address) {
        return address(_REGISTRY);
    }

    /// @inheritdoc IRelease
    function creditOf(address account) external view returns (uint256) {
        return _credits[account];
    }

    /// @inheritdoc IRelease
    function slotInfo(uint256 slot)
        external
        view
        returns (uint256 group, address releaseKey, address keyholder, SlotStatus status, bool claimed)
    {
        (group, releaseKey) = _slotConfig(slot);
        SlotState storage s = _slots[slot];
        return (group, releaseKey, s.keyholder, _status(slot, s.status, _sharesPublished), s.claimed);
    }

    /// @inheritdoc IRelease
    function shareOf(uint256 slot) external view returns (uint256) {
        _slotConfig(slot);
        return _shares[slot];
    }

    /// @inheritdoc IRelease
    function groupInfo(uint256 group) external view returns (uint256 threshold, uint256 size, uint256 published) {
        if (group >= uint8(_word(_COUNTS)[0])) revert ReleaseInvalidParams("group");
        uint256 first;
        (threshold, first, size) = _groupConfig(group);
        published = _popcount(_sharesPublished & (((1 << size) - 1) << first));
    }

    /// @inheritdoc IRelease
    function pledgeOf(address fan) external view returns (uint256) {
        return _pledges[fan];
    }

    /// @inheritdoc IRelease
    function isDecryptable() external view returns (bool) {
        return _state == State.Released || _state == State.Settled;
    }

    /// @inheritdoc IRelease
    function acceptanceDigest(uint256 slot, address keyholder) external view returns (bytes32) {
        return _acceptanceDigest(slot, keyholder);
    }

    /// @inheritdoc IRelease
    function leakProofDigest(address keyholder, address beneficiary) external view returns (bytes32) {
        return _leakProofDigest(keyholder, beneficiary);
    }

    /// @inheritdoc IRelease
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @inheritdoc IRelease
    function artistFee() public view returns (uint256) {
        uint256 goal = _u96(_GOAL);
        return goal - _u96(_FEE) * _slotCount() - goal * REPUTATION_BPS / _BPS;
    }

    // ================================================================ internal: steps

    function _cancel() private {
        _requireState(_bit(State.Enrolling));
        _requireReached(_u40(_ENROL_DEADLINE));
        _setState(State.Enrolling, State.Cancelled);
    }

    function _expire() private {
        _requireState(_bit(State.Open));
        _requireReached(_u40(_PLEDGE_DEADLINE));
        _setState(State.Open, State.Failed);
    }

    function _settle() private {
        State current = _requireState(_bit(State.Funded) | _bit(State.Released));
        _requireReached(_revealDeadline);
        uint256 published = _popcount(_sharesPublished);
        uint256 slotCount = _slotCount();
        // Every slot is enrolled once the release is open, so only slashed ones hold no deposit.
        uint256 toFans = (slotCount - _popcount(_slashedSlots) - published) * _u96(_DEPOSIT);
        State next = State.Failed;
        if (current == State.Released) {
            uint256 reputation = _u96(_GOAL) * REPUTATION_BPS / _BPS;
            toFans += (slotCount - published) * _u96(_FEE);
            toFans += published == 0 ? reputation : reputation % published;
            next = State.Settled;
        }
        _setState(current, next);
        if (toFans != 0) {
            // Cannot overflow: the pool only holds part of the pledges and deposits, all uint96-bounded.
            _settledToFans += uint96(toFans);
            emit FanPoolIncreased(toFans, _fanPool());
        }
    }

    /// @dev What a slot in `status` is owed once the release ended in `current` (spec §8).
    function _owedToSlot(State current, SlotStatus status) private view returns (uint256 amount, uint256 reputation) {
        if (current == State.Settled) {
            if (status == SlotStatus.Published) {
                amount = _u96(_DEPOSIT) + _u96(_FEE);
                reputation = _u96(_GOAL) * REPUTATION_BPS / _BPS / _popcount(_sharesPublished);
            }
        } else if (current == State.Cancelled || _revealDeadline == 0 || status == SlotStatus.Published) {
            // Cancelled, expired unfunded, or a revealer of an undelivered release: the deposit returns.
            amount = _u96(_DEPOSIT);
        }
    }

    function _setState(State previous, State next) private {
        _state = next;
        uint40 blockNumber = uint40(block.number);
        if (next == State.Open) {
            _history.openedBlock = blockNumber;
        } else if (next == State.Funded) {
            _history.fundedBlock = blockNumber;
        } else if (next != State.Released) {
            // Settled, Cancelled or Failed: the end.
            (_history.endedBlock, _history.endedAt) = (blockNumber, uint40(block.timestamp));
        }
        emit StateChanged(previous, next);
    }

    /// @dev The state the release had at the start of block `blockNumber`: a transition of block b
    /// counts for commitments from block b + 1 on, so no transaction can race a commitment in its own
    /// block. Before the release existed it counts as Enrolling. Funded stands for Funded and Released.
    function _stateAt(uint256 blockNumber) private view returns (State) {
        History memory h = _history;
        if (h.endedBlock != 0 && blockNumber > h.endedBlock) return _state;
        if (h.fundedBlock != 0 && blockNumber > h.fundedBlock) return State.Funded;
        if (h.openedBlock != 0 && blockNumber > h.openedBlock) return State.Open;
        return State.Enrolling;
    }

    /// @dev An earlier commitment (lower sequence) takes over the slashed `slot` within the window
    /// after its first reveal: its beneficiary gets the bounty and the registry's snitch reward.
    function _supersede(uint256 slot, address keyholder, address beneficiary, uint256 sequence) private {
        Accusation storage a = _accusations[slot];
        uint256 winning = a.sequence;
        if (sequence >= winning) revert ReleaseCommitmentNotEarlier(sequence, winning);
        uint256 closes = a.revealedAt + ACCUSATION_WINDOW;
        if (block.timestamp >= closes) revert ReleaseRevealWindowClosed(closes, block.timestamp);
        (a.beneficiary, a.sequence) = (beneficiary, uint32(sequence));
        emit AccusationSuperseded(slot, beneficiary, sequence);
        _REGISTRY.reportLeak(keyholder, beneficiary, sequence, false);
    }

    /// @dev The fans' pool: a quarter of each deposit slashed while Open, plus what settlement added.
    function _fanPool() private view returns (uint256) {
        uint256 slashed = _openSlashedCount;
        uint256 pool = slashed == 0 ? 0 : slashed * (_u96(_DEPOSIT) / 4);
        // `_settledToFans` is only written by settlement (to Settled or Failed): before that it is 0,
        // and not reading it keeps a cold slot (2,100 gas) out of an accusation (spec §12).
        State current = _state;
        if (current == State.Settled || current == State.Failed) pool += _settledToFans;
        return pool;
    }

    // ================================================================ internal: configuration

    function _validate(address artist_, Params calldata p) private view {
        if (artist_ == address(0)) revert ReleaseInvalidParams("artist");
        uint256 groupCount = p.groupSizes.length;
        if (groupCount == 0 || groupCount > MAX_GROUPS || p.groupThresholds.length != groupCount) {
            revert ReleaseInvalidParams("groups");
        }
        uint256 slotCount;
        for (uint256 g; g < groupCount; ++g) {
            uint256 m = p.groupThresholds[g];
            uint256 size = p.groupSizes[g];
            if (m == 0 || m > size) revert ReleaseInvalidParams("threshold");
            slotCount += size;
        }
        if (slotCount > MAX_SLOTS || p.releaseKeys.length != slotCount) revert ReleaseInvalidParams("releaseKeys");
        for (uint256 i; i < slotCount; ++i) {
            if (p.releaseKeys[i] == address(0)) revert ReleaseInvalidParams("releaseKeys");
        }
        if (p.shareAddresses.length != slotCount) revert ReleaseInvalidParams("shareAddresses");
        for (uint256 i; i < slotCount; ++i) {
            if (p.shareAddresses[i] == address(0)) revert ReleaseInvalidParams("shareAddresses");
        }
        if (p.deposit == 0) revert ReleaseInvalidParams("deposit");
        uint256 committed = uint256(p.keyholderFee) * slotCount + uint256(p.goal) * REPUTATION_BPS / _BPS;
        if (p.goal <= committed) revert ReleaseInvalidParams("goal");
        if (p.enrolDeadline <= block.timestamp) revert ReleaseInvalidParams("enrolDeadline");
        if (p.pledgeDeadline <= p.enrolDeadline) revert ReleaseInvalidParams("pledgeDeadline");
        if (p.revealWindow == 0) revert ReleaseInvalidParams("revealWindow");
        if (p.secretAddress == address(0)) revert ReleaseInvalidParams("secretAddress");
        if (p.manifestHash == bytes32(0)) revert ReleaseInvalidParams("manifestHash");
        if (p.commitmentsHash == bytes32(0)) revert ReleaseInvalidParams("commitmentsHash");
        if (p.archiveCid.length == 0 || p.archiveCid.length > _MAX_CID_LENGTH) revert ReleaseInvalidParams("archiveCid");
    }

    /// @dev The configuration layout documented at `_ARTIST`..`_GROUPS` (lengths already validated).
    function _encodeConfig(address artist_, Params calldata p) private pure returns (bytes memory config) {
        uint256 groupCount = p.groupSizes.length;
        uint256 slotCount = p.releaseKeys.length;
        config = bytes.concat(
            abi.encodePacked(artist_, p.token, p.goal, p.deposit, p.keyholderFee),
            abi.encodePacked(p.enrolDeadline, p.pledgeDeadline, p.revealWindow, p.secretAddress),
            abi.encodePacked(p.manifestHash, p.commitmentsHash),
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

    /// @dev The configuration contract: CREATE address of this clone at nonce 1, keccak256(rlp([this, 1])).
    function _config() private view returns (address) {
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes2(0xd694), address(this), bytes1(0x01))))));
    }

    function _word(uint256 offset) private view returns (bytes32 w) {
        return _wordOf(_config(), offset);
    }

    /// @dev The 32 configuration bytes at `offset` of the data contract `config` (== `_config()`).
    function _wordOf(address config, uint256 offset) private view returns (bytes32 w) {
        assembly ("memory-safe") {
            extcodecopy(config, 0x00, add(offset, 1), 0x20)
            w := mload(0x00)
        }
    }

    function _copyConfig(uint256 offset, uint256 length) private view returns (bytes memory out) {
        out = new bytes(length);
        address config = _config();
        assembly ("memory-safe") {
            extcodecopy(config, add(out, 0x20), add(offset, 1), length)
        }
    }

    function _address(uint256 offset) private view returns (address) {
        return address(bytes20(_word(offset)));
    }

    function _u96(uint256 offset) private view returns (uint256) {
        return uint96(bytes12(_word(offset)));
    }

    function _u40(uint256 offset) private view returns (uint256) {
        return uint40(bytes5(_word(offset)));
    }

    function _u32(uint256 offset) private view returns (uint256) {
        return uint32(bytes4(_word(offset)));
    }

    function _slotCount() private view returns (uint256) {
        return uint8(_word(_COUNTS)[1]);
    }

    /// @dev The group and release key of `slot`; reverts for a slot that does not exist.
    function _slotConfig(uint256 slot) private view returns (uint256 group, address releaseKey) {
        bytes32 counts = _word(_COUNTS);
        uint256 slotCount = uint8(counts[1]);
        if (slot >= slotCount) revert ReleaseUnknownSlot(slot, slotCount);
        bytes32 w = _word(_GROUPS + 2 * uint8(counts[0]) + 21 * slot);
        return (uint8(w[0]), address(bytes20(w << 8)));
    }

    /// @dev Where the share address of `slot` (an existing slot) is in the configuration.
    function _shareAddressOffset(uint256 slot) private view returns (uint256) {
        bytes32 counts = _word(_COUNTS);
        return _GROUPS + 2 * uint256(uint8(counts[0])) + 21 * uint256(uint8(counts[1])) + 20 * slot;
    }

    /// @dev Releases with the recombined `secret` of `group`, or marks the group invalid (spec §6.1).
    function _completeGroup(uint256 group, uint256 secret) private {
        if (Secp256k1.isKeyOf(secret, _address(_SECRET_ADDRESS))) {
            _secretPublished = true;
            emit SecretRecovered(group, secret);
            _setState(State.Funded, State.Released);
        } else {
            // Cannot truncate: group < MAX_GROUPS = 8.
            _invalidGroups |= uint8(1 << group);
            emit GroupInvalid(group);
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

    /// @dev Threshold, first slot and size of `group` (an existing group): all groups' pairs are in one word.
    function _groupConfig(uint256 group) private view returns (uint256 threshold, uint256 first, uint256 size) {
        bytes32 w = _word(_GROUPS);
        for (uint256 g; g < group; ++g) {
            first += uint8(w[2 * g + 1]);
        }
        return (uint8(w[2 * group]), first, uint8(w[2 * group + 1]));
    }

    /// @dev The slot status, with a published share (a bit of `published`) read as Published unless
    /// the slot was slashed since (an accusation committed before funding, spec §6.3).
    function _status(uint256 slot, SlotStatus stored, uint256 published) private pure returns (SlotStatus) {
        return stored != SlotStatus.Slashed && published & (1 << slot) != 0 ? SlotStatus.Published : stored;
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

    /// @dev The number of set bits of a 32-bit `x`.
    function _popcount(uint256 x) private pure returns (uint256) {
        // Cannot overflow: SWAR on 32 bits; the product's top byte is the count.
        unchecked {
            x = x - ((x >> 1) & 0x55555555);
            x = (x & 0x33333333) + ((x >> 2) & 0x33333333);
            x = (x + (x >> 4)) & 0x0F0F0F0F;
            return ((x * 0x01010101) >> 24) & 0xFF;
        }
    }

    function _acceptanceDigest(uint256 slot, address keyholder) private view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(_ACCEPTANCE_TYPEHASH, keyholder, slot, _word(_MANIFEST_HASH), _word(_COMMITMENTS_HASH))
            )
        );
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

    function _leakProofDigest(address keyholder, address beneficiary) private view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(_LEAK_PROOF_TYPEHASH, block.chainid, address(this), keyholder, beneficiary))
        );
    }

    // ================================================================ internal: money and checks

    /// @dev Takes `amount` from the caller: ETH in msg.value, or exactly `amount` tokens by balance change.
    function _collect(uint256 amount) private {
        address token = _address(_TOKEN);
        if (token == address(0)) {
            if (msg.value != amount) revert ReleaseWrongValue(msg.value, amount);
            return;
        }
        if (msg.value != 0) revert ReleaseWrongValue(msg.value, 0);
        uint256 before = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - before;
        if (received != amount) revert ReleaseTransferAmountMismatch(received, amount);
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
            emit PaymentCredited(to, amount);
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
        if (!ok) revert ReleaseEthTransferFailed(to, amount);
    }

    function _requireSignedBy(bytes32 digest, bytes calldata signature, address expected) private pure {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err != ECDSA.RecoverError.NoError || recovered != expected) {
            revert ReleaseInvalidSignature(recovered, expected);
        }
    }

    /// @dev The one state check: reverts unless the current state's bit is in `allowed`; returns the state.
    function _requireState(uint256 allowed) private view returns (State current) {
        current = _state;
        if (_bit(current) & allowed == 0) revert ReleaseWrongState(current, allowed);
    }

    function _requireBefore(uint256 deadline) private view {
        if (block.timestamp >= deadline) revert ReleaseDeadlinePassed(deadline, block.timestamp);
    }

    function _requireReached(uint256 deadline) private view {
        if (block.timestamp < deadline) revert ReleaseDeadlineNotReached(deadline, block.timestamp);
    }

    function _requireSlotStatus(uint256 slot, SlotStatus status, SlotStatus required) private pure {
        if (status != required) revert ReleaseWrongSlotStatus(slot, status, required);
    }

    function _bit(State s) private pure returns (uint256) {
        return 1 << uint256(s);
    }
}
