// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Test} from "../utils/Test.sol";
import {InvariantHandler} from "./InvariantHandler.sol";
import {Feldman} from "../utils/Feldman.sol";
import {BlocklistToken} from "../mocks/Tokens.sol";
import {TogglingPayee} from "../mocks/Receivers.sol";
import {ReleaseFactory} from "../../contracts/ReleaseFactory.sol";
import {ReleaseViews} from "../../contracts/ReleaseViews.sol";
import {IRelease} from "../../contracts/interfaces/IRelease.sol";
import {IKeyholderRegistry} from "../../contracts/interfaces/IKeyholderRegistry.sol";
import {Secp256k1} from "../../contracts/libraries/Secp256k1.sol";

/**
 * @notice Invariants of the keyholder registry (spec §9) over random interleavings of everything
 * that moves its money or its records (1,024 runs x depth 128 in the CI profile): keyholders
 * register, stake, withdraw after their cool-down, enrol in releases that end every way (cancel
 * while enrolling or in Sampling, expire, settle Failed or Settled; the samples drawn and revealed
 * after the last enrolment) and claim their deposits (which credits reputation and closes
 * the enrolment), accusations are committed and revealed (an earlier commitment superseding a
 * later one), snitch rewards are claimed, and a payee that rejects ETH (or that the token
 * blocklists) has its reward credited and withdraws it later. Checked after every call:
 * - solvency: the registry's balance of every asset covers every stake, earned reputation and
 *   credit it owes (the ghost ledger), and equals exactly that plus the halves of slashed balances
 *   locked forever;
 * - conservation: balance + paid out == paid in, per asset;
 * - the ghost ledger is the registry's: every keyholder's balance, open releases, cool-down,
 *   slash and snitch beneficiary (earliest commitment wins), every payee's credit;
 * - nothing is paid twice (a second claim of a reward, credit or deposit pays nothing).
 * Run once with ETH releases ({RegistryInvariantTest}) and once with ERC-20 releases
 * ({RegistryInvariantTokenTest}: reputation in the token, stakes in ETH, so both ledgers).
 */
abstract contract RegistryInvariantBase is Test {
    /// @dev The smallest invariant depth of any test profile (hardhat.config.js).
    uint256 private constant MIN_DEPTH = 100;

    RegistryHandler private handler;
    /// @dev The handler's actions, in the order of its success counters.
    bytes4[] private _selectors;

    /// @dev The payment token of every release of the campaign (0: ETH), allow-listed by `factory`.
    function _token(ReleaseFactory factory) internal virtual returns (address);

    function setUp() public {
        vm.warp(1_700_000_000);
        ReleaseFactory factory = new ReleaseFactory(address(this), address(new ReleaseViews()));
        handler = new RegistryHandler(factory, _token(factory));
        targetContract(address(handler));
        bytes4[] storage selectors = _selectors;
        selectors.push(RegistryHandler.register.selector);
        selectors.push(RegistryHandler.stake.selector);
        selectors.push(RegistryHandler.withdraw.selector);
        selectors.push(RegistryHandler.enrol.selector);
        selectors.push(RegistryHandler.endRelease.selector);
        selectors.push(RegistryHandler.claimDeposit.selector);
        selectors.push(RegistryHandler.commitAccusation.selector);
        selectors.push(RegistryHandler.accuse.selector);
        selectors.push(RegistryHandler.claimSnitchReward.selector);
        selectors.push(RegistryHandler.withdrawCredit.selector);
        selectors.push(RegistryHandler.supersede.selector);
        selectors.push(RegistryHandler.drawSamples.selector);
        selectors.push(RegistryHandler.revealSamples.selector);
        selectors.push(RegistryHandler.cancelSampling.selector);
        require(selectors.length == handler.ACTIONS(), "one selector per action");
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev One invariant function checks every property, so each random call sequence is generated once.
    function invariant_RegistrySolventConservedLedgerExactNoDoublePayment() public view {
        _checkTotals();
        address[] memory touched = handler.touched();
        for (uint256 i; i < touched.length; ++i) {
            _checkAccount(touched[i]);
        }
    }

    function afterInvariant() public view {
        _checkTotals();
        uint256 count = handler.keyholderCount();
        for (uint256 i; i < count; ++i) {
            _checkAccount(handler.keyholders(i));
        }
        _checkAccount(address(handler.payee()));
        // Only full-length runs must have used every action they called (shrunk replays are
        // shorter); a call counts even if its action reverted (InvariantHandler._run).
        if (handler.calls() < MIN_DEPTH) return;
        for (uint256 a; a < handler.ACTIONS(); ++a) {
            if (handler.attempts(_selectors[a]) == 0) continue; // not drawn in this run
            vm.assertGt(handler.successes(a), 0, string.concat("handler action never succeeded: #", vm.toString(a)));
        }
        // A claimed deposit credits reputation (the run's first claim is of a published slot of a
        // Settled release); a withdrawn credit was a rejected reward (withdrawCredit's own check).
        if (handler.successes(5) != 0) vm.assertGt(handler.reputationCredits(), 0, "no reputation was ever credited");
        if (handler.successes(9) != 0) vm.assertGt(handler.creditedRewards(), 0, "no rejected reward was credited");
    }

    function _checkTotals() private view {
        vm.assertFalse(handler.doublePaid(), "no double payment: a reward, credit or deposit was paid twice");
        vm.assertFalse(handler.misPaid(), "every payment moved what the ghost ledger expects; an earlier commitment supersedes");
        IKeyholderRegistry registry = handler.registry();
        for (uint256 i; i < 2; ++i) {
            address asset = i == 0 ? address(0) : handler.token();
            if (i == 1 && asset == address(0)) break;
            uint256 balance = handler.balanceOf(asset, address(registry));
            uint256 owed = handler.ghostOwed(asset);
            vm.assertGe(balance, owed, "solvency: the registry's balance covers every stake, reputation and credit");
            vm.assertEq(balance, owed + handler.ghostLocked(asset), "the registry holds what it owes plus locked halves");
            vm.assertEq(
                balance + handler.ghostOut(asset), handler.ghostIn(asset), "conservation: balance + paid out == paid in"
            );
        }
    }

    /// @dev The registry's record of `account` is the ghost ledger's.
    function _checkAccount(address account) private view {
        IKeyholderRegistry registry = handler.registry();
        for (uint256 i; i < 2; ++i) {
            address asset = i == 0 ? address(0) : handler.token();
            if (i == 1 && asset == address(0)) break;
            vm.assertEq(registry.balanceOf(account, asset), handler.ghostBalance(account, asset), "ledger: balance");
            vm.assertEq(registry.creditOf(account, asset), handler.ghostCredit(account, asset), "ledger: credit");
        }
        if (!handler.isKeyholder(account)) return;
        IKeyholderRegistry.Profile memory p = registry.profile(account);
        vm.assertEq(p.openReleases, handler.ghostOpen(account), "ledger: open releases");
        vm.assertEq(p.coolDownEnds, handler.ghostCoolDown(account), "ledger: cool-down");
        vm.assertEq(p.slashed, handler.ghostSlashed(account), "ledger: slashed");
        vm.assertEq(p.snitchBeneficiary, handler.ghostBeneficiary(account), "ledger: snitch beneficiary (earliest wins)");
    }
}

/// @notice The registry campaign with ETH releases.
contract RegistryInvariantTest is RegistryInvariantBase {
    function _token(ReleaseFactory) internal pure override returns (address) {
        return address(0);
    }
}

/// @notice The registry campaign with releases in an allow-listed ERC-20 that blocklists the payee.
contract RegistryInvariantTokenTest is RegistryInvariantBase {
    function _token(ReleaseFactory factory) internal override returns (address token) {
        token = address(new BlocklistToken());
        factory.setTokenAllowed(token, true);
    }
}

/**
 * @notice Drives the registry through releases of one 2-of-3 group (all in ETH, or all in one
 * ERC-20). Each action is self-sufficient: it acts where it applies, or sets up (new keyholders,
 * releases, accusations) until it does, so the success counters prove the run was not vacuous. It
 * keeps an independent ledger (ghosts) of every base unit the registry receives, owes, locks and
 * pays, from the spec's rules (§8, §9), and of every keyholder record.
 */
contract RegistryHandler is InvariantHandler {
    uint256 public constant ACTIONS = 14;
    uint96 public constant GOAL = 10 ether;
    uint96 public constant DEPOSIT = 1 ether;
    uint96 public constant FEE = 0.1 ether;
    uint256 public constant SLOTS = 3;
    uint256 private constant N = Secp256k1.ORDER;
    uint256 private constant COOL_DOWN = 7 days;
    uint256 private constant FAILED_LOCK = 180 days;

    struct Pending {
        IRelease release;
        uint256 slot;
        address beneficiary;
        bytes proof;
        bytes32 salt;
        address committer;
        uint256 sequence;
    }

    ReleaseFactory public factory;
    IKeyholderRegistry public registry;
    address public artist;
    address public fan;
    /// @notice Rejects ETH, and is blocklisted by the token, except while it withdraws its credit.
    TogglingPayee public payee;
    address[3] private _committers;
    address[3] private _beneficiaries;

    IRelease[] private _releases;
    mapping(IRelease => uint256) private _endedAt;
    address[] public keyholders;
    mapping(address => bool) public isKeyholder;
    Pending[] private _pending;
    address[] private _touched;
    uint256 private _nonce;

    mapping(address asset => uint256) public ghostIn;
    mapping(address asset => uint256) public ghostOut;
    /// @notice Halves of slashed balances the registry keeps forever.
    mapping(address asset => uint256) public ghostLocked;
    /// @notice Sum of every ghost balance and credit: what the registry owes.
    mapping(address asset => uint256) public ghostOwed;
    mapping(address account => mapping(address asset => uint256)) public ghostBalance;
    mapping(address account => mapping(address asset => uint256)) public ghostCredit;
    mapping(address keyholder => uint256) public ghostOpen;
    mapping(address keyholder => uint256) public ghostCoolDown;
    mapping(address keyholder => bool) public ghostSlashed;
    mapping(address keyholder => address) public ghostBeneficiary;
    mapping(address keyholder => uint256) private _ghostSequence;
    mapping(address keyholder => mapping(address asset => bool)) private _rewardPaid;

    /// @notice Set if any second claim of a reward, credit or deposit ever succeeded or paid.
    bool public doublePaid;
    /// @notice Set if a payment moved other than what the ghost ledger expected, or an earlier
    /// commitment failed to supersede a later one.
    bool public misPaid;
    uint256[ACTIONS] public successes;
    uint256 public reputationCredits;
    uint256 public supersessions;
    uint256 public creditedRewards;

    constructor(ReleaseFactory factory_, address token_) InvariantHandler(token_) {
        factory = factory_;
        registry = IKeyholderRegistry(factory_.registry());
        artist = vm.addr(0xA127);
        fan = vm.addr(0xFA0);
        payee = new TogglingPayee();
        if (token_ != address(0)) BlocklistToken(token_).setBlocked(address(payee), true);
        for (uint256 i; i < 3; ++i) {
            _committers[i] = vm.addr(0xC0 + i);
        }
        (_beneficiaries[0], _beneficiaries[1], _beneficiaries[2]) = (vm.addr(0xB0), vm.addr(0xB1), address(payee));
        for (uint256 i; i < 3; ++i) {
            _newKeyholder();
        }
    }

    // ================================================================ actions (fuzz targets)

    function register(uint256 seed) external {
        _run(abi.encodeCall(this.doRegister, (seed)));
    }

    /// @dev The action itself, run by {register}.
    function doRegister(uint256 seed) external onlySelf {
        _beginAction();
        _newKeyholder();
        ++successes[0];
    }

    function stake(uint256 seed, uint256 amount) external {
        _run(abi.encodeCall(this.doStake, (seed, amount)));
    }

    /// @dev The action itself, run by {stake}.
    function doStake(uint256 seed, uint256 amount) external onlySelf {
        _beginAction();
        address k = _findKeyholder(seed, _isActive);
        if (k == address(0)) k = _newKeyholder();
        _stake(k, _bound(amount, 1, 10 ether));
        ++successes[1];
    }

    function withdraw(uint256 seed, uint256 amount) external {
        _run(abi.encodeCall(this.doWithdraw, (seed, amount)));
    }

    /// @dev The action itself, run by {withdraw}.
    function doWithdraw(uint256 seed, uint256 amount) external onlySelf {
        _beginAction();
        address k = _findKeyholder(seed, _canWithdraw);
        if (k == address(0)) {
            k = _newKeyholder();
            _stake(k, 1 + seed % 10 ether);
        }
        if (block.timestamp < ghostCoolDown[k]) vm.warp(ghostCoolDown[k]);
        address asset = _assetWithBalance(k, seed);
        uint256 value = _bound(amount, 1, ghostBalance[k][asset]);
        address to = registry.payoutOf(k);
        uint256 before = balanceOf(asset, to);
        vm.prank(k);
        registry.withdraw(asset, value);
        if (balanceOf(asset, to) - before != value) misPaid = true;
        _debit(k, asset, value);
        ghostOut[asset] += value;
        ++successes[2];
    }

    function enrol(uint256 seed) external {
        _run(abi.encodeCall(this.doEnrol, (seed)));
    }

    /// @dev The action itself, run by {enrol}.
    function doEnrol(uint256 seed) external onlySelf {
        _beginAction();
        IRelease r = _findRelease(seed, _canEnrol);
        if (address(r) == address(0)) r = _newRelease();
        address k = _findKeyholder(seed, _isActive);
        if (k == address(0)) k = _newKeyholder();
        _enrol(r, _vacantSlot(r, seed), k);
        ++successes[3];
    }

    /// @notice Ends a release (a new one if none is pending): cancel, expire, or fund, publish 0-3
    /// shares and settle (Failed or Settled), by `seed` and by which deadlines have passed.
    function endRelease(uint256 seed) external {
        _run(abi.encodeCall(this.doEndRelease, (seed)));
    }

    /// @dev The action itself, run by {endRelease}.
    function doEndRelease(uint256 seed) external onlySelf {
        _beginAction();
        IRelease r = _findRelease(seed, _isPending);
        if (address(r) == address(0)) r = _newRelease();
        _end(r, seed);
        ++successes[4];
    }

    function claimDeposit(uint256 seed) external {
        _run(abi.encodeCall(this.doClaimDeposit, (seed)));
    }

    /// @dev The action itself, run by {claimDeposit}.
    function doClaimDeposit(uint256 seed) external onlySelf {
        _beginAction();
        if (reputationCredits == 0) {
            // The run's first claim credits reputation: a release settled with slots 0 and 1 published.
            IRelease settled = _newRelease(true);
            for (uint256 i; i < SLOTS; ++i) {
                _enrol(settled, i, _activeOrNew(seed / 2 + i));
            }
            _end(settled, 2);
            _claimDeposit(settled, seed % 2);
            ++successes[5];
            return;
        }
        IRelease r = _findRelease(seed, _hasClaimableSlot);
        if (address(r) == address(0)) {
            r = _newRelease();
            _enrol(r, seed % SLOTS, _activeOrNew(seed));
            _end(r, 0); // seed 0: cancelled
        }
        _claimDeposit(r, _claimableSlot(r, seed));
        ++successes[5];
    }

    function commitAccusation(uint256 seed) external {
        _run(abi.encodeCall(this.doCommitAccusation, (seed)));
    }

    /// @dev The action itself, run by {commitAccusation}.
    function doCommitAccusation(uint256 seed) external onlySelf {
        _beginAction();
        (IRelease r, uint256 slot) = _accusable(seed);
        _commit(r, slot, _committers[seed % 3], _beneficiaries[(seed / 3) % 3]);
        ++successes[6];
    }

    /// @notice Reveals a pending commitment (any order: a lower sequence revealed after a higher one
    /// supersedes it), or commits and reveals a fresh one.
    function accuse(uint256 seed) external {
        _run(abi.encodeCall(this.doAccuse, (seed)));
    }

    /// @dev The action itself, run by {accuse}.
    function doAccuse(uint256 seed) external onlySelf {
        _beginAction();
        for (uint256 j; j < 4 && _pending.length != 0; ++j) {
            uint256 at = (seed % _pending.length + j) % _pending.length;
            Pending memory p = _pending[at];
            _removePending(at);
            if (_tryReveal(p)) {
                ++successes[7];
                return;
            }
        }
        IRelease r = _newRelease();
        uint256 slot = seed % SLOTS;
        _enrol(r, slot, _activeOrNew(seed));
        Pending memory p = _commit(r, slot, _committers[seed % 3], _beneficiaries[seed % 3]);
        _popPending();
        vm.roll(block.number + 1);
        _reveal(p);
        ++successes[7];
    }

    /// @notice Two commitments on one slot, revealed latest first: the earlier one supersedes it, in
    /// the release (bounty) and in the registry (snitch reward).
    function supersede(uint256 seed) external {
        _run(abi.encodeCall(this.doSupersede, (seed)));
    }

    /// @dev The action itself, run by {supersede}.
    function doSupersede(uint256 seed) external onlySelf {
        _beginAction();
        IRelease r = _newRelease();
        uint256 slot = seed % SLOTS;
        address k = _activeOrNew(seed);
        _enrol(r, slot, k);
        Pending memory first = _commit(r, slot, _committers[seed % 3], _beneficiaries[seed % 3]);
        Pending memory later = _commit(r, slot, _committers[(seed % 3 + 1) % 3], _beneficiaries[(seed % 3 + 1) % 3]);
        _popPending();
        _popPending();
        vm.roll(block.number + 1);
        _reveal(later);
        uint256 before = supersessions;
        _reveal(first);
        (address beneficiary,,) = r.bountyOf(slot);
        if (supersessions == before || beneficiary != first.beneficiary) misPaid = true;
        ++successes[10];
    }

    /// @notice Draws the samples of a release in Sampling (of a new one, every slot enrolled, if none).
    function drawSamples(uint256 seed) external {
        _run(abi.encodeCall(this.doDrawSamples, (seed)));
    }

    /// @dev The action itself, run by {drawSamples}.
    function doDrawSamples(uint256 seed) external onlySelf {
        _beginAction();
        IRelease r = _findRelease(seed, _canDraw);
        if (address(r) == address(0)) r = _sampling(seed);
        _draw(r);
        ++successes[11];
    }

    /// @notice Reveals the sampled fragments' keys of a release in Sampling (a wrong key refused first
    /// for a quarter of the seeds): it opens.
    function revealSamples(uint256 seed) external {
        _run(abi.encodeCall(this.doRevealSamples, (seed)));
    }

    /// @dev The action itself, run by {revealSamples}.
    function doRevealSamples(uint256 seed) external onlySelf {
        _beginAction();
        IRelease r = _findRelease(seed, _canRevealSamples);
        if (address(r) == address(0)) {
            r = _findRelease(seed, _canDraw);
            if (address(r) == address(0)) r = _sampling(seed);
            _draw(r);
        }
        if (_revealSamples(r, seed % 4 == 0)) misPaid = true;
        ++successes[12];
    }

    /// @notice Lets a release's sampling lapse (keys overdue, or the beacon lost) and cancels it: every
    /// deposit returns (the keyholders locked for FAILED_LOCK); half the seeds claim them at once.
    function cancelSampling(uint256 seed) external {
        _run(abi.encodeCall(this.doCancelSampling, (seed)));
    }

    /// @dev The action itself, run by {cancelSampling}.
    function doCancelSampling(uint256 seed) external onlySelf {
        _beginAction();
        IRelease r = _findRelease(seed, _inSampling);
        if (address(r) == address(0)) {
            r = _sampling(seed);
            if (seed % 2 == 0) _draw(r);
        }
        _cancelSampling(r);
        if (seed % 4 < 2) {
            for (uint256 slot = _claimableSlot(r, seed); slot != SLOTS; slot = _claimableSlot(r, seed)) {
                _claimDeposit(r, slot);
            }
        }
        ++successes[13];
    }

    function claimSnitchReward(uint256 seed) external {
        _run(abi.encodeCall(this.doClaimSnitchReward, (seed)));
    }

    /// @dev The action itself, run by {claimSnitchReward}.
    function doClaimSnitchReward(uint256 seed) external onlySelf {
        _beginAction();
        address k = _findKeyholder(seed, _hasReward);
        if (k == address(0)) k = _slashedWithReputation(seed, _beneficiaries[seed % 3]);
        if (block.timestamp < ghostCoolDown[k]) vm.warp(ghostCoolDown[k]);
        _claimReward(k, _assetWithBalance(k, seed));
        ++successes[8];
    }

    function withdrawCredit(uint256 seed) external {
        _run(abi.encodeCall(this.doWithdrawCredit, (seed)));
    }

    /// @dev The action itself, run by {withdrawCredit}.
    function doWithdrawCredit(uint256 seed) external onlySelf {
        _beginAction();
        address asset;
        uint256 ethCredit = ghostCredit[address(payee)][address(0)];
        if (token != address(0) && ghostCredit[address(payee)][token] != 0 && (seed % 2 == 1 || ethCredit == 0)) {
            asset = token;
        }
        if (ghostCredit[address(payee)][asset] == 0) {
            address k = _slashedWithReputation(seed, address(payee));
            vm.warp(ghostCoolDown[k]);
            asset = _assetWithBalance(k, seed);
            _claimReward(k, asset);
        }
        uint256 credit = ghostCredit[address(payee)][asset];
        _setPayeeRejecting(false);
        uint256 before = balanceOf(asset, address(payee));
        payee.act(address(registry), abi.encodeCall(IKeyholderRegistry.withdrawCredit, (asset)));
        if (balanceOf(asset, address(payee)) - before != credit) misPaid = true;
        ghostCredit[address(payee)][asset] = 0;
        ghostOwed[asset] -= credit;
        ghostOut[asset] += credit;
        _touch(address(payee));
        before = balanceOf(asset, address(payee));
        try payee.act(address(registry), abi.encodeCall(IKeyholderRegistry.withdrawCredit, (asset))) {
            doublePaid = true;
        } catch {}
        if (balanceOf(asset, address(payee)) != before) doublePaid = true;
        _setPayeeRejecting(true);
        ++successes[9];
    }

    // ================================================================ views for the invariants

    function touched() external view returns (address[] memory) {
        return _touched;
    }

    function keyholderCount() external view returns (uint256) {
        return keyholders.length;
    }

    // ================================================================ registry drivers

    function _beginAction() private {
        vm.roll(block.number + 1);
        vm.warp(block.timestamp + 1);
        delete _touched;
    }

    function _touch(address account) private {
        _touched.push(account);
    }

    function _newKeyholder() private returns (address k) {
        ++_nonce;
        k = vm.addr(0x100000 + _nonce);
        vm.prank(k);
        registry.register(k, vm.addr(0x200000 + _nonce), "https://bot", "terms");
        keyholders.push(k);
        isKeyholder[k] = true;
        _touch(k);
    }

    function _activeOrNew(uint256 seed) private returns (address k) {
        k = _findKeyholder(seed, _isActive);
        if (k == address(0)) k = _newKeyholder();
    }

    function _stake(address k, uint256 amount) private {
        vm.deal(k, amount);
        uint256 before = address(registry).balance;
        vm.prank(k);
        registry.stake{value: amount}();
        if (address(registry).balance - before != amount) misPaid = true;
        _credit(k, address(0), amount);
        ghostIn[address(0)] += amount;
    }

    function _credit(address k, address asset, uint256 amount) private {
        ghostBalance[k][asset] += amount;
        ghostOwed[asset] += amount;
        _touch(k);
    }

    function _debit(address k, address asset, uint256 amount) private {
        ghostBalance[k][asset] -= amount;
        ghostOwed[asset] -= amount;
        _touch(k);
    }

    function _extendCoolDown(address k, uint256 lock) private {
        if (block.timestamp + lock > ghostCoolDown[k]) ghostCoolDown[k] = block.timestamp + lock;
    }

    function _claimReward(address k, address asset) private {
        address beneficiary = ghostBeneficiary[k];
        uint256 balance = ghostBalance[k][asset];
        uint256 reward = balance / 2;
        uint256 paidBefore = balanceOf(asset, beneficiary);
        uint256 creditBefore = registry.creditOf(beneficiary, asset);
        uint256 registryBefore = balanceOf(asset, address(registry));
        registry.claimSnitchReward(k, asset);
        if (_rewardPaid[k][asset]) doublePaid = true;
        _rewardPaid[k][asset] = true;
        uint256 paid = balanceOf(asset, beneficiary) - paidBefore;
        uint256 credited = registry.creditOf(beneficiary, asset) - creditBefore;
        if (paid + credited != reward || registryBefore - balanceOf(asset, address(registry)) != paid) misPaid = true;
        _debit(k, asset, balance);
        ghostLocked[asset] += balance - reward;
        ghostOut[asset] += paid;
        if (credited != 0) {
            ghostCredit[beneficiary][asset] += credited;
            ghostOwed[asset] += credited;
            ++creditedRewards;
            _touch(beneficiary);
        }
        // A second claim must pay nothing.
        paidBefore = balanceOf(asset, beneficiary);
        try registry.claimSnitchReward(k, asset) {
            doublePaid = true;
        } catch {}
        if (balanceOf(asset, beneficiary) != paidBefore) doublePaid = true;
    }

    function _setPayeeRejecting(bool rejecting) private {
        payee.setRejecting(rejecting);
        if (token != address(0)) BlocklistToken(token).setBlocked(address(payee), rejecting);
    }

    /// @dev A new keyholder with an ETH stake and reputation (from a Settled release in which it
    /// published), slashed for `beneficiary` by an accusation committed while its other release was
    /// Enrolling; no release open, so its reward is payable once its cool-down ends.
    function _slashedWithReputation(uint256 seed, address beneficiary) private returns (address k) {
        k = _newKeyholder();
        _stake(k, 2 + seed % 5 ether);
        IRelease settled = _newRelease(true);
        for (uint256 i; i < SLOTS; ++i) {
            _enrol(settled, i, k);
        }
        IRelease leaked = _newRelease();
        _enrol(leaked, 0, k);
        _end(settled, 2); // funded, two shares published, settled
        for (uint256 i; i < SLOTS; ++i) {
            _claimDeposit(settled, i);
        }
        Pending memory p = _commit(leaked, 0, _committers[seed % 3], beneficiary);
        _popPending();
        vm.roll(block.number + 1);
        _reveal(p);
    }

    // ================================================================ accusations

    function _commit(IRelease r, uint256 slot, address committer, address beneficiary)
        private
        returns (Pending memory p)
    {
        (,, address keyholder,,) = r.slotInfo(slot);
        p.release = r;
        p.slot = slot;
        p.beneficiary = beneficiary;
        p.proof = _sign(_keyOf(_indexOf(r), slot), r.leakProofDigest(keyholder, beneficiary));
        p.salt = keccak256(abi.encode("salt", ++_nonce));
        p.committer = committer;
        bytes32 c = registry.accusationCommitment(address(r), slot, beneficiary, p.proof, p.salt, committer);
        vm.prank(committer);
        p.sequence = registry.commitAccusation(c);
        _pending.push(p);
    }

    /// @dev Reveals `p`, which must succeed, and books its effect on the registry.
    function _reveal(Pending memory p) private {
        (bool slashedSlot, address k, uint256 open, uint256 coolDownEnds) = _beforeReveal(p);
        vm.prank(p.committer);
        p.release.accuse(p.slot, p.beneficiary, p.proof, p.salt);
        _afterReveal(p, slashedSlot, k, open, coolDownEnds);
    }

    /// @dev Reveals `p` if the release accepts it (a pending commitment may have gone stale: its slot
    /// slashed by an earlier one, its window closed), booking its effect; false if it was refused.
    function _tryReveal(Pending memory p) private returns (bool) {
        (bool slashedSlot, address k, uint256 open, uint256 coolDownEnds) = _beforeReveal(p);
        vm.prank(p.committer);
        try p.release.accuse(p.slot, p.beneficiary, p.proof, p.salt) {
            _afterReveal(p, slashedSlot, k, open, coolDownEnds);
            return true;
        } catch {
            return false;
        }
    }

    function _beforeReveal(Pending memory p)
        private
        view
        returns (bool slashedSlot, address k, uint256 open, uint256 coolDownEnds)
    {
        IRelease.SlotStatus status;
        (,, k, status,) = p.release.slotInfo(p.slot);
        slashedSlot = status == IRelease.SlotStatus.Slashed;
        (open, coolDownEnds) = (ghostOpen[k], ghostCoolDown[k]);
    }

    /// @dev The registry's side of an accepted reveal (spec §9 `reportLeak`): the first report
    /// slashes; a lower sequence supersedes while no reward is payable; a deposit slash also closes.
    function _afterReveal(Pending memory p, bool slashedSlot, address k, uint256 open, uint256 coolDownEnds)
        private
    {
        (,,, IRelease.SlotStatus status,) = p.release.slotInfo(p.slot);
        bool closes = !slashedSlot && status == IRelease.SlotStatus.Slashed;
        if (!ghostSlashed[k]) {
            ghostSlashed[k] = true;
            (ghostBeneficiary[k], _ghostSequence[k]) = (p.beneficiary, p.sequence);
            _extendCoolDown(k, COOL_DOWN);
        } else if (p.sequence < _ghostSequence[k] && (open != 0 || block.timestamp < coolDownEnds)) {
            (ghostBeneficiary[k], _ghostSequence[k]) = (p.beneficiary, p.sequence);
            ++supersessions;
        }
        if (closes) {
            --ghostOpen[k];
            _extendCoolDown(k, COOL_DOWN);
        }
        _touch(k);
    }

    /// @dev An Enrolled slot of a release that is not Funded, Released or Settled (a commitment then
    /// would be refused), or of a new one.
    function _accusable(uint256 seed) private returns (IRelease r, uint256 slot) {
        uint256 count = _releases.length;
        for (uint256 j; j < count; ++j) {
            r = _releases[(seed % count + j) % count];
            IRelease.State st = r.state();
            if (st == IRelease.State.Funded || st == IRelease.State.Released || st == IRelease.State.Settled) continue;
            slot = _slotWith(r, seed, IRelease.SlotStatus.Enrolled);
            if (slot != SLOTS) return (r, slot);
        }
        r = _newRelease();
        slot = seed % SLOTS;
        _enrol(r, slot, _activeOrNew(seed));
    }

    function _removePending(uint256 at) private {
        _pending[at] = _pending[_pending.length - 1];
        _pending.pop();
    }

    function _popPending() private {
        _pending.pop();
    }

    // ================================================================ release drivers

    function _newRelease() private returns (IRelease r) {
        return _newRelease(false);
    }

    /// @dev A new release; its fragment keys are its secret's if `honest`, else forged every FORGED_EVERY-th.
    function _newRelease(bool honest) private returns (IRelease r) {
        uint256 index = _releases.length;
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
        _setFragments(p, index, _secretOf(index), honest);
        p.groupThresholds = new uint8[](1);
        p.groupSizes = new uint8[](1);
        (p.groupThresholds[0], p.groupSizes[0]) = (2, uint8(SLOTS));
        p.releaseKeys = new address[](SLOTS);
        p.shareAddresses = new address[](SLOTS);
        uint256[] memory shares = Feldman.split(_secretOf(index), 2, SLOTS, index);
        for (uint256 i; i < SLOTS; ++i) {
            p.releaseKeys[i] = vm.addr(_keyOf(index, i));
            p.shareAddresses[i] = vm.addr(shares[i]);
        }
        vm.prank(artist);
        r = IRelease(factory.createRelease(p, bytes32(index)));
        _releases.push(r);
    }

    function _enrol(IRelease r, uint256 slot, address k) private {
        bytes memory acceptance = _sign(_keyOf(_indexOf(r), slot), r.acceptanceDigest(slot, k));
        uint256 value = _fund(k, address(r), DEPOSIT);
        vm.prank(k);
        r.enrol{value: value}(slot, k, acceptance);
        ++ghostOpen[k];
        _touch(k);
    }

    /// @dev Drives `r` to its end: cancelled (while enrolling, or its sampling left to lapse), expired,
    /// or, its samples drawn and revealed, funded with `seed % 4` shares published (2 or more release
    /// it) and settled; a passed deadline forces the step it allows.
    function _end(IRelease r, uint256 seed) private {
        IRelease.Summary memory s = r.summary();
        if (s.state == IRelease.State.Enrolling) {
            // A slot slashed while Enrolling is never vacant again: such a release can only be cancelled.
            if (seed % 3 == 0 || block.timestamp >= s.enrolDeadline || _slotWith(r, 0, IRelease.SlotStatus.Slashed) != SLOTS) {
                if (block.timestamp < s.enrolDeadline) vm.warp(s.enrolDeadline);
                r.cancel();
                _endedAt[r] = block.timestamp;
                return;
            }
            for (uint256 i; i < SLOTS; ++i) {
                (,,, IRelease.SlotStatus status,) = r.slotInfo(i);
                if (status == IRelease.SlotStatus.Vacant) _enrol(r, i, _activeOrNew(seed / 2 + i));
            }
            s = r.summary();
        }
        if (s.state == IRelease.State.Sampling) {
            // Keys overdue or the beacon lost (forced once a lapse passed): cancelled; else drawn and revealed.
            (uint256 beacon,, uint256 revealBy,) = r.samples();
            bool lapsed = revealBy != 0 ? block.timestamp >= revealBy : block.number > beacon + 256;
            if ((seed >> 8) % 3 == 1 || lapsed) {
                _cancelSampling(r);
                return;
            }
            if (revealBy == 0) _draw(r);
            if (_revealSamples(r, false)) misPaid = true;
            s = r.summary();
        }
        if (s.state == IRelease.State.Open) {
            if (seed % 3 == 1 || block.timestamp >= s.pledgeDeadline) {
                if (block.timestamp < s.pledgeDeadline) vm.warp(s.pledgeDeadline);
                r.expire();
                _endedAt[r] = block.timestamp;
                return;
            }
            uint256 value = _fund(fan, address(r), s.goal - s.totalPledged);
            vm.prank(fan);
            r.pledge{value: value}(s.goal - s.totalPledged);
            vm.roll(block.number + 1);
            vm.warp(block.timestamp + 1);
            s = r.summary();
        }
        if (block.timestamp < s.revealDeadline) {
            uint256 index = _indexOf(r);
            uint256[] memory shares = Feldman.split(_secretOf(index), 2, SLOTS, index);
            uint256 toPublish = seed % 4;
            for (uint256 i; i < SLOTS && toPublish != 0; ++i) {
                (,,, IRelease.SlotStatus status,) = r.slotInfo(i);
                if (status != IRelease.SlotStatus.Enrolled) continue;
                r.publishShare(i, shares[i]);
                --toPublish;
                // Forged sample keys: the recombination failed the release (spec §4.1); it has ended.
                if (r.state() == IRelease.State.Failed) {
                    _endedAt[r] = block.timestamp;
                    return;
                }
            }
            vm.warp(s.revealDeadline);
        }
        r.settle();
        _endedAt[r] = block.timestamp;
    }

    /// @dev A new release, every slot enrolled: in Sampling.
    function _sampling(uint256 seed) private returns (IRelease r) {
        r = _newRelease();
        for (uint256 i; i < SLOTS; ++i) {
            _enrol(r, i, _activeOrNew(seed / 2 + i));
        }
    }

    /// @dev Lets the sampling of `r` lapse and cancels it.
    function _cancelSampling(IRelease r) private {
        _lapseSampling(r);
        r.cancel();
        _endedAt[r] = block.timestamp;
    }

    /// @dev Claims the deposit of `slot` of the ended `r` and books the registry's side (spec §8, §9):
    /// reputation R / published for a slot published in a Settled release, the enrolment closed
    /// with the lock of the outcome.
    function _claimDeposit(IRelease r, uint256 slot) private {
        uint256 window = r.ACCUSATION_WINDOW();
        if (block.timestamp < _endedAt[r] + window) vm.warp(_endedAt[r] + window);
        IRelease.Summary memory s = r.summary();
        (,, address k, IRelease.SlotStatus status,) = r.slotInfo(slot);
        bool published = status == IRelease.SlotStatus.Published;
        uint256 reputation;
        // What the payout is owed (spec §8): the deposit returns unless an undelivered release kept it.
        uint256 due;
        if (s.state == IRelease.State.Settled) {
            if (published) (reputation, due) = (uint256(GOAL) / 100 / s.publishedCount, DEPOSIT + FEE);
        } else if (s.state == IRelease.State.Cancelled || s.revealDeadline == 0 || published || s.secretPublished) {
            // Failed with the secret out (forged sample keys, the artist's fault): every deposit returns.
            due = DEPOSIT;
        }
        address asset = token;
        address payout = registry.payoutOf(k);
        uint256 before = balanceOf(asset, address(registry));
        uint256 payoutBefore = balanceOf(asset, payout);
        r.claimDeposit(slot);
        if (balanceOf(asset, address(registry)) - before != reputation) misPaid = true;
        if (balanceOf(asset, payout) - payoutBefore != due) misPaid = true;
        if (reputation != 0) {
            _credit(k, asset, reputation);
            ghostIn[asset] += reputation;
            ++reputationCredits;
        }
        --ghostOpen[k];
        // No leak of a secret that is out can be proven, so only a failure that kept it locks for FAILED_LOCK.
        _extendCoolDown(k, s.state == IRelease.State.Settled || s.secretPublished ? COOL_DOWN : FAILED_LOCK);
        _touch(k);
        before = balanceOf(asset, address(registry));
        try r.claimDeposit(slot) {
            doublePaid = true;
        } catch {}
        if (balanceOf(asset, address(registry)) != before) doublePaid = true;
    }

    // ================================================================ finders

    function _findKeyholder(uint256 seed, function(address) view returns (bool) pred) private view returns (address) {
        uint256 count = keyholders.length;
        for (uint256 j; j < count; ++j) {
            address k = keyholders[(seed % count + j) % count];
            if (pred(k)) return k;
        }
        return address(0);
    }

    function _isActive(address k) private view returns (bool) {
        return !ghostSlashed[k];
    }

    function _canWithdraw(address k) private view returns (bool) {
        return !ghostSlashed[k] && ghostOpen[k] == 0 && _hasBalance(k);
    }

    function _hasReward(address k) private view returns (bool) {
        return ghostSlashed[k] && ghostOpen[k] == 0 && _hasBalance(k);
    }

    function _hasBalance(address k) private view returns (bool) {
        return ghostBalance[k][address(0)] != 0 || (token != address(0) && ghostBalance[k][token] != 0);
    }

    /// @dev An asset `k` has a balance of, the token first for an odd seed.
    function _assetWithBalance(address k, uint256 seed) private view returns (address) {
        if (token != address(0) && ghostBalance[k][token] != 0 && (seed % 2 == 1 || ghostBalance[k][address(0)] == 0))
        {
            return token;
        }
        return address(0);
    }

    function _findRelease(uint256 seed, function(IRelease) view returns (bool) pred) private view returns (IRelease) {
        uint256 count = _releases.length;
        for (uint256 j; j < count; ++j) {
            IRelease r = _releases[(seed % count + j) % count];
            if (pred(r)) return r;
        }
        return IRelease(address(0));
    }

    function _canEnrol(IRelease r) private view returns (bool) {
        IRelease.Summary memory s = r.summary();
        return s.state == IRelease.State.Enrolling && block.timestamp < s.enrolDeadline
            && _vacantSlot(r, 0) != SLOTS;
    }

    function _isPending(IRelease r) private view returns (bool) {
        IRelease.State st = r.state();
        return st == IRelease.State.Enrolling || st == IRelease.State.Sampling || st == IRelease.State.Open
            || st == IRelease.State.Funded || st == IRelease.State.Released;
    }

    function _hasClaimableSlot(IRelease r) private view returns (bool) {
        return _claimableSlot(r, 0) != SLOTS;
    }

    function _claimableSlot(IRelease r, uint256 seed) private view returns (uint256) {
        IRelease.State st = r.state();
        if (st != IRelease.State.Settled && st != IRelease.State.Failed && st != IRelease.State.Cancelled) return SLOTS;
        for (uint256 j; j < SLOTS; ++j) {
            uint256 i = (seed % SLOTS + j) % SLOTS;
            (,,, IRelease.SlotStatus status, bool claimed) = r.slotInfo(i);
            if (!claimed && (status == IRelease.SlotStatus.Enrolled || status == IRelease.SlotStatus.Published)) {
                return i;
            }
        }
        return SLOTS;
    }

    function _vacantSlot(IRelease r, uint256 seed) private view returns (uint256) {
        return _slotWith(r, seed, IRelease.SlotStatus.Vacant);
    }

    function _slotWith(IRelease r, uint256 seed, IRelease.SlotStatus wanted) private view returns (uint256) {
        for (uint256 j; j < SLOTS; ++j) {
            uint256 i = (seed % SLOTS + j) % SLOTS;
            (,,, IRelease.SlotStatus status,) = r.slotInfo(i);
            if (status == wanted) return i;
        }
        return SLOTS;
    }

    // ================================================================ keys

    function _indexOf(IRelease r) private view returns (uint256) {
        for (uint256 i; i < _releases.length; ++i) {
            if (_releases[i] == r) return i;
        }
        revert("unknown release");
    }

    function _keyOf(uint256 index, uint256 slot) private pure returns (uint256) {
        return uint256(keccak256(abi.encode("registry release key", index, slot))) % (N - 1) + 1;
    }

    function _secretOf(uint256 index) private pure returns (uint256) {
        return uint256(keccak256(abi.encode("registry secret", index))) % (N - 1) + 1;
    }

}
