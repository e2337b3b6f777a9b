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
 * spec/release-protocol.md for the rules. Storage is packed so that the hot paths (pledge,
 * enrol, publishKey, claimRefund) touch as few slots as possible; every amount is a uint96 and
 * every time a uint40.
 */
contract Release is IRelease, EIP712, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Share of the goal paid to the registry's reputation fund, in basis points.
    uint256 public constant REPUTATION_BPS = 100;
    /// @notice Most keyholder slots a release can have.
    uint256 public constant MAX_SLOTS = 32;
    /// @notice Most keyholder groups a release can have.
    uint256 public constant MAX_GROUPS = 8;
    uint256 private constant _BPS = 10_000;
    uint256 private constant _MAX_CID_LENGTH = 64;

    bytes32 private constant _ACCEPTANCE_TYPEHASH =
        keccak256("Acceptance(address keyholder,uint256 slot,bytes32 manifestHash,bytes32 commitmentsHash)");
    bytes32 private constant _LEAK_PROOF_TYPEHASH =
        keccak256("LeakProof(uint256 chainId,address release,address keyholder,address beneficiary)");

    /// @dev One keyholder slot, in one storage slot. `claimed` is kept apart from `status` so a
    /// paid-out slot still tells whether its key was published (a published key proves no leak).
    struct Slot {
        address releaseKey;
        uint8 group;
        SlotStatus status;
        bool claimed;
    }

    address private immutable _FACTORY;
    address private immutable _SELF;
    IKeyholderRegistry private immutable _REGISTRY;

    // Storage slot 0: who, how many, and the one-shot flags.
    address private _artist;
    uint8 private _groupCount;
    uint8 private _slotCount;
    uint8 private _enrolledCount;
    uint8 private _publishedCount;
    uint8 private _slashedCount;
    bool private _secretPublished;
    bool private _artistPaid;
    // Storage slot 1: everything a pledge reads and writes.
    uint96 private _goal;
    uint96 private _totalPledged;
    uint40 private _pledgeDeadline;
    State private _state;
    // Storage slot 2.
    address private _token;
    uint40 private _enrolDeadline;
    uint40 private _revealDeadline;
    // Storage slot 3.
    address private _secretAddress;
    uint32 private _revealWindow;
    // Storage slot 4.
    uint96 private _deposit;
    uint96 private _keyholderFee;
    // Storage slot 5: written only by leaks and settlement.
    uint96 private _fanPool;
    uint96 private _burned;

    bytes32 private _manifestHash;
    bytes32 private _commitmentsHash;
    bytes private _archiveCid;
    /// @dev Group g lives in bits [32g, 32g + 24): threshold, size, published keys (8 bits each).
    uint256 private _groups;
    mapping(uint256 slot => Slot) private _slots;
    mapping(uint256 slot => address keyholder) private _keyholders;
    mapping(address fan => uint96 amount) private _pledges;

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

        _artist = artist_;
        _token = p.token;
        _goal = p.goal;
        _deposit = p.deposit;
        _keyholderFee = p.keyholderFee;
        _enrolDeadline = p.enrolDeadline;
        _pledgeDeadline = p.pledgeDeadline;
        _revealWindow = p.revealWindow;
        _secretAddress = p.secretAddress;
        _manifestHash = p.manifestHash;
        _commitmentsHash = p.commitmentsHash;
        _archiveCid = p.archiveCid;

        uint256 groups;
        uint256 slot;
        uint256 groupCount = p.groupSizes.length;
        for (uint256 g; g < groupCount; ++g) {
            uint256 size = p.groupSizes[g];
            groups |= (uint256(p.groupThresholds[g]) | (size << 8)) << (32 * g);
            for (uint256 j; j < size; ++j) {
                _slots[slot] = Slot({
                    releaseKey: p.releaseKeys[slot], group: uint8(g), status: SlotStatus.Vacant, claimed: false
                });
                ++slot;
            }
        }
        _groups = groups;
        _groupCount = uint8(groupCount);
        _slotCount = uint8(slot);
        _state = State.Enrolling;
        emit ReleaseInitialized(artist_, p);
        emit StateChanged(State.None, State.Enrolling);
    }

    /// @inheritdoc IRelease
    function enrol(uint256 slot, address keyholder, bytes calldata signature) external payable nonReentrant {
        _requireState(_bit(State.Enrolling));
        _requireBefore(_enrolDeadline);
        Slot storage s = _slotAt(slot);
        _requireSlotStatus(slot, s.status, SlotStatus.Vacant);
        if (!_REGISTRY.canActFor(msg.sender, keyholder)) revert ReleaseNotKeyholderOrOperator(msg.sender, keyholder);
        address releaseKey = s.releaseKey;
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(_ACCEPTANCE_TYPEHASH, keyholder, slot, _manifestHash, _commitmentsHash))
        );
        _requireSignedBy(digest, signature, releaseKey);

        s.status = SlotStatus.Enrolled;
        _keyholders[slot] = keyholder;
        uint8 enrolled = _enrolledCount + 1;
        _enrolledCount = enrolled;
        uint256 deposit = _deposit;
        emit KeyholderEnrolled(slot, keyholder, releaseKey, deposit);
        if (enrolled == _slotCount) _setState(State.Enrolling, State.Open);

        _REGISTRY.onEnrolled(keyholder);
        _collect(deposit);
    }

    /// @inheritdoc IRelease
    function pledge(uint256 amount) external payable nonReentrant {
        _requireState(_bit(State.Open));
        _requireBefore(_pledgeDeadline);
        if (amount == 0) revert ReleaseZeroAmount();
        uint256 total = _totalPledged;
        uint256 goal = _goal;
        if (amount > goal - total) revert ReleasePledgeExceedsGoal(amount, goal - total);

        total += amount;
        // Cannot overflow: total <= goal, a uint96.
        _totalPledged = uint96(total);
        _pledges[msg.sender] += uint96(amount);
        emit Pledged(msg.sender, amount, total);
        if (total == goal) {
            uint256 revealDeadline = block.timestamp + _revealWindow;
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
        Slot storage s = _slotAt(slot);
        _requireSlotStatus(slot, s.status, SlotStatus.Enrolled);
        if (!Secp256k1.isKeyOf(key, s.releaseKey)) revert ReleaseInvalidKey(slot, s.releaseKey);

        s.status = SlotStatus.Published;
        ++_publishedCount;
        uint256 group = s.group;
        uint256 shift = 32 * group;
        uint256 groups = _groups + (1 << (shift + 16));
        _groups = groups;
        uint256 published = uint8(groups >> (shift + 16));
        emit KeyPublished(slot, group, key, published);
        if (current == State.Funded && published == uint8(groups >> shift)) _setState(State.Funded, State.Released);
    }

    /// @inheritdoc IRelease
    function authorRelease(uint256 secret) external {
        _requireState(_bit(State.Funded));
        _requireBefore(_revealDeadline);
        if (!Secp256k1.isKeyOf(secret, _secretAddress)) revert ReleaseInvalidSecret(_secretAddress);

        _secretPublished = true;
        emit SecretPublished(secret);
        _setState(State.Funded, State.Released);
    }

    /// @inheritdoc IRelease
    function accuse(uint256 slot, address beneficiary, bytes calldata signature) external nonReentrant {
        State current = _requireState(
            _bit(State.Enrolling) | _bit(State.Open) | _bit(State.Cancelled) | _bit(State.Failed)
        );
        if (beneficiary == address(0)) revert ReleaseZeroAddress();
        Slot storage s = _slotAt(slot);
        _requireSlotStatus(slot, s.status, SlotStatus.Enrolled);
        address keyholder = _keyholders[slot];
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(_LEAK_PROOF_TYPEHASH, block.chainid, address(this), keyholder, beneficiary))
        );
        _requireSignedBy(digest, signature, s.releaseKey);

        if (current == State.Cancelled || current == State.Failed) {
            // After the end the deposit is no longer at stake (spec §6.3): only the registry slashes.
            if (!_REGISTRY.reportLeak(keyholder, beneficiary)) revert ReleaseAlreadySlashed(keyholder);
            emit LeakProven(slot, keyholder, beneficiary, 0, 0, 0);
            return;
        }

        uint256 deposit = _deposit;
        uint256 bounty = deposit / 2;
        // Fans only exist once the release is open; a quarter then goes to them, the rest is burned,
        // so even a leaker that is the only fan gets back strictly less than it loses.
        uint256 toFans = current == State.Open ? deposit / 4 : 0;
        uint256 burned = deposit - bounty - toFans;
        s.status = SlotStatus.Slashed;
        ++_slashedCount;
        _burned += uint96(burned);
        emit LeakProven(slot, keyholder, beneficiary, bounty, toFans, burned);
        if (toFans != 0) _addToFanPool(toFans);

        _REGISTRY.reportLeak(keyholder, beneficiary);
        _REGISTRY.onClosed(keyholder);
        _pay(beneficiary, bounty);
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
        // Rounds down: the sum of all shares never exceeds the pool.
        uint256 amount = pledged * _fanPool / (_totalPledged == 0 ? 1 : _totalPledged);
        if (current == State.Failed) amount += pledged;
        if (amount == 0) revert ReleaseNothingToClaim(msg.sender);

        _pledges[msg.sender] = 0;
        emit RefundClaimed(msg.sender, amount);
        _pay(msg.sender, amount);
    }

    /// @inheritdoc IRelease
    function claimDeposit(uint256 slot) external nonReentrant {
        State current = _requireState(_bit(State.Settled) | _bit(State.Failed) | _bit(State.Cancelled));
        Slot storage s = _slotAt(slot);
        SlotStatus status = s.status;
        if (status != SlotStatus.Enrolled && status != SlotStatus.Published) {
            revert ReleaseWrongSlotStatus(slot, status, SlotStatus.Enrolled);
        }
        if (s.claimed) revert ReleaseAlreadyClaimed(slot);
        (uint256 amount, uint256 reputation) = _owedToSlot(current, status);

        s.claimed = true;
        address keyholder = _keyholders[slot];
        address payout = _REGISTRY.payoutOf(keyholder);
        emit DepositClaimed(slot, keyholder, payout, amount, reputation);

        _REGISTRY.onClosed(keyholder);
        if (amount != 0) _pay(payout, amount);
        if (reputation != 0) {
            if (_token == address(0)) {
                _REGISTRY.creditReputation{value: reputation}(keyholder, address(0), reputation);
            } else {
                IERC20(_token).safeTransfer(address(_REGISTRY), reputation);
                _REGISTRY.creditReputation(keyholder, _token, reputation);
            }
        }
    }

    /// @inheritdoc IRelease
    function claimArtistFee() external nonReentrant {
        _requireState(_bit(State.Settled));
        if (_artistPaid) revert ReleaseNothingToClaim(_artist);
        _artistPaid = true;
        uint256 fee = artistFee();
        emit ArtistFeeClaimed(_artist, fee);
        _pay(_artist, fee);
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
            artist: _artist,
            token: _token,
            goal: _goal,
            totalPledged: _totalPledged,
            fanPool: _fanPool,
            enrolDeadline: _enrolDeadline,
            pledgeDeadline: _pledgeDeadline,
            revealDeadline: _revealDeadline,
            slotCount: _slotCount,
            enrolledCount: _enrolledCount,
            publishedCount: _publishedCount,
            secretPublished: _secretPublished
        });
    }

    /// @inheritdoc IRelease
    function params() external view returns (Params memory p) {
        p.token = _token;
        p.goal = _goal;
        p.deposit = _deposit;
        p.keyholderFee = _keyholderFee;
        p.enrolDeadline = _enrolDeadline;
        p.pledgeDeadline = _pledgeDeadline;
        p.revealWindow = _revealWindow;
        p.secretAddress = _secretAddress;
        p.manifestHash = _manifestHash;
        p.commitmentsHash = _commitmentsHash;
        p.archiveCid = _archiveCid;
        uint256 groupCount = _groupCount;
        p.groupThresholds = new uint8[](groupCount);
        p.groupSizes = new uint8[](groupCount);
        for (uint256 g; g < groupCount; ++g) {
            p.groupThresholds[g] = uint8(_groups >> (32 * g));
            p.groupSizes[g] = uint8(_groups >> (32 * g + 8));
        }
        uint256 slotCount = _slotCount;
        p.releaseKeys = new address[](slotCount);
        for (uint256 i; i < slotCount; ++i) {
            p.releaseKeys[i] = _slots[i].releaseKey;
        }
    }

    /// @inheritdoc IRelease
    function artist() external view returns (address) {
        return _artist;
    }

    /// @inheritdoc IRelease
    function slotInfo(uint256 slot)
        external
        view
        returns (uint256 group, address releaseKey, address keyholder, SlotStatus status, bool claimed)
    {
        Slot storage s = _slotAt(slot);
        return (s.group, s.releaseKey, _keyholders[slot], s.status, s.claimed);
    }

    /// @inheritdoc IRelease
    function groupInfo(uint256 group) external view returns (uint256 threshold, uint256 size, uint256 published) {
        if (group >= _groupCount) revert ReleaseInvalidParams("group");
        uint256 packed = _groups >> (32 * group);
        return (uint8(packed), uint8(packed >> 8), uint8(packed >> 16));
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
        return _hashTypedDataV4(
            keccak256(abi.encode(_ACCEPTANCE_TYPEHASH, keyholder, slot, _manifestHash, _commitmentsHash))
        );
    }

    /// @inheritdoc IRelease
    function leakProofDigest(address keyholder, address beneficiary) external view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(abi.encode(_LEAK_PROOF_TYPEHASH, block.chainid, address(this), keyholder, beneficiary))
        );
    }

    /// @inheritdoc IRelease
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @inheritdoc IRelease
    function artistFee() public view returns (uint256) {
        uint256 goal = _goal;
        return goal - uint256(_keyholderFee) * _slotCount - goal * REPUTATION_BPS / _BPS;
    }

    // ================================================================ internal

    function _cancel() private {
        _requireState(_bit(State.Enrolling));
        _requireReached(_enrolDeadline);
        _setState(State.Enrolling, State.Cancelled);
    }

    function _expire() private {
        _requireState(_bit(State.Open));
        _requireReached(_pledgeDeadline);
        _setState(State.Open, State.Failed);
    }

    function _settle() private {
        State current = _requireState(_bit(State.Funded) | _bit(State.Released));
        _requireReached(_revealDeadline);
        uint256 published = _publishedCount;
        // Every slot is enrolled once the release is open, so only slashed ones hold no deposit.
        uint256 nonRevealers = uint256(_slotCount) - _slashedCount - published;
        uint256 toFans = nonRevealers * _deposit;
        State next = State.Failed;
        if (current == State.Released) {
            uint256 reputation = uint256(_goal) * REPUTATION_BPS / _BPS;
            toFans += (uint256(_slotCount) - published) * _keyholderFee;
            toFans += published == 0 ? reputation : reputation % published;
            next = State.Settled;
        }
        _setState(current, next);
        if (toFans != 0) _addToFanPool(toFans);
    }

    /// @dev What slot in `status` is owed once the release ended in `current` (spec §8).
    function _owedToSlot(State current, SlotStatus status) private view returns (uint256 amount, uint256 reputation) {
        if (current == State.Settled) {
            if (status == SlotStatus.Published) {
                amount = uint256(_deposit) + _keyholderFee;
                reputation = uint256(_goal) * REPUTATION_BPS / _BPS / _publishedCount;
            }
        } else if (current == State.Cancelled || _revealDeadline == 0 || status == SlotStatus.Published) {
            // Cancelled, expired unfunded, or a revealer of an undelivered release: the deposit returns.
            amount = _deposit;
        }
    }

    function _dueStep() private view returns (Step) {
        State current = _state;
        if (current == State.Enrolling && block.timestamp >= _enrolDeadline) return Step.Cancel;
        if (current == State.Open && block.timestamp >= _pledgeDeadline) return Step.Expire;
        if ((current == State.Funded || current == State.Released) && block.timestamp >= _revealDeadline) {
            return Step.Settle;
        }
        return Step.None;
    }

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

    function _setState(State previous, State next) private {
        _state = next;
        emit StateChanged(previous, next);
    }

    function _addToFanPool(uint256 amount) private {
        // Cannot overflow: the pool only holds part of the pledges and deposits, all uint96-bounded.
        uint256 pool = _fanPool + amount;
        _fanPool = uint96(pool);
        emit FanPoolIncreased(amount, pool);
    }

    /// @dev Takes `amount` from the caller: ETH in msg.value, or exactly `amount` tokens by balance change.
    function _collect(uint256 amount) private {
        address token = _token;
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

    /// @dev Pays `amount` to `to`; ETH without copying return data, so a return bomb costs its sender nothing.
    function _pay(address to, uint256 amount) private {
        address token = _token;
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

    function _slotAt(uint256 slot) private view returns (Slot storage) {
        if (slot >= _slotCount) revert ReleaseUnknownSlot(slot, _slotCount);
        return _slots[slot];
    }

    function _bit(State s) private pure returns (uint256) {
        return 1 << uint256(s);
    }
}
