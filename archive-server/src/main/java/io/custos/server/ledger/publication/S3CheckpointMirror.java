package io.custos.server.ledger.publication;

import io.custos.archive.ledger.ChainId;
import io.custos.archive.ledger.CheckpointDirectory;
import io.custos.server.ledger.CheckpointConflictException;
import io.custos.server.ledger.CheckpointMirror;
import io.custos.server.ledger.publication.S3PublicationProperties.ObjectLock;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Copies each published checkpoint file, byte for byte, to {@code <prefix>/<tenant>/<region>/<name>} in an S3
 * bucket, under S3 Object Lock (mode and retain-until date per object), so that nobody, the archive's operators
 * included, can change or delete it before its retention ends.
 *
 * <p>Write-once from our side as well: a put is conditional ({@code If-None-Match: *}), and an object that
 * already exists is compared with the local file instead of overwritten. Equal bytes mean it was copied before
 * (e.g. by a run that crashed before it noted the upload); different bytes mean two histories for one range,
 * which is reported as a {@link CheckpointConflictException} on every tick until someone looks.
 */
public final class S3CheckpointMirror implements CheckpointMirror {

    private static final int PRECONDITION_FAILED = 412;

    private final S3Client s3;
    private final CheckpointDirectory directory;
    private final String bucket;
    private final String prefix;
    private final ObjectLock objectLock;
    private final java.time.Period retention;
    private final Clock clock;
    /** Keys this process has seen in the bucket with the local bytes. */
    private final Set<String> mirrored = new HashSet<>();

    public S3CheckpointMirror(S3Client s3, CheckpointDirectory directory, S3PublicationProperties properties,
                              Clock clock) {
        this.s3 = s3;
        this.directory = directory;
        this.bucket = properties.bucket();
        this.prefix = properties.prefix();
        this.objectLock = properties.objectLock();
        this.retention = properties.retention();
        this.clock = clock;
    }

    @Override
    public synchronized int mirrorPending() {
        int copied = 0;
        for (ChainId chain : directory.chains()) {
            for (Path file : directory.files(chain)) {
                String key = key(file);
                if (mirrored.contains(key)) {
                    continue;
                }
                // Each file is compared with the bucket once per process (a GET), then remembered; a failure
                // or a conflict leaves it unremembered, so the next tick tries again.
                if (put(key, read(file))) {
                    copied++;
                }
                mirrored.add(key);
            }
        }
        return copied;
    }

    /** The object key of a checkpoint file: the prefix and the file's path under the checkpoint directory. */
    String key(Path file) {
        String relative = directory.root().relativize(file).toString().replace('\\', '/');
        return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    /** @return true if this call created the object, false if an identical one was already there */
    private boolean put(String key, byte[] bytes) {
        // Compare first: not every S3-compatible store honours If-None-Match on PUT, and S3 itself answers an
        // existing key with 412 only then.
        if (matchesExisting(key, bytes)) {
            return false;
        }
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key)
                .ifNoneMatch("*")
                .contentType("text/plain"); // UTF-8 text; S3Proxy mis-signs a charset parameter
        if (objectLock != ObjectLock.NONE) {
            // S3 requires an integrity checksum on a put with a retention period.
            request.checksumAlgorithm(ChecksumAlgorithm.SHA256)
                    .objectLockMode(ObjectLockMode.fromValue(objectLock.name()))
                    .objectLockRetainUntilDate(clock.instant().atZone(ZoneOffset.UTC).plus(retention).toInstant());
        }
        try {
            s3.putObject(request.build(), RequestBody.fromBytes(bytes));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED && matchesExisting(key, bytes)) {
                return false;
            }
            throw e;
        }
    }

    /** True if the key holds exactly these bytes; false if absent; a conflict if it holds others. */
    private boolean matchesExisting(String key, byte[] bytes) {
        byte[] existing;
        try {
            existing = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (NoSuchKeyException absent) {
            return false;
        }
        if (!Arrays.equals(existing, bytes)) {
            throw new CheckpointConflictException(key);
        }
        return true;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file.getFileName(), e);
        }
    }
}
