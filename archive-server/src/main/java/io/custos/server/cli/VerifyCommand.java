package io.custos.server.cli;

import io.custos.archive.ledger.CheckpointDirectory;
import io.custos.archive.ledger.LedgerVerification;
import io.custos.archive.ledger.jdbc.JdbcLedger;
import io.custos.server.ledger.LedgerVerifier;
import io.custos.server.ledger.publication.S3CheckpointDownload;
import io.custos.server.ledger.publication.S3Clients;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Command;
import org.springframework.util.FileSystemUtils;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code custos verify}: recomputes every chain from the event store and checks it against the published,
 * signed checkpoints, trusting only the ledger's public key. Prints each chain's result and the first
 * inconsistency (position and kind). Exit code 0 only when every chain holds; 1 when one does not; 2 when the
 * verification could not run.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify the tamper-evident ledger: event store vs signed checkpoints.")
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = "--jdbc-url", description = "The event store (default: the embedded one of a running archive).",
            defaultValue = "jdbc:postgresql://127.0.0.1:15432/custos")
    String jdbcUrl;

    @Option(names = "--user", defaultValue = "postgres")
    String user;

    @Option(names = "--password-env", defaultValue = "CUSTOS_POSTGRES_PASSWORD",
            description = "Environment variable holding the password (never on the command line).")
    String passwordEnv;

    @Option(names = "--checkpoints", defaultValue = "custos-data/ledger/checkpoints",
            description = "The published checkpoints.")
    Path checkpoints;

    @Option(names = "--checkpoints-s3", paramLabel = "s3://BUCKET/PREFIX",
            description = "Take the checkpoints from this bucket (the object-lock copies) instead of --checkpoints."
                    + " Credentials from the AWS SDK's default chain (e.g. AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).")
    URI checkpointsS3;

    @Option(names = "--s3-endpoint", description = "An S3-compatible endpoint (default: AWS).")
    URI s3Endpoint;

    @Option(names = "--s3-region", defaultValue = "us-east-1")
    String s3Region;

    @Option(names = "--s3-path-style", description = "Path-style addressing (most S3-compatible stores).")
    boolean s3PathStyle;

    @Option(names = "--public-key", defaultValue = "custos-data/ledger/ledger-public-key.hex",
            description = "The ledger's Ed25519 public key (hex), obtained from a trusted copy.")
    Path publicKey;

    @Option(names = "--max-uncheckpointed-age", defaultValue = "PT15M", paramLabel = "DURATION",
            description = "Events older than this (ISO-8601 duration) must be covered by a checkpoint; otherwise"
                    + " UNCHECKPOINTED: latest checkpoints withheld or dropped, or the sealer not running."
                    + " Default ${DEFAULT-VALUE}, well above the sealer's custos.ledger.checkpoint-interval.")
    Duration maxUncheckpointedAge;

    @Option(names = "--region", defaultValue = "local",
            description = "Region of events that name none (the archive node's custos.region).")
    String region;

    private final PrintStream out;

    public VerifyCommand() {
        this(System.out);
    }

    /** @param out where the report goes (tests capture it) */
    public VerifyCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        byte[] key = HexFormat.of().parseHex(Files.readString(publicKey).strip());
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser(user);
        String password = System.getenv(passwordEnv);
        if (password != null) {
            dataSource.setPassword(password);
        }
        List<LedgerVerification.ChainResult> results;
        Path downloaded = null;
        try {
            Path source = checkpoints;
            if (checkpointsS3 != null) {
                downloaded = Files.createTempDirectory("custos-checkpoints");
                source = downloaded;
                out.printf("%d checkpoints taken from %s%n", downloadFromBucket(downloaded), checkpointsS3);
            }
            CheckpointDirectory directory = new CheckpointDirectory(source);
            results = LedgerVerifier.verification(new JdbcLedger(dataSource), directory, region, key)
                    .verifyAll(directory.chains(), Instant.now().minus(maxUncheckpointedAge));
        } catch (RuntimeException e) {
            out.println("verification could not run: " + e.getMessage());
            return 2;
        } finally {
            if (downloaded != null) {
                FileSystemUtils.deleteRecursively(downloaded);
            }
        }
        boolean allHold = true;
        for (LedgerVerification.ChainResult r : results) {
            if (r.finding().isEmpty()) {
                out.printf("%s: OK, positions 1..%d verified against signed checkpoints%n", r.chain().label(),
                        r.checkpointedPosition());
            } else {
                allHold = false;
                out.printf("%s: FAILED at position %d: %s (%s)%n", r.chain().label(), r.finding().get().position(),
                        r.finding().get().kind(), r.finding().get().detail());
            }
        }
        return allHold ? 0 : 1;
    }

    private int downloadFromBucket(Path target) {
        if (!"s3".equals(checkpointsS3.getScheme()) || checkpointsS3.getHost() == null) {
            throw new IllegalArgumentException("--checkpoints-s3 must look like s3://bucket/prefix");
        }
        try (S3Client s3 = S3Clients.client(s3Endpoint, s3Region, s3PathStyle)) {
            return new S3CheckpointDownload(s3).download(checkpointsS3.getHost(), checkpointsS3.getPath(), target);
        }
    }
}
