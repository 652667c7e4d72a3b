package io.custos.server.runtime;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Cassandra 5 node run as a child JVM from the cassandra-node lib directory.
 *
 * <p>A child process rather than in-process: Cassandra's Guava and Netty clash with the driver's, it installs
 * a security manager, and an in-process node can never be stopped. The child's main
 * ({@code io.custos.cassandranode.NodeMain}) also exits when this JVM disappears, so even a {@code kill -9} of
 * the archive leaves no orphan; a PID file covers the remaining case of a child that outlived a crash.
 */
public final class CassandraNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CassandraNode.class);

    static final String NODE_MAIN = "io.custos.cassandranode.NodeMain";
    /** Marks the child's command line so a stale PID is only ever matched to our own node for this home. */
    private static final String HOME_MARKER_PROPERTY = "custos.cassandra.home";
    private static final Duration STOP_GRACE = Duration.ofSeconds(45);

    /** From Cassandra 5's conf/jvm17-server.options: without them it dies on sun.nio.ch.DirectBuffer. */
    private static final List<String> JVM17_MODULE_FLAGS = List.of(
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports", "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports", "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports", "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports", "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports", "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports", "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports", "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens", "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED");

    private final CassandraNodeSettings settings;
    private final Process process;
    private final long launchedAtNanos;
    private volatile Duration startupTime;

    private CassandraNode(CassandraNodeSettings settings, Process process, long launchedAtNanos) {
        this.settings = settings;
        this.process = process;
        this.launchedAtNanos = launchedAtNanos;
    }

    /** Launches the child JVM and returns at once; call {@link #awaitReady()} before using CQL. */
    public static CassandraNode launch(CassandraNodeSettings settings) {
        try {
            checkLibDir(settings.libDir());
            Files.createDirectories(settings.dataDir());
            Files.createDirectories(settings.logFile().getParent());
            reapStaleNode(settings);
            Path yaml = CassandraYaml.writeYaml(settings);
            Path logback = CassandraYaml.writeLogback(settings);
            ProcessBuilder builder = new ProcessBuilder(command(settings, yaml, logback))
                    .directory(settings.home().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()));
            long start = System.nanoTime();
            Process process = builder.start();
            Files.writeString(settings.pidFile(), process.pid() + "\n", StandardCharsets.US_ASCII);
            log.info("Cassandra node launching (PID {}), CQL on {}:{}, log {}", process.pid(),
                    CassandraNodeSettings.LISTEN_ADDRESS, settings.nativePort(), settings.logFile());
            return new CassandraNode(settings, process, start);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not launch the embedded Cassandra node", e);
        }
    }

    private static void checkLibDir(Path libDir) throws IOException {
        boolean hasCassandra;
        try (var files = Files.list(libDir)) {
            hasCassandra = files.anyMatch(p -> p.getFileName().toString().startsWith("cassandra-all-"));
        } catch (IOException e) {
            hasCassandra = false;
        }
        if (!hasCassandra) {
            throw new IOException("No cassandra-all jar in " + libDir
                    + " (build the cassandra-node module, or set custos.cassandra.embedded.lib-dir)");
        }
    }

    private static void reapStaleNode(CassandraNodeSettings settings) {
        String marker = "-D" + HOME_MARKER_PROPERTY + "=" + settings.home();
        StaleProcessReaper.readPid(settings.pidFile()).ifPresent(pid ->
                StaleProcessReaper.reap(pid, cmd -> cmd.contains(marker), STOP_GRACE, "embedded Cassandra"));
    }

    static List<String> command(CassandraNodeSettings s, Path yaml, Path logback) {
        List<String> cmd = new ArrayList<>();
        cmd.add(s.javaHome().resolve("bin").resolve("java").toString());
        cmd.add("-Xms" + s.minHeap());
        cmd.add("-Xmx" + s.maxHeap());
        cmd.add("-XX:+UseG1GC");
        cmd.add("-Xss256k");
        cmd.addAll(JVM17_MODULE_FLAGS);
        cmd.add("-Djdk.attach.allowAttachSelf=true");
        cmd.add("-Dio.netty.tryReflectionSetAccessible=true");
        cmd.add("-Djava.net.preferIPv4Stack=true");
        cmd.add("-D" + HOME_MARKER_PROPERTY + "=" + s.home());
        cmd.add("-Dcustos.parent-pid=" + ProcessHandle.current().pid());
        cmd.add("-Dcassandra-foreground=yes");
        cmd.add("-Dcassandra.config=" + yaml.toUri());
        cmd.add("-Dcassandra.storagedir=" + s.dataDir());
        cmd.add("-Dcassandra.logdir=" + s.logFile().getParent());
        cmd.add("-Dlogback.configurationFile=" + logback.toUri());
        // A single node has no peers to gossip with: waiting for gossip to settle only delays the CQL port.
        cmd.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
        for (Map.Entry<String, String> e : s.extraProperties().entrySet()) {
            cmd.add("-D" + e.getKey() + "=" + e.getValue());
        }
        cmd.add("-cp");
        cmd.add(s.libDir().resolve("*").toString());
        cmd.add(NODE_MAIN);
        return cmd;
    }

    /**
     * Blocks until the node answers a CQL query, the child dies (fails fast with the tail of its log) or the
     * start timeout passes.
     */
    public CassandraNode awaitReady() {
        if (startupTime != null) {
            return this;
        }
        long deadline = launchedAtNanos + settings.startTimeout().toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Embedded Cassandra exited with code " + process.exitValue()
                        + " before it was ready; last log lines:\n" + logTail());
            }
            if (portOpen() && answersCql()) {
                startupTime = Duration.ofNanos(System.nanoTime() - launchedAtNanos);
                log.info("Cassandra node ready on {}:{} after {} ms", CassandraNodeSettings.LISTEN_ADDRESS,
                        settings.nativePort(), startupTime.toMillis());
                return this;
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("Embedded Cassandra was not ready within "
                        + settings.startTimeout() + "; last log lines:\n" + logTail());
            }
            pause();
        }
    }

    private boolean portOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(contactPoint(), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean answersCql() {
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
                .build();
        try (CqlSession session = CqlSession.builder()
                .addContactPoint(contactPoint())
                .withLocalDatacenter(CassandraNodeSettings.LOCAL_DATACENTER)
                .withConfigLoader(config)
                .build()) {
            return session.execute("SELECT release_version FROM system.local").one() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Cassandra", e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(settings.logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    public InetSocketAddress contactPoint() {
        return new InetSocketAddress(CassandraNodeSettings.LISTEN_ADDRESS, settings.nativePort());
    }

    public String localDatacenter() {
        return CassandraNodeSettings.LOCAL_DATACENTER;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Launch-to-first-CQL-answer time; null until {@link #awaitReady()} returned. */
    public Duration startupTime() {
        return startupTime;
    }

    public CassandraNodeSettings settings() {
        return settings;
    }

    /** SIGTERM (Cassandra drains), then SIGKILL after a grace period. Idempotent. */
    @Override
    public void close() {
        if (process.isAlive()) {
            log.info("Stopping Cassandra node (PID {})", process.pid());
            process.destroy();
            if (!StaleProcessReaper.awaitExit(process.toHandle(), STOP_GRACE)) {
                log.warn("Cassandra node did not stop within {}; killing it", STOP_GRACE);
                process.destroyForcibly();
                StaleProcessReaper.awaitExit(process.toHandle(), Duration.ofSeconds(10));
            }
        }
        try {
            Files.deleteIfExists(settings.pidFile());
        } catch (IOException e) {
            log.debug("Could not delete {}", settings.pidFile(), e);
        }
    }
}
