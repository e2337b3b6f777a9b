package org.unveil.eth;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Words a decoded custom error of the contracts (contracts/contracts/interfaces) for people:
 * states by name, times as UTC instants, amounts in ETH and wei. Errors without a sentence here
 * are spelled out from their name and arguments, so a new contract error is never lost.
 */
final class ErrorWording {
    private static final String[] SLOT_STATUS = {"Vacant", "Enrolled", "Published", "Slashed"};

    private ErrorWording() {}

    static String describe(String name, List<String> paramNames, List<Object> args) {
        String s = sentence(name, args);
        return s != null ? s : generic(name, paramNames, args);
    }

    private static String sentence(String name, List<Object> a) {
        return switch (name) {
            case "ReleaseWrongState" -> "release is in state " + state(a.get(0)) + ", expected " + ReleaseState.labelsOfMask((BigInteger) a.get(1));
            case "ReleaseDeadlinePassed" -> "deadline passed at " + time(a.get(0)) + " (chain time is " + time(a.get(1)) + ")";
            case "ReleaseDeadlineNotReached" -> "too early: allowed from " + time(a.get(0)) + " (chain time is " + time(a.get(1)) + ")";
            case "ReleaseWrongValue" -> "sent " + eth(a.get(0)) + " but " + eth(a.get(1)) + " is due";
            case "ReleaseWrongSlotStatus" -> "slot " + a.get(0) + " is " + slotStatus(a.get(1)) + ", expected " + slotStatus(a.get(2));
            case "ReleaseUnknownSlot" -> "slot " + a.get(0) + " does not exist (the release has " + a.get(1) + " slots)";
            case "ReleaseInvalidShare" -> "that is not the share of slot " + a.get(0) + " (expected the share of address " + a.get(1) + ")";
            case "ReleaseInvalidSignature" -> "signature recovers to " + a.get(0) + ", expected " + a.get(1);
            case "ReleaseNotKeyholderOrOperator" -> String.valueOf(a.get(0)).equalsIgnoreCase(String.valueOf(a.get(1)))
                    ? a.get(0) + " is not a registered keyholder: register first with `unveil chain register --factory FACTORY --key-file ...`"
                    : a.get(0) + " may not enrol for keyholder " + a.get(1) + ": enrol from that keyholder's account, or have it register "
                            + a.get(0) + " as its operator (`unveil chain register --operator`)";
            case "ERC20InsufficientAllowance" -> "the token allowance of " + a.get(0) + " is " + a.get(1) + " but " + a.get(2)
                    + " is needed (base units): approve the release to take the payment first";
            case "ERC20InsufficientBalance" -> "insufficient funds: token balance of " + a.get(0) + " is " + a.get(1) + " < needed " + a.get(2) + " (base units)";
            case "ReleaseUnknownCommitment" -> "no commitment of these values by this account in the registry (commit first, from the same account, with the same beneficiary, proof and salt)";
            case "ReleaseCommittedWhileKeysDue" -> "the commitment (block " + a.get(1) + ") was made while the release was " + state(a.get(0))
                    + ": accusations count only for commitments made while it was Enrolling, Open, Cancelled or Failed";
            case "ReleaseRevealWindowClosed" -> "too late to reveal: the window closed at " + time(a.get(0)) + " (chain time is " + time(a.get(1)) + ")";
            case "ReleaseCommitmentNotEarlier" -> "the slot is already slashed by commitment #" + a.get(1) + "; only an earlier commitment (this one is #" + a.get(0) + ") takes it over";
            case "ReleaseAlreadySlashed" -> "keyholder " + a.get(0) + " is already slashed in the registry for an earlier commitment";
            case "ReleaseNoCredit", "RegistryNoCredit" -> a.get(0) + " has no credit to withdraw";
            case "RegistryAlreadyCommitted" -> a.get(0) + " already committed " + a.get(1);
            case "ReleaseNothingToClaim" -> a.get(0) + " has nothing to claim";
            case "ReleaseAlreadyClaimed" -> "slot " + a.get(0) + " was already paid out";
            case "ReleaseZeroAmount" -> "the amount must be more than zero";
            case "RegistryZeroAmount" -> "the amount must be more than zero";
            case "ReleaseInvalidParams" -> "invalid release parameters: " + paramsProblem(String.valueOf(a.get(0)));
            case "RegistryNotRegistered" -> a.get(0) + " is not a registered keyholder; run `unveil chain register` first";
            case "RegistryAlreadyRegistered" -> a.get(0) + " is already registered";
            case "RegistrySlashed" -> "keyholder " + a.get(0) + " was slashed for a proven leak";
            case "RegistryCoolingDown" -> "cooling down until " + time(a.get(0)) + " (chain time is " + time(a.get(1)) + ")";
            case "RegistryInsufficientBalance" -> "insufficient funds: balance " + eth(a.get(1)) + " < needed " + eth(a.get(0));
            case "RegistryReleasesOpen" -> "keyholder " + a.get(0) + " still has " + a.get(1) + " open release(s)";
            case "ReleaseBeaconNotMined" -> "the sampling beacon is block " + a.get(0) + ", not mined yet (this is block " + a.get(1) + "): wait a few blocks";
            case "ReleaseBeaconLost" -> "the sampling beacon, block " + a.get(0) + ", is more than 256 blocks old (this is block " + a.get(1)
                    + "): the samples can no longer be drawn and the release can only be cancelled";
            case "ReleaseSamplesAlreadyDrawn" -> "the samples are already drawn";
            case "ReleaseSamplesNotDrawn" -> "the samples are not drawn yet (`unveil release reveal-samples` draws them first)";
            case "ReleaseWrongSampleCount" -> a.get(0) + " keys or proofs given for " + a.get(1) + " samples";
            case "ReleaseInvalidSample" -> "sample " + a.get(0) + " (encrypted fragment " + a.get(1) + "): the key is not that fragment's: its address is not the fragment tree's leaf";
            case "FactoryTermOutOfBounds" -> "the release's " + a.get(0) + " of " + seconds(a.get(1)) + " is outside the factory's bounds "
                    + seconds(a.get(2)) + " to " + seconds(a.get(3)) + "; choose times within them";
            case "FactoryTokenNotAllowed" -> "payment token " + a.get(0) + " is not allow-listed in the factory";
            default -> null;
        };
    }

    /** The contract names the parameter that failed its check; say what the check is. */
    private static String paramsProblem(String p) {
        return switch (p) {
            case "goal" -> "the goal must be more than the keyholders' fees plus the reputation share";
            case "deposit" -> "the deposit must be more than zero";
            case "enrolDeadline" -> "the enrolment deadline must be in the future (chain time)";
            case "pledgeDeadline" -> "the pledge deadline must be after the enrolment deadline";
            case "fragmentRoot" -> "the fragment root must be the archive's (non-zero; `unveil inspect` prints it)";
            case "fragmentCount" -> "the archive must have at least one encrypted fragment";
            case "sampleCount" -> "the sample count must be 1 to 16";
            case "total" -> "the goal plus every deposit must fit the contract's 96-bit amounts: lower the goal or the deposit";
            case "groups", "threshold" -> "every group needs 1 <= M <= N, at most 8 groups";
            case "releaseKeys" -> "one non-zero release key address per slot, at most 32 slots";
            case "shareAddresses" -> "one non-zero share address per slot, computed from its group's Feldman commitments";
            default -> p;
        };
    }

    private static String generic(String name, List<String> paramNames, List<Object> args) {
        StringBuilder b = new StringBuilder(name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT));
        if (!args.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String p = i < paramNames.size() && !paramNames.get(i).isEmpty() ? paramNames.get(i) : "arg" + i;
                parts.add(p + " " + render(args.get(i)));
            }
            b.append(" (").append(String.join(", ", parts)).append(')');
        }
        return b.toString();
    }

    private static String render(Object v) {
        return v instanceof byte[] bytes ? org.web3j.utils.Numeric.toHexString(bytes) : String.valueOf(v);
    }

    private static String state(Object v) {
        return ReleaseState.labelOfAbi(((BigInteger) v).intValue());
    }

    private static String slotStatus(Object v) {
        int i = ((BigInteger) v).intValue();
        return i >= 0 && i < SLOT_STATUS.length ? SLOT_STATUS[i] : Integer.toString(i);
    }

    private static String time(Object v) {
        BigInteger s = (BigInteger) v;
        return s.bitLength() < 40 ? Instant.ofEpochSecond(s.longValueExact()).toString() : s.toString();
    }

    /** Seconds as "N s (about D days)" when longer than a day, so bounds read at a glance. */
    private static String seconds(Object v) {
        BigInteger s = (BigInteger) v;
        if (s.bitLength() > 62) return s + " s";
        java.time.Duration d = java.time.Duration.ofSeconds(s.longValueExact());
        return d.toDays() >= 1 ? s + " s (" + d.toDays() + " days" + (d.toHoursPart() == 0 ? "" : " " + d.toHoursPart() + " h") + ")"
                : d.toHours() >= 1 ? s + " s (" + d.toHours() + " h)" : s + " s";
    }

    private static String eth(Object v) {
        return Wei.format((BigInteger) v);
    }
}
