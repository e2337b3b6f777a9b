// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {IKeyholderRegistry} from "./interfaces/IKeyholderRegistry.sol";

/**
 * @title KeyholderRegistry
 * @notice See {IKeyholderRegistry} and spec/release-protocol.md §9. Deployed by the factory, which
 * passes the release implementation: a caller is a release of the factory iff its code is the
 * EIP-1167 clone of that implementation (the implementation only lets the factory initialise a
 * clone, and an uninitialised clone never reaches the registry).
 */
contract KeyholderRegistry is IKeyholderRegistry, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice Seconds after a keyholder's last release closed before it may withdraw.
    uint256 public constant COOL_DOWN = 7 days;
    /// @notice Seconds a keyholder stays locked after a release of its closed cancelled or failed:
    /// that release's secret stays sensitive forever, so its keyholders stay slashable for longer.
    uint256 public constant FAILED_LOCK = 180 days;
    uint256 private constant _MAX_ENDPOINT_LENGTH = 256;
    uint256 private constant _MAX_TERMS_LENGTH = 1024;

    /// @dev Everything enrolment, closing and slashing read and write, in one storage slot, so an
    /// accusation touches a single registry slot. A slashed keyholder can no longer enrol or update
    /// its profile, so its operator is dead weight: the slash overwrites it with the snitch
    /// beneficiary, which saves a fresh 22,100-gas slot. The field is never zero once registered
    /// (operators and beneficiaries are non-zero), so it doubles as the "registered" flag.
    struct Record {
        /// @dev The operator; once slashed, the snitch beneficiary.
        address operatorOrSnitch;
        uint40 coolDownEnds;
        uint24 openReleases;
        /// @dev Zero while not slashed; then the sequence of the winning (earliest) commitment.
        uint32 snitchSequence;
    }

    /// @dev Written once at registration and on profile updates; read by withdrawals and payouts.
    struct Payout {
        address payout;
        uint40 registeredAt;
    }

    address private immutable _FACTORY;
    bytes32 private immutable _RELEASE_CODEHASH;

    mapping(address keyholder => Record) private _records;
    mapping(address keyholder => Payout) private _payouts;
    mapping(address keyholder => uint32) private _completed;
    mapping(address keyholder => string) private _endpoints;
    mapping(address keyholder => string) private _terms;
    mapping(address keyholder => mapping(address token => uint256)) private _balances;
    /// @dev Per committer and commitment: block number << 32 | sequence.
    mapping(address committer => mapping(bytes32 commitment => uint256)) private _commitments;
    /// @dev Failed payments, owed to their payee until it withdraws them.
    mapping(address account => mapping(address token => uint256)) private _credits;
    uint32 private _commitmentCount;

    /// @param releaseImplementation the implementation every release of the factory (the deployer) clones
    constructor(address releaseImplementation) {
        _FACTORY = msg.sender;
        // The EIP-1167 runtime code of a clone of `releaseImplementation`.
        _RELEASE_CODEHASH = keccak256(
            abi.encodePacked(
                hex"363d3d373d3d3d363d73", releaseImplementation, hex"5af43d82803e903d91602b57fd5bf3"
            )
        );
    }

    modifier onlyRelease() {
        if (msg.sender.codehash != _RELEASE_CODEHASH) revert RegistryNotRelease(msg.sender);
        _;
    }

    // ================================================================ keyholders

    /// @inheritdoc IKeyholderRegistry
    function register(address operator, address payout, string calldata endpoint, string calldata terms) external {
        if (_records[msg.sender].operatorOrSnitch != address(0)) revert RegistryAlreadyRegistered(msg.sender);
        _checkProfile(operator, payout, endpoint, terms);
        _records[msg.sender].operatorOrSnitch = operator;
        _payouts[msg.sender].registeredAt = uint40(block.timestamp);
        _storeProfile(payout, endpoint, terms);
        emit KeyholderRegistered(msg.sender, operator, payout, endpoint, terms);
    }

    /// @inheritdoc IKeyholderRegistry
    function updateProfile(address operator, address payout, string calldata endpoint, string calldata terms)
        external
    {
        Record storage r = _activeRecord(msg.sender);
        _checkProfile(operator, payout, endpoint, terms);
        r.operatorOrSnitch = operator;
        _storeProfile(payout, endpoint, terms);
        emit ProfileUpdated(msg.sender, operator, payout, endpoint, terms);
    }

    /// @inheritdoc IKeyholderRegistry
    function stake() external payable {
        _activeRecord(msg.sender);
        if (msg.value == 0) revert RegistryZeroAmount();
        uint256 balance = _balances[msg.sender][address(0)] + msg.value;
        _balances[msg.sender][address(0)] = balance;
        emit Staked(msg.sender, msg.value, balance);
    }

    /// @inheritdoc IKeyholderRegistry
    function withdraw(address token, uint256 amount) external nonReentrant {
        Record storage r = _activeRecord(msg.sender);
        _requireWithdrawable(msg.sender, r);
        if (amount == 0) revert RegistryZeroAmount();
        uint256 balance = _balances[msg.sender][token];
        if (amount > balance) revert RegistryInsufficientBalance(amount, balance);

        _balances[msg.sender][token] = balance - amount;
        address to = _payouts[msg.sender].payout;
        emit Withdrawn(msg.sender, token, to, amount);
        _pay(token, to, amount);
    }

    /// @inheritdoc IKeyholderRegistry
    function claimSnitchReward(address keyholder, address token) external nonReentrant {
        Record storage r = _records[keyholder];
        address beneficiary = r.operatorOrSnitch;
        uint256 balance = _balances[keyholder][token];
        if (r.snitchSequence == 0 || balance == 0) revert RegistryNoReward(keyholder, token);
        _requireWithdrawable(keyholder, r);

        // Half goes to the reporter; the other half stays here forever, so a self-report is a loss.
        uint256 reward = balance / 2;
        _balances[keyholder][token] = 0;
        emit SnitchRewardPaid(keyholder, beneficiary, token, reward, balance - reward);
        _payOrCredit(token, beneficiary, reward);
    }

    /// @inheritdoc IKeyholderRegistry
    function withdrawCredit(address token) external nonReentrant {
        uint256 amount = _credits[msg.sender][token];
        if (amount == 0) revert RegistryNoCredit(msg.sender, token);
        _credits[msg.sender][token] = 0;
        emit CreditWithdrawn(msg.sender, token, amount);
        _pay(token, msg.sender, amount);
    }

    // ================================================================ accusations

    /// @inheritdoc IKeyholderRegistry
    function commitAccusation(bytes32 commitment) external returns (uint256 sequence) {
        mapping(bytes32 => uint256) storage mine = _commitments[msg.sender];
        if (mine[commitment] != 0) revert RegistryAlreadyCommitted(msg.sender, commitment);
        uint32 next = _commitmentCount + 1;
        _commitmentCount = next;
        mine[commitment] = block.number << 32 | next;
        emit AccusationCommitted(msg.sender, commitment, next);
        return next;
    }

    // ================================================================ releases only

    /// @inheritdoc IKeyholderRegistry
    function onEnrolled(address keyholder) external onlyRelease {
        Record storage r = _activeRecord(keyholder);
        uint24 open = r.openReleases + 1;
        r.openReleases = open;
        emit ReleaseJoined(keyholder, msg.sender, open);
    }

    /// @inheritdoc IKeyholderRegistry
    function onClosed(address keyholder, bool failed) external onlyRelease {
        _close(keyholder, _records[keyholder], failed ? FAILED_LOCK : COOL_DOWN);
    }

    /// @inheritdoc IKeyholderRegistry
    function creditReputation(address keyholder, address token, uint256 amount) external payable onlyRelease {
        uint256 expected = token == address(0) ? amount : 0;
        if (msg.value != expected) revert RegistryWrongValue(msg.value, expected);
        _balances[keyholder][token] += amount;
        ++_completed[keyholder];
        emit ReputationEarned(keyholder, msg.sender, token, amount);
    }

    /// @inheritdoc IKeyholderRegistry
    function reportLeak(address keyholder, address beneficiary, uint256 sequence, bool close)
        external
        onlyRelease
        returns (LeakReport report)
    {
        Record storage r = _records[keyholder];
        uint256 recorded = r.snitchSequence;
        if (recorded == 0) {
            r.snitchSequence = uint32(sequence);
            r.operatorOrSnitch = beneficiary;
            _extendCoolDown(r, COOL_DOWN);
            emit KeyholderSlashed(keyholder, msg.sender, beneficiary);
            report = LeakReport.Slashed;
        } else if (sequence < recorded && (r.openReleases != 0 || block.timestamp < r.coolDownEnds)) {
            // No reward can have been paid yet (rewards wait for the same two conditions): the
            // earlier commitment wins. Superseding never extends the cool-down, so it cannot delay it.
            r.snitchSequence = uint32(sequence);
            r.operatorOrSnitch = beneficiary;
            emit SnitchSuperseded(keyholder, beneficiary, sequence);
            report = LeakReport.Superseded;
        }
        if (close) _close(keyholder, r, COOL_DOWN);
    }

    // ================================================================ views

    /// @inheritdoc IKeyholderRegistry
    function profile(address keyholder) external view returns (Profile memory) {
        Record storage r = _records[keyholder];
        bool slashed = r.snitchSequence != 0;
        return Profile({
            operator: slashed ? address(0) : r.operatorOrSnitch,
            payout: _payouts[keyholder].payout,
            registeredAt: _payouts[keyholder].registeredAt,
            coolDownEnds: r.coolDownEnds,
            openReleases: r.openReleases,
            completedReleases: _completed[keyholder],
            slashed: slashed,
            snitchBeneficiary: slashed ? r.operatorOrSnitch : address(0),
            endpoint: _endpoints[keyholder],
            terms: _terms[keyholder]
        });
    }

    /// @inheritdoc IKeyholderRegistry
    function isActive(address keyholder) external view returns (bool) {
        Record storage r = _records[keyholder];
        return r.operatorOrSnitch != address(0) && r.snitchSequence == 0;
    }

    /// @inheritdoc IKeyholderRegistry
    function canActFor(address caller, address keyholder) external view returns (bool) {
        Record storage r = _records[keyholder];
        // Once slashed the field holds the snitch beneficiary, who must not pass for the operator.
        return r.operatorOrSnitch != address(0)
            && (caller == keyholder || (r.snitchSequence == 0 && caller == r.operatorOrSnitch));
    }

    /// @inheritdoc IKeyholderRegistry
    function payoutOf(address keyholder) external view returns (address) {
        return _payouts[keyholder].payout;
    }

    /// @inheritdoc IKeyholderRegistry
    function balanceOf(address keyholder, address token) external view returns (uint256) {
        return _balances[keyholder][token];
    }

    /// @inheritdoc IKeyholderRegistry
    function commitmentOf(address committer, bytes32 commitment)
        external
        view
        returns (uint256 blockNumber, uint256 sequence)
    {
        uint256 packed = _commitments[committer][commitment];
        return (packed >> 32, uint32(packed));
    }

    /// @inheritdoc IKeyholderRegistry
    function accusationCommitment(
        address release,
        uint256 slot,
        address beneficiary,
        bytes calldata signature,
        bytes32 salt,
        address committer
    ) external pure returns (bytes32) {
        return keccak256(abi.encode(release, slot, beneficiary, keccak256(signature), salt, committer));
    }

    /// @inheritdoc IKeyholderRegistry
    function creditOf(address account, address token) external view returns (uint256) {
        return _credits[account][token];
    }

    /// @inheritdoc IKeyholderRegistry
    function coolDown() external pure returns (uint256) {
        return COOL_DOWN;
    }

    /// @inheritdoc IKeyholderRegistry
    function factory() external view returns (address) {
        return _FACTORY;
    }

    // ================================================================ internal

    function _activeRecord(address keyholder) private view returns (Record storage r) {
        r = _records[keyholder];
        if (r.operatorOrSnitch == address(0)) revert RegistryNotRegistered(keyholder);
        if (r.snitchSequence != 0) revert RegistrySlashed(keyholder);
    }

    function _requireWithdrawable(address keyholder, Record storage r) private view {
        if (r.openReleases != 0) revert RegistryReleasesOpen(keyholder, r.openReleases);
        uint256 coolDownEnds = r.coolDownEnds;
        if (block.timestamp < coolDownEnds) revert RegistryCoolingDown(coolDownEnds, block.timestamp);
    }

    /// @dev One enrolment of `keyholder` ended: each is closed exactly once (claimDeposit or a slash), after onEnrolled.
    function _close(address keyholder, Record storage r, uint256 lock) private {
        uint24 open = r.openReleases - 1;
        r.openReleases = open;
        uint40 coolDownEnds = _extendCoolDown(r, lock);
        emit ReleaseLeft(keyholder, msg.sender, open, coolDownEnds);
    }

    function _extendCoolDown(Record storage r, uint256 lock) private returns (uint40 coolDownEnds) {
        coolDownEnds = r.coolDownEnds;
        uint256 candidate = block.timestamp + lock;
        if (candidate > coolDownEnds) {
            coolDownEnds = uint40(candidate);
            r.coolDownEnds = coolDownEnds;
        }
    }

    function _checkProfile(address operator, address payout, string calldata endpoint, string calldata terms)
        private
        pure
    {
        if (operator == address(0) || payout == address(0)) revert RegistryZeroAddress();
        if (bytes(endpoint).length > _MAX_ENDPOINT_LENGTH) {
            revert RegistryStringTooLong(bytes(endpoint).length, _MAX_ENDPOINT_LENGTH);
        }
        if (bytes(terms).length > _MAX_TERMS_LENGTH) revert RegistryStringTooLong(bytes(terms).length, _MAX_TERMS_LENGTH);
    }

    function _storeProfile(address payout, string calldata endpoint, string calldata terms) private {
        _payouts[msg.sender].payout = payout;
        _endpoints[msg.sender] = endpoint;
        _terms[msg.sender] = terms;
    }

    /// @dev Pays `amount` of `token` to `to`, or credits it to `to` for {withdrawCredit} if the payment
    /// fails, so a payee that rejects money blocks nobody but itself.
    function _payOrCredit(address token, address to, uint256 amount) private {
        bool ok;
        if (token == address(0)) {
            assembly ("memory-safe") {
                ok := call(gas(), to, amount, 0, 0, 0, 0)
            }
        } else {
            ok = IERC20(token).trySafeTransfer(to, amount);
        }
        if (!ok) {
            _credits[to][token] += amount;
            emit PaymentCredited(to, token, amount);
        }
    }

    /// @dev Pays `amount` of `token` (0 = ETH, sent without copying return data) to `to`.
    function _pay(address token, address to, uint256 amount) private {
        if (token != address(0)) {
            IERC20(token).safeTransfer(to, amount);
            return;
        }
        bool ok;
        assembly ("memory-safe") {
            ok := call(gas(), to, amount, 0, 0, 0, 0)
        }
        if (!ok) revert RegistryEthTransferFailed(to, amount);
    }
}
