package io.custos.server;

import io.custos.server.cli.CustosCommand;
import io.custos.server.config.CustosProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The archive server. {@code main} is the command line ({@code run}, and later {@code token}, ...); only
 * {@code run} starts Spring.
 */
@SpringBootApplication
@EnableConfigurationProperties({CustosProperties.class, io.custos.server.config.TenantProperties.class})
public class CustosApplication {

    /** Axon's update checker calls home and writes under $HOME; set before any Axon class can read it. */
    static final String UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

    public static void main(String[] args) {
        disableUpdateChecker();
        int exit = CustosCommand.commandLine().execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    /** Starts the server; the returned context keeps running until closed or the JVM is told to stop. */
    public static ConfigurableApplicationContext start(String... springArgs) {
        disableUpdateChecker();
        return SpringApplication.run(CustosApplication.class, springArgs);
    }

    static void disableUpdateChecker() {
        if (System.getProperty(UPDATE_CHECKER_DISABLED) == null) {
            System.setProperty(UPDATE_CHECKER_DISABLED, "true");
        }
    }
}
