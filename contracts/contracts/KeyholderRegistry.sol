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
    uint256 private constant _MAX_ENDPOINT_LENGTH = 256;
    uint256 private constant _MAX_TERMS_LENGTH = 1024;

    /// @dev Everything enrolment, closing and slashing read and write, in one storage slot, so an
    /// accusation touches a single registry slot. A slashed keyholder can no longer enrol or update
    /// its profile, so its operator is dead weight: the slash overwrites it with the snitch
    /// beneficiary, which saves a fresh 22,100-gas slot. The field is never zero once registered
    /// (operators and beneficiaries are non-zero), so it doubles as the "registered" flag.
    struct Record {
        /// @dev The operator; once `slashed`, the snitch beneficiary.
        address operatorOrSnitch;
        uint40 coolDownEnds;
        uint32 openReleases;
        bool slashed;
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
        if (!r.slashed || balance == 0) revert RegistryNoReward(keyholder, token);
        _requireWithdrawable(keyholder, r);

        // Half goes to the reporter; the other half stays here forever, so a self-report is a loss.
        uint256 reward = balance / 2;
        _balances[keyholder][token] = 0;
        emit SnitchRewardPaid(keyholder, beneficiary, token, reward, balance - reward);
        _pay(token, beneficiary, reward);
    }

    // ================================================================ releases only

    /// @inheritdoc IKeyholderRegistry
    function onEnrolled(address keyholder) external onlyRelease {
        Record storage r = _activeRecord(keyholder);
        uint32 open = r.openReleases + 1;
        r.openReleases = open;
        emit ReleaseJoined(keyholder, msg.sender, open);
    }

    /// @inheritdoc IKeyholderRegistry
    function onClosed(address keyholder) external onlyRelease {
        Record storage r = _records[keyholder];
        // A release reports each enrolment closed exactly once (claimDeposit or a slash), after onEnrolled.
        uint32 open = r.openReleases - 1;
        r.openReleases = open;
        uint40 coolDownEnds = _extendCoolDown(r);
        emit ReleaseLeft(keyholder, msg.sender, open, coolDownEnds);
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
    function reportLeak(address keyholder, address beneficiary) external onlyRelease returns (bool slashed) {
        Record storage r = _records[keyholder];
        if (r.slashed) return false;
        r.slashed = true;
        r.operatorOrSnitch = beneficiary;
        _extendCoolDown(r);
        emit KeyholderSlashed(keyholder, msg.sender, beneficiary);
        return true;
    }

    // ================================================================ views

    /// @inheritdoc IKeyholderRegistry
    function profile(address keyholder) external view returns (Profile memory) {
        Record storage r = _records[keyholder];
        bool slashed = r.slashed;
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
        return r.operatorOrSnitch != address(0) && !r.slashed;
    }

    /// @inheritdoc IKeyholderRegistry
    function canActFor(address caller, address keyholder) external view returns (bool) {
        Record storage r = _records[keyholder];
        // Once slashed the field holds the snitch beneficiary, who must not pass for the operator.
        return r.operatorOrSnitch != address(0)
            && (caller == keyholder || (!r.slashed && caller == r.operatorOrSnitch));
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
        if (r.slashed) revert RegistrySlashed(keyholder);
    }

    function _requireWithdrawable(address keyholder, Record storage r) private view {
        if (r.openReleases != 0) revert RegistryReleasesOpen(keyholder, r.openReleases);
        uint256 coolDownEnds = r.coolDownEnds;
        if (block.timestamp < coolDownEnds) revert RegistryCoolingDown(coolDownEnds, block.timestamp);
    }

    function _extendCoolDown(Record storage r) private returns (uint40 coolDownEnds) {
        coolDownEnds = r.coolDownEnds;
        uint256 candidate = block.timestamp + COOL_DOWN;
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
