package io.custos.server.cli;

import picocli.CommandLine.Command;

/**
 * Root of the {@code custos} command line. Further subcommands (token minting, ledger verification, audit
 * evidence export) are added to {@code subcommands} below.
 */
@Command(name = "custos",
        mixinStandardHelpOptions = true,
        description = "Custos: event-sourced, audit-first DICOM archive.",
        subcommands = {RunCommand.class})
public class CustosCommand implements Runnable {

    @Override
    public void run() {
        // No subcommand given: show what exists instead of silently doing nothing.
        new picocli.CommandLine(this).usage(System.out);
    }
}
