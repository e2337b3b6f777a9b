package org.unveil.cli;

import java.util.List;
import picocli.CommandLine.Command;

/**
 * {@code unveil ipfs}: the local IPFS repo (a block store under {@code $UNVEIL_HOME/ipfs}), a
 * trustless gateway over it, verified downloads, CAR files, and pushing to kubo or a pinning service.
 */
@Command(name = "ipfs", mixinStandardHelpOptions = true,
        description = "IPFS over HTTP: add, serve, fetch with verification, pin, and push to kubo or a pinning service.")
final class IpfsCommand extends CommandGroup {
    static final List<Class<?>> SUBCOMMANDS = List.of(IpfsAddCommand.class, IpfsServeCommand.class, IpfsGetCommand.class, IpfsExportCarCommand.class, IpfsImportCarCommand.class, IpfsPinCommand.class, IpfsUnpinCommand.class, IpfsGcCommand.class, IpfsPushCommand.class);

    @Override
    List<Class<?>> subcommands() {
        return SUBCOMMANDS;
    }
}
