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
 * total pledged, reveal deadline, per-group published keys), so each hot path writes one slot
 * plus its own mapping entry. Amounts are uint96 and times uint40.
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

    bytes32 private constant _ACCEPTANCE_TYPEHASH =
        keccak256("Acceptance(address keyholder,uint256 slot,bytes32 manifestHash,bytes32 commitmentsHash)");
    bytes32 private constant _LEAK_PROOF_TYPEHASH =
        keccak256("LeakProof(uint256 chainId,address release,address keyholder,address beneficiary)");

    /// @dev The changing part of a keyholder slot, in one storage slot. `claimed` is kept apart
    /// from `status` so a paid-out slot still tells whether its key was published.
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
    uint256 private constant _GROUPS = 177; // per group: threshold, size; then per slot: group, releaseKey

    address private immutable _FACTORY;
    address private immutable _SELF;
    IKeyholderRegistry private immutable _REGISTRY;

    // Storage slot 0: everything that changes, so that each hot path writes one slot.
    State private _state;
    uint8 private _enrolledCount;
    uint8 private _publishedCount;
    uint8 private _slashedCount;
    bool private _secretPublished;
    bool private _artistPaid;
    uint96 private _totalPledged;
    uint40 private _revealDeadline;
    /// @dev Published keys of group g in byte g.
    uint64 private _groupsPublished;
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
    function publishKey(uint256 slot, uint256 key) external {
        State current = _requireState(_bit(State.Funded) | _bit(State.Released));
        _requireBefore(_revealDeadline);
        // A key published in the funding block could be copied into a commitment of that same block,
        // which is judged as Open (§6.3): keys are accepted only from the next block on.
        uint256 fundedBlock = _history.fundedBlock;
        if (block.number <= fundedBlock) revert ReleaseDeadlineNotReached(fundedBlock + 1, block.number);
        (uint256 group, address releaseKey) = _slotConfig(slot);
        SlotState storage s = _slots[slot];
        _requireSlotStatus(slot, s.status, SlotStatus.Enrolled);
        if (!Secp256k1.isKeyOf(key, releaseKey)) revert ReleaseInvalidKey(slot, releaseKey);

        s.status = SlotStatus.Published;
        ++_publishedCount;
        uint64 groupsPublished = _groupsPublished + uint64(1 << (8 * group));
        _groupsPublished = groupsPublished;
        uint256 published = uint8(groupsPublished >> (8 * group));
        emit KeyPublished(slot, group, key, published);
        if (current == State.Funded && published == uint8(_word(_GROUPS + 2 * group)[0])) {
            _setState(State.Funded, State.Released);
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
        if (v.then == State.Cancelled || v.then == State.Failed) {
            // Committed after the end: the deposit is no longer at stake (spec §6.3), only the registry slashes.
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
        (v.keyholder, v.status) = (s.keyholder, s.status);
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
        // A slot that published since (the leaker raced to funding after the commitment) loses its
        // place among the revealers, unless settlement already counted it (then its pay stays locked).
        if (status == SlotStatus.Published && (_state == State.Funded || _state == State.Released)) --_publishedCount;
        _accusations[slot] = Accusation(beneficiary, uint32(sequence), uint40(block.timestamp));
        ++_slashedCount;
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
        SlotStatus status = s.status;
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

    // ================================================================ automation

    /// @inheritdoc IRelease
    function checkUpkeep(bytes calldata) external view returns (bool upkeepNeeded, bytes memory performData) {
        Step step = _dueStep();
        return (step != Step.None, abi.encode(step));
    }

    /// @inheritdoc IRelease
    function performUpkeep(bytes calldata performData) external {
        Step step = abi.decode(performData, (Step));
        if (step == Step.None || step != _dueStep()) revert ReleaseUpkeepNotNeeded(step);
        if (step == Step.Cancel) _cancel();
        else if (step == Step.Expire) _expire();
        else _settle();
    }

    /// @inheritdoc IRelease
    function checker() external view returns (bool canExec, bytes memory execPayload) {
        Step step = _dueStep();
        return (step != Step.None, abi.encodeCall(IRelease.performUpkeep, (abi.encode(step))));
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
            publishedCount: _publishedCount,
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
        p.archiveCid = _copyConfig(_GROUPS + 2 * groupCount + 21 * slotCount, uint8(counts[2]));
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
        return (group, releaseKey, s.keyholder, s.status, s.claimed);
    }

    /// @inheritdoc IRelease
    function groupInfo(uint256 group) external view returns (uint256 threshold, uint256 size, uint256 published) {
        if (group >= uint8(_word(_COUNTS)[0])) revert ReleaseInvalidParams("group");
        bytes32 w = _word(_GROUPS + 2 * group);
        return (uint8(w[0]), uint8(w[1]), uint8(_groupsPublished >> (8 * group)));
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
        uint256 published = _publishedCount;
        uint256 slotCount = _slotCount();
        // Every slot is enrolled once the release is open, so only slashed ones hold no deposit.
        uint256 toFans = (slotCount - _slashedCount - published) * _u96(_DEPOSIT);
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
                reputation = _u96(_GOAL) * REPUTATION_BPS / _BPS / _publishedCount;
            }
        } else if (current == State.Cancelled || _revealDeadline == 0 || status == SlotStatus.Published) {
            // Cancelled, expired unfunded, or a revealer of an undelivered release: the deposit returns.
            amount = _u96(_DEPOSIT);
        }
    }

    function _dueStep() private view returns (Step) {
        State current = _state;
        if (current == State.Enrolling && block.timestamp >= _u40(_ENROL_DEADLINE)) return Step.Cancel;
        if (current == State.Open && block.timestamp >= _u40(_PLEDGE_DEADLINE)) return Step.Expire;
        if ((current == State.Funded || current == State.Released) && block.timestamp >= _revealDeadline) {
            return Step.Settle;
        }
        return Step.None;
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
        return _settledToFans + (slashed == 0 ? 0 : slashed * (_u96(_DEPOSIT) / 4));
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
        bytes memory slots = new bytes(2 * groupCount + 21 * slotCount);
        uint256 slot;
        for (uint256 g; g < groupCount; ++g) {
            slots[2 * g] = bytes1(p.groupThresholds[g]);
            slots[2 * g + 1] = bytes1(p.groupSizes[g]);
            for (uint256 j; j < p.groupSizes[g]; ++j) {
                uint256 at = 2 * groupCount + 21 * slot;
                slots[at] = bytes1(uint8(g));
                bytes20 key = bytes20(p.releaseKeys[slot]);
                for (uint256 b; b < 20; ++b) {
                    slots[at + 1 + b] = key[b];
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
        address config = _config();
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
