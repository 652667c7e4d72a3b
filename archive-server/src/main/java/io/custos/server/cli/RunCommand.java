package io.custos.server.cli;

import io.custos.server.CustosApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code custos run}: starts the archive and blocks until it stops (Ctrl-C runs Spring's shutdown hook, which
 * stops the embedded PostgreSQL and Cassandra). Extra {@code --key=value} arguments go to Spring as
 * properties, e.g. {@code custos run --server.port=9090}.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Start the archive server.")
public class RunCommand implements Callable<Integer> {

    @Unmatched
    private List<String> springArguments = new ArrayList<>();

    @Override
    public Integer call() {
        CustosApplication.start(springArguments.toArray(String[]::new));
        // Web server threads keep the JVM alive; returning 0 lets main fall through without System.exit.
        return 0;
    }
}
