package io.custos.server.ledger.publication;

import io.custos.archive.ledger.CheckpointDirectory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies the checkpoints published under a bucket prefix into a local directory laid out like the archive's
 * checkpoint directory, so that {@code custos verify} checks the copies held by the bucket rather than the
 * archive's own files.
 */
public final class S3CheckpointDownload {

    private final S3Client s3;

    public S3CheckpointDownload(S3Client s3) {
        this.s3 = s3;
    }

    /** @return how many checkpoints were downloaded into {@code target} */
    public int download(String bucket, String prefix, Path target) {
        String normalized = S3PublicationProperties.normalizedPrefix(prefix);
        String listPrefix = normalized.isEmpty() ? "" : normalized + "/";
        int count = 0;
        for (S3Object object : s3.listObjectsV2Paginator(
                ListObjectsV2Request.builder().bucket(bucket).prefix(listPrefix).build()).contents()) {
            String relative = object.key().substring(listPrefix.length());
            if (!relative.endsWith(CheckpointDirectory.SUFFIX)) {
                continue;
            }
            Path file = target.resolve(relative).normalize();
            if (!file.startsWith(target)) {
                throw new IllegalArgumentException("object key escapes the download directory: " + object.key());
            }
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            count++;
        }
        return count;
    }
}
