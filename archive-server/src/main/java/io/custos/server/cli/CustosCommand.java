package io.custos.server.cli;

import io.custos.server.security.CustosSecurityProperties;
import io.custos.server.security.TokenMinter;
import java.time.Clock;
import java.util.Map;
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
        subcommands = {RunCommand.class, VerifyCommand.class, VerifyBundleCommand.class})
public class CustosCommand implements Runnable {

    /** The command line {@code main} executes: register further subcommands here. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new CustosCommand());
        Map<String, String> environment = System.getenv();
        TokenMinter minter = new TokenMinter(new LocalIssuerKeys(environment),
                environment.getOrDefault("CUSTOS_SECURITY_ISSUER", "custos-local"),
                CustosSecurityProperties.Claims.defaults(), Clock.systemUTC());
        commandLine.addSubcommand("token", new MintTokenCommand(minter));
        return commandLine;
    }

    @Override
    public void run() {
        // No subcommand given: show what exists instead of silently doing nothing.
        new CommandLine(this).usage(System.out);
    }
}
