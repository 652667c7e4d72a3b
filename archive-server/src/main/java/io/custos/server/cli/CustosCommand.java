package io.custos.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Root of the {@code custos} command line. Subcommands with a no-argument constructor go into
 * {@code subcommands} below; ones built from collaborators (e.g. {@code token} with its TokenMinter) are added
 * in {@link #commandLine()}.
 */
@Command(name = "custos",
        mixinStandardHelpOptions = true,
        description = "Custos: event-sourced, audit-first DICOM archive.",
        subcommands = {RunCommand.class})
public class CustosCommand implements Runnable {

    /** The command line {@code main} executes: register further subcommands here. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new CustosCommand());
        // e.g. commandLine.addSubcommand("token", new MintTokenCommand(...));
        return commandLine;
    }

    @Override
    public void run() {
        // No subcommand given: show what exists instead of silently doing nothing.
        new CommandLine(this).usage(System.out);
    }
}
