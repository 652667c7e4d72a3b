package io.custos.server.ledger.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.custos.archive.ingest.testing.Corpus;
import io.custos.archive.ledger.ChainId;
import io.custos.archive.ledger.ChainLink;
import io.custos.archive.ledger.CheckpointDirectory;
import io.custos.archive.ledger.CheckpointSealer;
import io.custos.archive.ledger.StoredEvent;
import io.custos.server.cli.VerifyCommand;
import io.custos.server.ledger.CheckpointConflictException;
import io.custos.server.ledger.publication.S3PublicationProperties.ObjectLock;
import io.custos.server.security.Role;
import io.custos.server.testsupport.ArchiveRecords;
import io.custos.server.testsupport.DicomWebClient;
import io.custos.server.testsupport.LedgerProgress;
import io.custos.server.testsupport.RunningArchive;
import io.custos.server.testsupport.S3ProxyProcess;
import io.custos.server.testsupport.TestDirs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Checkpoint publication to S3 against a real S3-compatible server (S3Proxy): exact copies, idempotent after a
 * restart, a differing object reported as a conflict and left alone, no upload without the requested lock, the
 * archive refusing a bucket without object lock, and {@code custos verify} checking the bucket's copies.
 */
class S3CheckpointPublicationIT {

    private static final Ed25519PrivateKeyParameters KEY = new Ed25519PrivateKeyParameters(new byte[32], 0);
    private static final ChainId CHAIN = new ChainId("tenant-a", "local");

    private static S3ProxyProcess s3proxy;
    private static S3Client s3;

    @BeforeAll
    static void startS3Proxy() {
        s3proxy = S3ProxyProcess.start(S3CheckpointPublicationIT.class);
        // The SDK's default credentials chain, as in production, fed through its system properties.
        System.setProperty("aws.accessKeyId", s3proxy.identity());
        System.setProperty("aws.secretAccessKey", s3proxy.credential());
        s3 = S3Clients.client(s3proxy.endpoint(), "us-east-1", true);
    }

    @AfterAll
    static void stopS3Proxy() {
        if (s3 != null) {
            s3.close();
        }
        if (s3proxy != null) {
            s3proxy.close();
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void copiesEachCheckpointOnceByteForByteAndResumesFromTheBucketAfterARestart() throws Exception {
        String bucket = bucket("copies");
        Fixture f = new Fixture();
        f.publish(4);
        f.publish(3);
        S3CheckpointMirror mirror = f.mirror(bucket, ObjectLock.NONE);

        assertThat(mirror.mirrorPending()).isEqualTo(2);
        for (Path file : f.directory.files(CHAIN)) {
            String key = "ledger/" + f.directory.root().relativize(file);
            assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray())
                    .isEqualTo(Files.readAllBytes(file));
        }
        assertThat(mirror.mirrorPending()).isZero();

        f.publish(2);
        assertThat(mirror.mirrorPending()).isEqualTo(1);
        // A new process (nothing remembered) finds everything in the bucket and copies nothing again.
        assertThat(f.mirror(bucket, ObjectLock.NONE).mirrorPending()).isZero();
        assertThat(keys(bucket)).hasSize(3);
    }

    @Test
    void aDifferentObjectUnderTheSameNameIsAConflictAndIsNotOverwritten() throws Exception {
        String bucket = bucket("conflict");
        Fixture f = new Fixture();
        f.publish(4);
        String key = "ledger/" + f.directory.root().relativize(f.directory.files(CHAIN).get(0));
        byte[] other = "format=custos-ledger-checkpoint-v1\nforged=yes\n".getBytes(StandardCharsets.UTF_8);
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(other));

        assertThatThrownBy(() -> f.mirror(bucket, ObjectLock.NONE).mirrorPending())
                .isInstanceOf(CheckpointConflictException.class).hasMessageContaining(key);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray()).isEqualTo(other);
    }

    @Test
    void nothingIsUploadedWhenTheStoreCannotApplyTheRequestedObjectLock() throws Exception {
        String bucket = bucket("lock");
        Fixture f = new Fixture();
        f.publish(4);

        // S3Proxy implements no object lock: the locked put is refused, and no unlocked copy is left instead.
        assertThatThrownBy(() -> f.mirror(bucket, ObjectLock.COMPLIANCE).mirrorPending())
                .isInstanceOf(S3Exception.class);
        assertThat(keys(bucket)).isEmpty();
    }

    @Test
    void theArchiveRefusesToStartOnABucketWithoutObjectLock() {
        String bucket = bucket("refused");
        assertThatThrownBy(() -> RunningArchive.start(S3CheckpointPublicationIT.class, s3Args(bucket, "COMPLIANCE")))
                .hasStackTraceContaining("the checkpoint bucket has no object lock");
    }

    @Test
    void theRunningArchivePublishesItsCheckpointsAndVerifyChecksTheBucketCopies() throws Exception {
        String bucket = bucket("archive");
        try (RunningArchive archive = RunningArchive.start(S3CheckpointPublicationIT.class,
                concat(s3Args(bucket, "NONE"), "--custos.ledger.checkpoint-every=2",
                        "--custos.ledger.checkpoint-interval=1s", "--custos.ledger.poll=200ms"))) {
            DicomWebClient web = new DicomWebClient(archive.context());
            String token = web.token("s3-t", Role.CLINICIAN);
            assertThat(web.stow(token, "/studies", Files.readAllBytes(Corpus.file("test_files/CT_small.dcm")))
                    .statusCode()).isEqualTo(200);
            for (int i = 0; i < 6; i++) {
                web.get(token, "/studies");
            }
            awaitEverythingCheckpointedAndMirrored(archive, bucket);

            Verification ok = verify(archive, bucket);
            assertThat(ok.exitCode()).as(ok.output()).isZero();
            assertThat(ok.output()).contains("checkpoints taken from s3://" + bucket + "/custos")
                    .contains("s3-t/local: OK");

            // The bucket's copies are what is checked, though the local files all exist. The latest one dropped:
            // its events look not yet checkpointed, until they are older than the sealer's cadence allows.
            List<String> chain = keys(bucket).stream().filter(k -> k.contains("/s3-t/")).sorted().toList();
            assertThat(chain).hasSizeGreaterThan(2);
            String latest = chain.get(chain.size() - 1);
            s3.deleteObject(b -> b.bucket(bucket).key(latest));
            assertThat(verify(archive, bucket).exitCode()).isZero();
            Verification withheld = verify(archive, bucket, "--max-uncheckpointed-age=PT0S");
            assertThat(withheld.exitCode()).as(withheld.output()).isEqualTo(1);
            assertThat(withheld.output()).contains("s3-t/local: FAILED").contains("UNCHECKPOINTED");

            // One dropped in the middle of the sequence fails at once.
            String dropped = chain.get(0);
            s3.deleteObject(b -> b.bucket(bucket).key(dropped));
            Verification missing = verify(archive, bucket);
            assertThat(missing.exitCode()).as(missing.output()).isEqualTo(1);
            assertThat(missing.output()).contains("s3-t/local: FAILED").contains("CHECKPOINT_MISSING");
        }
    }

    private record Verification(int exitCode, String output) {
    }

    private static Verification verify(RunningArchive archive, String bucket, String... more) {
        Path dataDir = archive.dataDir();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String url = ((HikariDataSource) archive.context().getBean(DataSource.class)).getJdbcUrl();
        List<String> args = new ArrayList<>(List.of("--jdbc-url", url, "--checkpoints-s3", "s3://" + bucket + "/custos",
                "--s3-endpoint", s3proxy.endpoint().toString(), "--s3-path-style",
                "--public-key", dataDir.resolve("ledger/ledger-public-key.hex").toString()));
        args.addAll(List.of(more));
        int exit = new CommandLine(new VerifyCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8))).execute(
                args.toArray(String[]::new));
        return new Verification(exit, bytes.toString(StandardCharsets.UTF_8));
    }

    private static void awaitEverythingCheckpointedAndMirrored(RunningArchive archive, String bucket) {
        CheckpointDirectory checkpoints = archive.context().getBean(CheckpointDirectory.class);
        ArchiveRecords.awaitCondition(() -> {
            long files = checkpoints.chains().stream().mapToLong(c -> checkpoints.files(c).size()).sum();
            return LedgerProgress.everythingCheckpointed(archive.context()) && files > 0
                    && keys(bucket).size() == files;
        }, Duration.ofMinutes(2));
    }

    private static String[] s3Args(String bucket, String objectLock) {
        return new String[] {"--custos.ledger.s3.enabled=true", "--custos.ledger.s3.bucket=" + bucket,
                "--custos.ledger.s3.prefix=custos", "--custos.ledger.s3.endpoint=" + s3proxy.endpoint(),
                "--custos.ledger.s3.path-style=true", "--custos.ledger.s3.object-lock=" + objectLock};
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static String bucket(String name) {
        String bucket = "custos-" + name;
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    private static List<String> keys(String bucket) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    /** A chain whose checkpoints are published into a fresh directory, a few links at a time. */
    private static final class Fixture {
        final CheckpointDirectory directory = new CheckpointDirectory(
                TestDirs.newDataDir(S3CheckpointPublicationIT.class).resolve("checkpoints"));
        final CheckpointSealer sealer = new CheckpointSealer("ledger-1", KEY);
        final List<ChainLink> links = new ArrayList<>();

        void publish(int count) {
            int from = links.size();
            for (int i = 0; i < count; i++) {
                long index = links.size() + 1;
                StoredEvent event = new StoredEvent(index, "event-" + index, "aggregate", index, "Study",
                        "io.custos.Example", null, "2026-11-23T10:00:00Z",
                        ("payload-" + index).getBytes(StandardCharsets.UTF_8), null);
                links.add(ChainLink.next(CHAIN, links.isEmpty() ? null : links.get(links.size() - 1), event));
            }
            directory.publish(sealer.seal(links.subList(from, links.size()), Instant.parse("2026-11-23T10:00:00Z")));
        }

        S3CheckpointMirror mirror(String bucket, ObjectLock lock) {
            return new S3CheckpointMirror(s3, directory, new S3PublicationProperties(true, bucket, "ledger", null,
                    "us-east-1", true, lock, Period.ofYears(10)), Clock.systemUTC());
        }
    }
}
