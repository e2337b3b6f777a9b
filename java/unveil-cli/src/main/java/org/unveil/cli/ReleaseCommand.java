package org.unveil.cli;

import java.util.List;
import picocli.CommandLine.Command;

/** {@code unveil release}: every role's on-chain steps of one release (artist, keyholder, fan, reporter, anyone). */
@Command(name = "release", mixinStandardHelpOptions = true,
        description = "Create, inspect and drive a release contract: enrol, verify, pledge, publish shares, accuse, settle, refund, unlock.")
final class ReleaseCommand extends CommandGroup {
    static final List<Class<?>> SUBCOMMANDS = List.of(ReleaseLaunchCommand.class, ReleasePredictCommand.class, ReleaseCreateCommand.class, ReleaseStatusCommand.class, ReleaseVerifyCommand.class, ReleaseEnrolCommand.class, ReleaseRevealSamplesCommand.class, ReleasePledgeCommand.class, ReleaseRefundCommand.class, ReleasePublishShareCommand.class, ReleaseAccuseCommand.class, ReleaseClaimBountyCommand.class, ReleaseWithdrawCreditCommand.class, ReleaseAuthorReleaseCommand.class, ReleaseSettleCommand.class, ReleaseUnlockCommand.class);

    @Override
    List<Class<?>> subcommands() {
        return SUBCOMMANDS;
    }
}
