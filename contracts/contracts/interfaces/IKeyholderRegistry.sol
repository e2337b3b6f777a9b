// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/**
 * @title IKeyholderRegistry
 * @notice Where keyholders are found and where their reputation is kept (spec/release-protocol.md).
 *
 * A keyholder is the account that registers (its wallet). It names an operator (the bot's hot
 * address, allowed to enrol for it), a payout address, an HTTP endpoint and its terms. Its
 * reputation is money locked here: its own stake (ETH, anti-Sybil) plus what it earned from the
 * reputation fund of every release it completed (in that release's token). Balances can only be
 * withdrawn while the keyholder has no open release and after a cool-down since the last one
 * closed; they stay slashable all that time. A proven leak of one of its release keys (early, or
 * after a failure or cancellation) slashes it: every balance is forfeited, half to the reporter's
 * beneficiary and half burned, and the reporter's half vests on the keyholder's own withdrawal
 * schedule, so reporting oneself is never faster, and always poorer, than waiting.
 *
 * Only releases created by the factory that deployed this registry can report to it.
 */
interface IKeyholderRegistry {
    /// @notice A keyholder's public record. Once slashed, `operator` reads zero (a slashed
    /// keyholder has no operator: it cannot enrol or update its profile) and `snitchBeneficiary`
    /// is set.
    struct Profile {
        address operator;
        address payout;
        uint40 registeredAt;
        uint40 coolDownEnds;
        uint32 openReleases;
        uint32 completedReleases;
        bool slashed;
        address snitchBeneficiary;
        string endpoint;
        string terms;
    }

    // ---------------------------------------------------------------- errors

    /// @dev `keyholder` is already registered.
    error RegistryAlreadyRegistered(address keyholder);
    /// @dev `keyholder` is not registered.
    error RegistryNotRegistered(address keyholder);
    /// @dev `keyholder` was slashed for a proven leak; its balances are forfeited.
    error RegistrySlashed(address keyholder);
    /// @dev `caller` is not a release created by this registry's factory.
    error RegistryNotRelease(address caller);
    /// @dev A zero address where one is required (operator or payout).
    error RegistryZeroAddress();
    /// @dev A zero amount.
    error RegistryZeroAmount();
    /// @dev A string is longer than `max` bytes.
    error RegistryStringTooLong(uint256 length, uint256 max);
    /// @dev `keyholder` still has `openReleases` open releases.
    error RegistryReleasesOpen(address keyholder, uint256 openReleases);
    /// @dev The cool-down ends at `coolDownEnds`; it is `timestamp`.
    error RegistryCoolingDown(uint256 coolDownEnds, uint256 timestamp);
    /// @dev Withdrawing `amount` exceeds the `balance`.
    error RegistryInsufficientBalance(uint256 amount, uint256 balance);
    /// @dev `keyholder` was not slashed, or its reward for `token` is already paid.
    error RegistryNoReward(address keyholder, address token);
    /// @dev The ETH sent (`sent`) does not match the amount credited (`expected`).
    error RegistryWrongValue(uint256 sent, uint256 expected);
    /// @dev An ETH payment of `amount` to `to` failed.
    error RegistryEthTransferFailed(address to, uint256 amount);
    /// @dev `committer` already committed `commitment`.
    error RegistryAlreadyCommitted(address committer, bytes32 commitment);
    /// @dev `account` has no credit in `token` to withdraw.
    error RegistryNoCredit(address account, address token);

    /// @notice What {reportLeak} did.
    enum LeakReport {
        Ignored, // already slashed for a commitment at least as early, or too late to supersede it
        Slashed, // first proof: the keyholder is slashed for `beneficiary`
        Superseded // an earlier commitment than the recorded one: its beneficiary takes the snitch reward
    }

    // ---------------------------------------------------------------- events

    /// @notice `keyholder` registered with this profile.
    event KeyholderRegistered(address indexed keyholder, address operator, address payout, string endpoint, string terms);
    /// @notice `keyholder` changed its profile.
    event ProfileUpdated(address indexed keyholder, address operator, address payout, string endpoint, string terms);
    /// @notice `keyholder` staked `amount` ETH; its ETH balance is now `balance`.
    event Staked(address indexed keyholder, uint256 amount, uint256 balance);
    /// @notice `keyholder` withdrew `amount` of `token` (0 = ETH) to `to`.
    event Withdrawn(address indexed keyholder, address indexed token, address to, uint256 amount);
    /// @notice `keyholder` enrolled in `release`; it has `openReleases` open releases.
    event ReleaseJoined(address indexed keyholder, address indexed release, uint256 openReleases);
    /// @notice `release` closed for `keyholder`; its cool-down now ends at `coolDownEnds`.
    event ReleaseLeft(address indexed keyholder, address indexed release, uint256 openReleases, uint256 coolDownEnds);
    /// @notice `keyholder` earned `amount` of `token` from the reputation fund of `release`.
    event ReputationEarned(address indexed keyholder, address indexed release, address token, uint256 amount);
    /// @notice `keyholder` was slashed for a leak proven in `release`, for `beneficiary`.
    event KeyholderSlashed(address indexed keyholder, address indexed release, address indexed beneficiary);
    /// @notice The reward for slashing `keyholder` was paid: `amount` of `token` to `beneficiary`, `burned` locked.
    event SnitchRewardPaid(address indexed keyholder, address indexed beneficiary, address token, uint256 amount, uint256 burned);
    /// @notice `committer` committed to an accusation; `sequence` orders every commitment (earliest wins).
    /// The commitment hides which release, slot and beneficiary it is about.
    event AccusationCommitted(address indexed committer, bytes32 indexed commitment, uint256 sequence);
    /// @notice The snitch beneficiary of `keyholder` became `beneficiary`, whose commitment `sequence` was earlier.
    event SnitchSuperseded(address indexed keyholder, address indexed beneficiary, uint256 sequence);
    /// @notice A payment of `amount` of `token` to `to` failed (it rejects it) and was credited to it instead.
    event PaymentCredited(address indexed to, address token, uint256 amount);
    /// @notice `to` withdrew its credit of `amount` of `token`.
    event CreditWithdrawn(address indexed to, address token, uint256 amount);

    // ---------------------------------------------------------------- keyholders

    /**
     * @notice Registers the caller as a keyholder.
     * Requirements: not registered yet; `operator` and `payout` non-zero; `endpoint` at most 256
     * bytes and `terms` at most 1024 bytes.
     * Emits a {KeyholderRegistered} event.
     */
    function register(address operator, address payout, string calldata endpoint, string calldata terms) external;

    /**
     * @notice Changes the caller's profile.
     * Requirements: as {register}, but the caller is registered and not slashed.
     * Emits a {ProfileUpdated} event.
     */
    function updateProfile(address operator, address payout, string calldata endpoint, string calldata terms)
        external;

    /**
     * @notice Adds msg.value to the caller's ETH stake.
     * Requirements: the caller is registered and not slashed; msg.value > 0.
     * Emits a {Staked} event.
     */
    function stake() external payable;

    /**
     * @notice Withdraws `amount` of `token` (0 = ETH) from the caller's balance to its payout address.
     * Requirements: registered, not slashed, no open release, block.timestamp >= coolDownEnds,
     * amount <= balance.
     * Emits a {Withdrawn} event.
     */
    function withdraw(address token, uint256 amount) external;

    /**
     * @notice Pays the beneficiary of a slashed keyholder half of its `token` balance (the other
     * half stays locked forever). Anyone may call it.
     * Requirements: `keyholder` is slashed, has no open release, block.timestamp >= its
     * coolDownEnds, and a non-zero `token` balance remains.
     * Emits a {SnitchRewardPaid} event.
     */
    function claimSnitchReward(address keyholder, address token) external;

    /**
     * @notice Pays the caller what a failed payment credited to it (a snitch reward or a
     * withdrawal its address rejected at the time).
     * Requirements: a non-zero credit in `token`.
     * Emits a {CreditWithdrawn} event.
     */
    function withdrawCredit(address token) external;

    // ---------------------------------------------------------------- accusations

    /**
     * @notice Commits the caller to an accusation without saying what it is about:
     * `commitment = keccak256(abi.encode(release, slot, beneficiary, keccak256(signature), salt, committer))`
     * ({accusationCommitment}). The release later judges the reveal by its
     * state at the start of this block, and the earliest commitment (lowest sequence) wins.
     * Requirements: the caller has not committed `commitment` before.
     * Emits an {AccusationCommitted} event.
     * @return sequence the commitment's place in the order of all commitments (from 1)
     */
    function commitAccusation(bytes32 commitment) external returns (uint256 sequence);

    // ---------------------------------------------------------------- releases only

    /**
     * @notice Records that `keyholder` enrolled in the calling release.
     * Requirements: the caller is a release of the factory; `keyholder` registered, not slashed.
     * Emits a {ReleaseJoined} event.
     */
    function onEnrolled(address keyholder) external;

    /**
     * @notice Records that the calling release closed for `keyholder` and restarts its cool-down:
     * {COOL_DOWN} after a settled release, {FAILED_LOCK} when it `failed` (cancelled or failed), since
     * the secret of such a release stays sensitive. A payment the release could not make does not stop it.
     * Requirements: the caller is a release of the factory.
     * Emits a {ReleaseLeft} event.
     */
    function onClosed(address keyholder, bool failed) external;

    /**
     * @notice Credits `amount` of `token` from the calling release's reputation fund to `keyholder`
     * and counts one completed release. For ETH, msg.value == amount; for tokens the release
     * transferred them before calling.
     * Requirements: the caller is a release of the factory.
     * Emits a {ReputationEarned} event.
     */
    function creditReputation(address keyholder, address token, uint256 amount) external payable;

    /**
     * @notice Slashes `keyholder` for a leak proven in the calling release, for `beneficiary`, whose
     * commitment has `sequence`. If it already was slashed, an earlier commitment (lower sequence)
     * takes the snitch reward over while the reward is not payable yet (open releases remain or
     * the cool-down runs). With `close`, also records that the release closed for `keyholder`
     * (as {onClosed} after a settled release).
     * Requirements: the caller is a release of the factory.
     * Emits a {KeyholderSlashed} or {SnitchSuperseded} event unless ignored.
     */
    function reportLeak(address keyholder, address beneficiary, uint256 sequence, bool close)
        external
        returns (LeakReport);

    // ---------------------------------------------------------------- views

    /// @notice The profile of `keyholder` (all zero if unregistered).
    function profile(address keyholder) external view returns (Profile memory);

    /// @notice Whether `keyholder` is registered and not slashed.
    function isActive(address keyholder) external view returns (bool);

    /// @notice Whether `caller` may act for `keyholder` (it is the keyholder, or its operator while not slashed).
    function canActFor(address caller, address keyholder) external view returns (bool);

    /// @notice The payout address of `keyholder`.
    function payoutOf(address keyholder) external view returns (address);

    /// @notice The balance of `keyholder` in `token` (0 = ETH): stake plus earned reputation.
    function balanceOf(address keyholder, address token) external view returns (uint256);

    /// @notice The cool-down, in seconds, after a keyholder's last release closes.
    function coolDown() external view returns (uint256);

    /// @notice The block and sequence of `commitment` by `committer` (both zero if it was never committed).
    function commitmentOf(address committer, bytes32 commitment)
        external
        view
        returns (uint256 blockNumber, uint256 sequence);

    /// @notice The commitment `committer` must make to accuse `slot` of `release` for `beneficiary`
    /// with the leak proof `signature`, hidden by `salt` (spec §6.3).
    function accusationCommitment(
        address release,
        uint256 slot,
        address beneficiary,
        bytes calldata signature,
        bytes32 salt,
        address committer
    ) external pure returns (bytes32);

    /// @notice What failed payments credited to `account` in `token`, withdrawable with {withdrawCredit}.
    function creditOf(address account, address token) external view returns (uint256);

    /// @notice The factory whose releases may report here.
    function factory() external view returns (address);
}
