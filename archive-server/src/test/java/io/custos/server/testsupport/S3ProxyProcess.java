package io.custos.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A real S3-compatible server for tests: S3Proxy (filesystem backend, AWS v4 signatures) as a child JVM bound
 * to loopback, from the self-contained jar the build copies to {@code target/s3proxy/}. Its credentials are
 * random per process. S3Proxy implements no object lock (HTTP 501), which the tests rely on to show that the
 * archive never publishes without the lock it was asked for.
 */
public final class S3ProxyProcess implements AutoCloseable {

    private final Process process;
    private final URI endpoint;
    private final String identity;
    private final String credential;

    private S3ProxyProcess(Process process, URI endpoint, String identity, String credential) {
        this.process = process;
        this.endpoint = endpoint;
        this.identity = identity;
        this.credential = credential;
    }

    public static S3ProxyProcess start(Class<?> owner) {
        Path dir = TestDirs.newDataDir(owner).resolve("s3proxy");
        int port = SharedCassandra.freePort();
        String identity = "custos-test";
        String credential = UUID.randomUUID().toString();
        try {
            Files.createDirectories(dir.resolve("blobs"));
            Path config = dir.resolve("s3proxy.conf");
            Files.writeString(config, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + identity,
                    "s3proxy.credential=" + credential,
                    "jclouds.provider=filesystem-nio2",
                    "jclouds.identity=" + identity,
                    "jclouds.credential=" + credential,
                    "jclouds.filesystem.basedir=" + dir.resolve("blobs"),
                    ""));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-Xmx256m", "-jar", jar().toString(),
                    "--properties", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("s3proxy.out").toFile())
                    .start();
            S3ProxyProcess started = new S3ProxyProcess(process, URI.create("http://127.0.0.1:" + port), identity,
                    credential);
            started.awaitListening(port);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public String identity() {
        return identity;
    }

    public String credential() {
        return credential;
    }

    private void awaitListening(int port) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        close();
        throw new IllegalStateException("S3Proxy did not listen on port " + port + " within 60 s");
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Failsafe passes the absolute path; the fallback serves runs from an IDE in the module directory. */
    private static Path jar() {
        String configured = System.getProperty("custos.test.s3proxy-jar");
        Path jar = configured != null ? Path.of(configured) : Path.of("target", "s3proxy", "s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar missing at " + jar + ": run the build (mvn verify) first");
        }
        return jar.toAbsolutePath();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
