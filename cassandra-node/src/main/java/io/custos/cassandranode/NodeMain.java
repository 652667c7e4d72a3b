package io.custos.cassandranode;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Entry point of the embedded Cassandra child JVM.
 *
 * <p>Java has no portable "die with my parent" (Linux PR_SET_PDEATHSIG is not reachable from Java), so a
 * {@code kill -9} of the archive would otherwise leave Cassandra running and holding its ports. This main
 * watches the parent process named by {@code -Dcustos.parent-pid} and exits when it disappears; the normal
 * JVM exit runs Cassandra's own shutdown hooks (drain), and a halt follows if they hang. Then it hands over to
 * {@code CassandraDaemon.main}.
 */
public final class NodeMain {

    static final String PARENT_PID_PROPERTY = "custos.parent-pid";
    private static final long DRAIN_GRACE_SECONDS = 30;

    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        parentPid().flatMap(ProcessHandle::of).ifPresent(NodeMain::exitWhenGone);
        org.apache.cassandra.service.CassandraDaemon.main(args);
    }

    private static Optional<Long> parentPid() {
        String value = System.getProperty(PARENT_PID_PROPERTY);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Long.parseLong(value.trim()));
    }

    private static void exitWhenGone(ProcessHandle parent) {
        parent.onExit().thenRun(() -> {
            System.err.println("custos: parent process " + parent.pid() + " is gone, stopping Cassandra");
            Thread halter = new Thread(() -> {
                sleepQuietly(DRAIN_GRACE_SECONDS);
                Runtime.getRuntime().halt(1);
            }, "custos-parent-watchdog-halt");
            halter.setDaemon(true);
            halter.start();
            System.exit(0);
        });
    }

    private static void sleepQuietly(long seconds) {
        try {
            TimeUnit.SECONDS.sleep(seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
