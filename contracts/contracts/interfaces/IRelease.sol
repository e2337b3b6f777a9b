// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/**
 * @title IRelease
 * @notice One crowd-funded media release of the Unveil protocol (spec/release-protocol.md).
 *
 * A release is an EIP-1167 clone deployed and initialised in one transaction by the
 * {IReleaseFactory}. Its life cycle is one explicit state machine:
 *
 *   None -> Enrolling -> Sampling -> Open -> Funded -> Released -> Settled
 *                 \           \         \        \
 *                  Cancelled   Cancelled  Failed   Failed (no group reached its threshold in the reveal window)
 *
 * Once every slot is enrolled, a block hash the artist cannot choose picks `sampleCount`
 * encrypted fragments, and whoever holds s (the artist) must reveal exactly their fragment keys
 * before pledging opens ({drawSamples}, {revealSamples}, spec §4.1); otherwise it is cancelled.
 *
 * Keyholder slots are fixed at creation: slot i belongs to one group and to one release-key
 * address addr(k_i), and one share address addr(P_i) (P_i = x_i*G, the point of its Feldman share
 * x_i). A keyholder registered in the {IKeyholderRegistry} takes a slot by posting the deposit and
 * an EIP-712 `Acceptance` signed by the slot's release key k_i. Fans pledge until the goal is
 * reached exactly (a pledge takes at most what remains). Once funded, keyholders publish their shares x_i (never k_i); when a group holds
 * M_g shares the contract recombines s and checks it against addr(S): the release is Released only
 * when s itself is on chain (or when the artist published s). Every payment is pulled
 * by the party owed (or pushed to it by anyone, for keyholders and the artist); nothing loops
 * over fans. Every time-driven step is permissionless and idempotent; Chainlink Automation and
 * Gelato reach them through the factory's {IReleaseKeeper}, not through the release itself.
 */
interface IRelease {
    /// @notice The single state of a release. `None` only exists in uninitialised clones.
    enum State {
        None,
        Enrolling,
        Open,
        Funded,
        Released,
        Settled,
        Cancelled,
        Failed,
        Sampling // every slot enrolled; the sampled fragment keys are due before pledging opens (appended: the other values keep their numbers)
    }

    /// @notice The state of one keyholder slot.
    enum SlotStatus {
        Vacant, // no keyholder has enrolled yet
        Enrolled, // deposit posted, key not published
        Published, // share published within the reveal window
        Slashed // a leak of its release key committed before funding was proven; deposit already split
    }

    /**
     * @notice Everything a release is created with. Amounts are in the release's payment token
     * (`token == address(0)` means ETH, in wei).
     * @param token payment token for deposits and pledges, allow-listed in the factory; 0 = ETH
     * @param goal total pledges that fund the release (a pledge takes at most what remains)
     * @param deposit deposit every keyholder posts to enrol
     * @param keyholderFee fee paid from the goal to each keyholder that publishes in the window
     * @param enrolDeadline enrolment is possible while block.timestamp < enrolDeadline
     * @param pledgeDeadline pledging is possible while block.timestamp < pledgeDeadline
     * @param revealWindow seconds after funding during which keys can be published
     * @param secretAddress addr(S), the Ethereum address of the release secret's point S = s*G
     * @param manifestHash SHA-256 of the archive's manifest.json
     * @param commitmentsHash keccak256 of the concatenated Feldman commitments (spec)
     * @param archiveCid the binary CIDv1 of the archive (1..64 bytes)
     * @param groupThresholds M_g for every group g (1 <= M_g <= N_g)
     * @param groupSizes N_g for every group g; slots are numbered group after group
     * @param releaseKeys addr(k_i) of every slot i, sum(N_g) entries, none zero
     * @param shareAddresses addr(P_i) of every slot i: P_i = sum_j C_{g,j} * id^j, the public point of
     *        the slot's Feldman share (id = 1-based identifier within its group); none zero
     * @param fragmentRoot the root of the archive's fragment tree over (index, addr(k_e)) of every
     *        encrypted fragment (archive format v2, spec/archive-format.md)
     * @param fragmentCount F, the number of encrypted fragments (>= 1)
     * @param sampleCount how many fragments the beacon picks (1..MAX_SAMPLES; all F if F is smaller)
     */
    struct Params {
        address token;
        uint96 goal;
        uint96 deposit;
        uint96 keyholderFee;
        uint40 enrolDeadline;
        uint40 pledgeDeadline;
        uint32 revealWindow;
        address secretAddress;
        bytes32 manifestHash;
        bytes32 commitmentsHash;
        bytes archiveCid;
        uint8[] groupThresholds;
        uint8[] groupSizes;
        address[] releaseKeys;
        address[] shareAddresses;
        bytes32 fragmentRoot;
        uint32 fragmentCount;
        uint8 sampleCount;
    }

    /// @notice The current figures of a release, as one view for clients.
    struct Summary {
        State state;
        address artist;
        address token;
        uint96 goal;
        uint96 totalPledged;
        uint96 fanPool;
        uint40 enrolDeadline;
        uint40 pledgeDeadline;
        uint40 revealDeadline;
        uint8 slotCount;
        uint8 enrolledCount;
        uint8 publishedCount;
        bool secretPublished;
    }

    // ---------------------------------------------------------------- errors

    /// @dev The call is not allowed in state `current`; bit i of `allowedStates` is set for every State i that allows it.
    error ReleaseWrongState(State current, uint256 allowedStates);
    /// @dev Only the factory that deployed the implementation may initialise a clone.
    error ReleaseNotFactory(address caller, address factory);
    /// @dev The implementation itself can never be initialised or used.
    error ReleaseIsImplementation();
    /// @dev `secret` is zero, >= the curve order, or not the release secret of `expected`.
    error ReleaseInvalidSecret(address expected);
    /// @dev A creation parameter is out of range; `reason` names it.
    error ReleaseInvalidParams(string reason);
    /// @dev The step's deadline has passed: `timestamp` >= `deadline`.
    error ReleaseDeadlinePassed(uint256 deadline, uint256 timestamp);
    /// @dev The step's deadline has not come yet: `timestamp` < `deadline`.
    error ReleaseDeadlineNotReached(uint256 deadline, uint256 timestamp);
    /// @dev `slot` does not exist in a release of `slotCount` slots.
    error ReleaseUnknownSlot(uint256 slot, uint256 slotCount);
    /// @dev The slot is in status `status`, the call needs `required`.
    error ReleaseWrongSlotStatus(uint256 slot, SlotStatus status, SlotStatus required);
    /// @dev The deposit of `slot` was already paid out.
    error ReleaseAlreadyClaimed(uint256 slot);
    /// @dev The proven leak changes nothing: the keyholder was already slashed in the registry.
    error ReleaseAlreadySlashed(address keyholder);
    /// @dev `caller` is neither `keyholder` nor its registered operator.
    error ReleaseNotKeyholderOrOperator(address caller, address keyholder);
    /// @dev A signature did not recover to `expected` (0 if malformed: high s, bad v, zero address).
    error ReleaseInvalidSignature(address recovered, address expected);
    /// @dev The share is not the one of `slot` (share address `expected`): zero, >= the curve order, or another scalar.
    error ReleaseInvalidShare(uint256 slot, address expected);
    /// @dev The value sent does not match the amount due (ETH), or ETH was sent to a token release.
    error ReleaseWrongValue(uint256 sent, uint256 expected);
    /// @dev An ERC-20 transfer credited `received` instead of `expected` (fee-on-transfer tokens).
    error ReleaseTransferAmountMismatch(uint256 received, uint256 expected);
    /// @dev A pledge of `amount` exceeds the `remaining` amount to reach the goal (pledges are refused, not trimmed).
    error ReleasePledgeExceedsGoal(uint256 amount, uint256 remaining);
    /// @dev A zero amount.
    error ReleaseZeroAmount();
    /// @dev A zero address where an address is required.
    error ReleaseZeroAddress();
    /// @dev `account` has nothing to claim.
    error ReleaseNothingToClaim(address account);
    /// @dev An ETH payment of `amount` to `to` failed.
    error ReleaseEthTransferFailed(address to, uint256 amount);
    /// @dev The caller never committed `commitment` in the registry (or revealed other values than it committed).
    error ReleaseUnknownCommitment(bytes32 commitment);
    /// @dev The commitment of block `committedAt` was made while the release was `stateThen`: keys were due
    /// (Funded, Released) or it was settled, so the key may have been public.
    error ReleaseCommittedWhileKeysDue(State stateThen, uint256 committedAt);
    /// @dev The reveal came at `timestamp`, after its window closed at `closedAt`.
    error ReleaseRevealWindowClosed(uint256 closedAt, uint256 timestamp);
    /// @dev A slot already slashed is only taken over by an earlier commitment: `sequence` is not below `winning`.
    error ReleaseCommitmentNotEarlier(uint256 sequence, uint256 winning);
    /// @dev `account` has no credit to withdraw.
    error ReleaseNoCredit(address account);
    /// @dev The sampling beacon is the hash of block `beaconBlock`, not mined before block `blockNumber` (now).
    error ReleaseBeaconNotMined(uint256 beaconBlock, uint256 blockNumber);
    /// @dev The hash of `beaconBlock` is no longer available (more than 256 blocks ago at `blockNumber`): the release can only be cancelled.
    error ReleaseBeaconLost(uint256 beaconBlock, uint256 blockNumber);
    /// @dev The samples were already drawn.
    error ReleaseSamplesAlreadyDrawn();
    /// @dev The samples were not drawn yet ({drawSamples}).
    error ReleaseSamplesNotDrawn();
    /// @dev `given` keys or proofs were given for `expected` samples.
    error ReleaseWrongSampleCount(uint256 given, uint256 expected);
    /// @dev Sample number `sample` (fragment `fragment`): the key is not in [1, n-1] or its address is not that leaf of the fragment tree.
    error ReleaseInvalidSample(uint256 sample, uint256 fragment);

    // ---------------------------------------------------------------- events

    /// @notice The release was initialised with `params` by the factory for `artist`.
    event ReleaseInitialized(address indexed artist, Params params);
    /// @notice The release moved from `previous` to `current`.
    event StateChanged(State previous, State current);
    /// @notice `keyholder` took `slot` (release key `releaseKey`) and posted `deposit`.
    event KeyholderEnrolled(uint256 indexed slot, address indexed keyholder, address releaseKey, uint256 deposit);
    /// @notice `fan` pledged `amount`; the release now holds `totalPledged`.
    event Pledged(address indexed fan, uint256 amount, uint256 totalPledged);
    /// @notice The release was funded; keys may be published until `revealDeadline` (exclusive).
    event Funded(uint256 fundedAt, uint256 revealDeadline);
    /// @notice The share `share` of `slot` was published; its group now holds `groupPublished` shares.
    event SharePublished(uint256 indexed slot, uint256 indexed group, uint256 share, uint256 groupPublished);
    /// @notice The shares of `group` recombined to the release secret `secret` (checked against addr(S)).
    event SecretRecovered(uint256 indexed group, uint256 secret);
    /// @notice The M_g shares of `group` do not recombine to the release secret: the artist's share
    /// addresses do not lie on one polynomial through S. The group never releases the work; its
    /// later shares are still accepted (and paid) but recombination is not tried again.
    event GroupInvalid(uint256 indexed group);
    /// @notice The release secret `secret` was published (by the artist or anyone holding it).
    event SecretPublished(uint256 secret);
    /// @notice A leak of the release key of `slot` (held by `keyholder`) was proven for `beneficiary`.
    /// `bounty` went to the beneficiary, `toFans` to the fans' pool, `burned` is locked forever.
    event LeakProven(
        uint256 indexed slot,
        address indexed keyholder,
        address indexed beneficiary,
        uint256 bounty,
        uint256 toFans,
        uint256 burned
    );
    /// @notice The bounty of `slot` now goes to `beneficiary`, whose commitment `sequence` was earlier
    /// than that of the accusation that slashed it (the deposit's split is unchanged).
    event AccusationSuperseded(uint256 indexed slot, address indexed beneficiary, uint256 sequence);
    /// @notice A payment of `amount` to `to` failed and was credited to it ({withdrawCredit}).
    event PaymentCredited(address indexed to, uint256 amount);
    /// @notice `to` withdrew its credit of `amount`.
    event CreditWithdrawn(address indexed to, uint256 amount);
    /// @notice The fans' pool grew by `amount` to `fanPool` (slashed deposits and unearned fees).
    event FanPoolIncreased(uint256 amount, uint256 fanPool);
    /// @notice `fan` was paid `amount` (its refund on failure, or its share of the fans' pool).
    event RefundClaimed(address indexed fan, uint256 amount);
    /// @dev The bounty of slashed `slot` was paid to its bound `beneficiary`.
    event BountyClaimed(uint256 indexed slot, address indexed beneficiary, uint256 amount);
    /// @notice The keyholder of `slot` was paid `amount` at `payout`; `reputation` went to the registry for it.
    event DepositClaimed(uint256 indexed slot, address indexed keyholder, address payout, uint256 amount, uint256 reputation);
    /// @notice The artist was paid its fixed fee `amount` at `artist`.
    event ArtistFeeClaimed(address indexed artist, uint256 amount);
    /// @notice The beacon `seed` picked the encrypted fragments `fragments`, whose keys are due before `revealBy`.
    event SamplesDrawn(bytes32 seed, uint256[] fragments, uint256 revealBy);
    /// @notice The keys of the sampled `fragments` (in the same order), checked against the fragment tree: fans decrypt them now.
    event SamplesRevealed(uint256[] fragments, uint256[] keys);
    /// @notice The secret is out, but the sample keys revealed before pledging are not the ones it
    /// derives: the work was sealed to other keys. The release failed; every pledge and deposit returns.
    event SampleKeysNotDerived();
    // ---------------------------------------------------------------- lifecycle

    /**
     * @notice Initialises a fresh clone. Called by the factory in the creating transaction.
     * Requirements:
     * - the caller is the factory that deployed the implementation; the clone is uninitialised;
     * - `params` are valid (see spec/release-protocol.md, "Creation").
     * Emits a {ReleaseInitialized} and a {StateChanged} event.
     */
    function initialize(address artist, Params calldata params) external;

    /**
     * @notice Takes `slot` for `keyholder` with its deposit and the acceptance signed by the
     * slot's release key. The release opens when the last slot is taken.
     * Requirements:
     * - state Enrolling and block.timestamp < enrolDeadline;
     * - the slot is Vacant; `keyholder` is registered and not slashed in the registry;
     * - the caller is `keyholder` or its registered operator;
     * - `signature` (65 bytes r,s,v) is an EIP-712 `Acceptance(address keyholder,uint256 slot,bytes32
     *   termsHash)` by the slot's release key, over this release's {termsHash}: every term it accepts;
     * - msg.value == deposit for ETH releases; for token releases msg.value == 0 and exactly
     *   `deposit` tokens arrive (the caller approved them).
     * Emits a {KeyholderEnrolled} event and, for the last slot, a {StateChanged} event.
     */
    function enrol(uint256 slot, address keyholder, bytes calldata signature) external payable;

    /**
     * @notice Pledges up to `amount` towards the goal: it takes `min(amount, goal - totalPledged)`,
     * so a pledge that a smaller one front-ran still funds the release (spec §5). For ETH the
     * excess of msg.value is sent back (credited for {withdrawCredit} if the caller rejects it); for
     * tokens only the amount taken is transferred. Funds the release when the goal is reached.
     * Requirements:
     * - state Open and block.timestamp < pledgeDeadline; `amount` > 0;
     * - msg.value == amount for ETH; for tokens msg.value == 0 and exactly the amount taken arrives.
     * Emits a {Pledged} event (with the amount taken) and, when the goal is reached, {Funded} and
     * {StateChanged} events.
     * @return taken the amount pledged
     */
    function pledge(uint256 amount) external payable returns (uint256 taken);

    /**
     * @notice Publishes the Feldman share `share` of `slot` (anyone may submit it). The share is
     * stored; when its group (in state Funded, not known invalid) then holds exactly M_g shares, the
     * contract interpolates s at 0 and, if addr(s*G) == secretAddress, the release is Released and s
     * is logged; otherwise the group is marked invalid. The release key is never published.
     * Requirements:
     * - state Funded or Released and block.timestamp < revealDeadline;
     * - a block after the funding block (a commitment of that block is judged as Open, spec §6.3);
     * - the slot is Enrolled (not slashed, its share not yet published);
     * - 0 < share < n (secp256k1 order) and addr(share*G) is the slot's share address.
     * Emits a {SharePublished} event and, when a group completes, a {SecretRecovered} and a
     * {StateChanged} event, or a {GroupInvalid} event.
     */
    function publishShare(uint256 slot, uint256 share) external;

    /**
     * @notice Publishes the release secret `secret` itself, making the release decryptable.
     * Requirements:
     * - state Funded and block.timestamp < revealDeadline;
     * - 0 < secret < n and addr(secret*G) == secretAddress.
     * Emits a {SecretPublished} and a {StateChanged} event.
     */
    function authorRelease(uint256 secret) external;

    /**
     * @notice Reveals an accusation the caller committed in the registry
     * ({IKeyholderRegistry-commitAccusation} of {IKeyholderRegistry-accusationCommitment}): the release key of `slot`
     * leaked, and `signature` is an EIP-712 `LeakProof` signed by that key, bound to `beneficiary`.
     * It is judged by the release's state at the start of the commitment's block (spec §6.3), so
     * nothing done after the commitment (funding, expiring, cancelling, publishing) changes it:
     * - committed in Enrolling: the deposit is split 50% bounty, 50% burned; in Open: 50% bounty,
     *   25% to the fans' pool, 25% burned; the slot is Slashed (also if it was Published since);
     * - committed in Cancelled or Failed: only the registry slashes the keyholder;
     * - committed in Funded, Released or Settled: refused.
     * An already slashed slot is taken over by an earlier commitment (lower sequence) within
     * {ACCUSATION_WINDOW} of its first reveal: the bounty and the registry's reward go to the new
     * beneficiary. The bounty is paid by {claimBounty} once that window has passed.
     * Requirements:
     * - the caller committed exactly these values; `beneficiary` != 0; the signature recovers (low s,
     *   v in {27,28}) to the slot's release key for the slot's keyholder;
     * - a deposit is only slashed until {ACCUSATION_WINDOW} after the release ended;
     * - committed in Cancelled or Failed: the slot is Enrolled and the registry did not ignore the report.
     * Emits a {LeakProven} or {AccusationSuperseded} event.
     */
    function accuse(uint256 slot, address beneficiary, bytes calldata signature, bytes32 salt) external;

    /**
     * @notice Pays the bounty of `slot`, slashed by {accuse}, to the beneficiary of the winning
     * commitment; anyone may call it, in any state, and the money can only go to that beneficiary.
     * Requirements: the slot is Slashed, its bounty was not paid yet, and {ACCUSATION_WINDOW} has
     * passed since the accusation's first reveal (an earlier commitment may still take it over until then).
     * Emits a {BountyClaimed} event.
     */
    function claimBounty(uint256 slot) external;

    /**
     * @notice Pays the caller what a failed payment (a deposit its payout address rejected)
     * credited to it.
     * Requirements: a non-zero credit.
     * Emits a {CreditWithdrawn} event.
     */
    function withdrawCredit() external;

    /**
     * @notice Fixes the samples (anyone): the seed is the hash of block `beaconBlock` =
     * {SAMPLE_DELAY} blocks after the one that enrolled the last slot, which nobody could know when
     * the archive and its fragment root were fixed; the sampled fragments follow from it by the
     * sample rule (spec §4.1). The keys are due {SAMPLE_WINDOW} from now.
     * Requirements: state Sampling, not drawn yet, beaconBlock < block.number <= beaconBlock + 256.
     * Emits a {SamplesDrawn} event.
     */
    function drawSamples() external;

    /**
     * @notice Reveals the keys k_e of the sampled fragments (anyone holding them: the artist), one
     * per sample in the order of {SamplesDrawn}, each with its proof in the fragment tree. Pledging
     * opens. The keys are public from now on; they reveal nothing about s or other fragments.
     * Requirements: state Sampling, drawn, block.timestamp < revealBy; exactly min(sampleCount,
     * fragmentCount) keys and proofs; each key in [1, n-1] with addr(key*G) the fragment's leaf.
     * Emits a {SamplesRevealed} and a {StateChanged} event.
     */
    function revealSamples(uint256[] calldata keys, bytes32[][] calldata proofs) external;

    /**
     * @notice Cancels a release whose enrolment did not complete in time, or whose samples were
     * not revealed in time (or whose beacon was lost, never drawn within 256 blocks). Deposits return.
     * Requirements: state Enrolling and block.timestamp >= enrolDeadline; or state Sampling and
     * either drawn and block.timestamp >= revealBy, or not drawn and block.number > beaconBlock + 256.
     * Emits a {StateChanged} event.
     */
    function cancel() external;

    /**
     * @notice Fails a release that was not funded in time.
     * Requirements: state Open and block.timestamp >= pledgeDeadline.
     * Emits a {StateChanged} event.
     */
    function expire() external;

    /**
     * @notice Closes the reveal window: Released -> Settled, or Funded -> Failed when no group
     * reached its threshold and the secret was not published. Non-revealers' deposits and every
     * unearned fee go to the fans' pool.
     * Requirements: state Funded or Released and block.timestamp >= revealDeadline.
     * Emits a {StateChanged} and, if the pool grew, a {FanPoolIncreased} event.
     */
    function settle() external;

    /**
     * @notice Pays the caller what it is owed as a fan: its pledge plus its pro-rata share of the
     * fans' pool after failure, or its share of the fans' pool after settlement.
     * Requirements: state Failed or Settled; the caller is owed a non-zero amount; once per fan.
     * Emits a {RefundClaimed} event.
     */
    function claimRefund() external;

    /**
     * @notice Pays the keyholder of `slot` (at its registry payout address) what it is owed and
     * releases the slot in the registry. Anyone may call it. If the payout address rejects the
     * payment it is credited to it ({withdrawCredit}) and the slot is released all the same.
     * Requirements: state Settled, Failed or Cancelled, and {ACCUSATION_WINDOW} has passed since it
     * ended (an accusation committed before the end may still be revealed until then); the slot
     * is Enrolled or Published and unclaimed.
     * Emits a {DepositClaimed} event.
     */
    function claimDeposit(uint256 slot) external;

    /**
     * @notice Pays the artist its fixed fee. Anyone may call it.
     * Requirements: state Settled; not yet paid.
     * Emits an {ArtistFeeClaimed} event.
     */
    function claimArtistFee() external;

    // ---------------------------------------------------------------- views
    // Answered by {ReleaseViews} through Release's fallback (spec §1), except {state}.

    /// @notice The current state.
    function state() external view returns (State);

    /// @notice The current figures in one call.
    function summary() external view returns (Summary memory);

    /// @notice The creation parameters, as initialised (release keys and groups included).
    function params() external view returns (Params memory);

    /// @notice The artist that created the release and receives the fixed fee.
    function artist() external view returns (address);

    /// @notice Slot `slot`: its group, release key, keyholder (0 while vacant), status and whether it was paid out.
    /// @notice The beneficiary of the bounty of `slot` (that of the winning commitment so far), the
    /// amount still owed to it (0 once paid or if none is owed) and from when {claimBounty} pays it.
    function bountyOf(uint256 slot) external view returns (address beneficiary, uint256 amount, uint256 claimableAt);

    /// @notice The keyholder registry this release reports to (where accusations are committed).
    function registry() external view returns (address);

    /// @notice What failed payments credited to `account`, withdrawable with {withdrawCredit}.
    function creditOf(address account) external view returns (uint256);

    /// @notice The group, release key, keyholder and status of `slot`, and whether it was paid out
    /// (for a Slashed slot: whether its bounty was paid).
    function slotInfo(uint256 slot)
        external
        view
        returns (uint256 group, address releaseKey, address keyholder, SlotStatus status, bool claimed);

    /// @notice The published share of `slot` (0 while none is).
    function shareOf(uint256 slot) external view returns (uint256);

    /// @notice Group `group`: threshold M, size N, and how many of its shares were published.
    function groupInfo(uint256 group) external view returns (uint256 threshold, uint256 size, uint256 published);

    /// @notice What `fan` pledged (0 after its refund was claimed).
    function pledgeOf(address fan) external view returns (uint256);

    /// @notice The artist's fixed fee: goal - keyholderFee * slots - reputation share of the goal.
    function artistFee() external view returns (uint256);

    /// @notice Whether the release is decryptable: the secret is on chain (recombined from a group's shares, or published).
    function isDecryptable() external view returns (bool);

    /// @notice The EIP-712 digest a release key signs to accept `slot` for `keyholder` on exactly this
    /// release's terms ({termsHash}).
    function acceptanceDigest(uint256 slot, address keyholder) external view returns (bytes32);

    /// @notice The EIP-712 digest a leaked release key signs to prove a leak of `keyholder` for `beneficiary`.
    function leakProofDigest(address keyholder, address beneficiary) external view returns (bytes32);

    /// @notice The EIP-712 domain separator (chain id and this clone's own address).
    function domainSeparator() external view returns (bytes32);

    /**
     * @notice The sampling of this release: the beacon block (0 before the sampling stage), the
     * seed and the deadline of the keys (0 before {drawSamples}), and the sampled fragments (empty
     * before {drawSamples}).
     */
    function samples() external view returns (uint256 beaconBlock, bytes32 seed, uint256 revealBy, uint256[] memory fragments);

    /**
     * @notice Whether the sample keys revealed by {revealSamples} are the keys `secret` derives for
     * the sampled fragments (archive-format.md section 6). False before they are revealed. The
     * release asks this itself when the secret comes out, and fails if not (spec §4.1).
     */
    function sampleKeysDeriveFrom(uint256 secret) external view returns (bool);

    /// @notice Blocks between the one that enrolled the last slot and the beacon block.
    // solhint-disable-next-line func-name-mixedcase
    function SAMPLE_DELAY() external pure returns (uint256);

    /// @notice How long after {drawSamples} the sampled keys may be revealed.
    // solhint-disable-next-line func-name-mixedcase
    function SAMPLE_WINDOW() external pure returns (uint256);

    /// @notice Most samples a release can ask for.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_SAMPLES() external pure returns (uint256);

    /// @notice keccak256(abi.encode(artist, params)): the terms an enrolment `Acceptance` signs (spec §4).
    function termsHash() external view returns (bytes32);

    /// @notice What accounts other than the artist, the keyholders and their payout addresses
    /// pledged: the part of the funding that the release's own parties did not provide (spec §9.1).
    function outsidePledged() external view returns (uint256);

    /// @notice Share of the goal paid to the registry's reputation fund, in basis points.
    // solhint-disable-next-line func-name-mixedcase
    function REPUTATION_BPS() external pure returns (uint256);

    /// @notice Most keyholder slots a release can have.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_SLOTS() external pure returns (uint256);

    /// @notice Most keyholder groups a release can have.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_GROUPS() external pure returns (uint256);

    /// @notice How long after a release ends an accusation committed before the end may still slash
    /// a deposit (deposits wait for it), and how long after an accusation's first reveal an earlier
    /// commitment may take it over (its bounty waits for it).
    // solhint-disable-next-line func-name-mixedcase
    function ACCUSATION_WINDOW() external pure returns (uint256);
}
