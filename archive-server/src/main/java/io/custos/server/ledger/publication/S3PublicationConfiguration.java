package io.custos.server.ledger.publication;

import io.custos.archive.ledger.CheckpointDirectory;
import io.custos.server.ledger.publication.S3PublicationProperties.ObjectLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.time.Clock;

/**
 * With {@code custos.ledger.s3.enabled=true}, every checkpoint is also published to an S3 bucket. Unless
 * {@code object-lock=NONE}, the archive refuses to start when the bucket has no object lock: checkpoints in a
 * bucket that anyone with write access can change would prove nothing.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(S3PublicationProperties.class)
@ConditionalOnProperty(prefix = "custos.ledger.s3", name = "enabled", havingValue = "true")
class S3PublicationConfiguration {

    private static final Logger log = LoggerFactory.getLogger(S3PublicationConfiguration.class);

    @Bean(destroyMethod = "close")
    S3Client checkpointBucketClient(S3PublicationProperties properties) {
        return S3Clients.client(properties.endpoint(), properties.region(), properties.pathStyle());
    }

    @Bean
    S3CheckpointMirror s3CheckpointMirror(S3Client checkpointBucketClient, CheckpointDirectory directory,
                                          S3PublicationProperties properties) {
        if (properties.objectLock() == ObjectLock.NONE) {
            log.warn("Checkpoints are published to the bucket without object lock: their immutability rests on "
                    + "the bucket's own policy");
        } else {
            requireObjectLock(checkpointBucketClient, properties.bucket());
        }
        return new S3CheckpointMirror(checkpointBucketClient, directory, properties, Clock.systemUTC());
    }

    private static void requireObjectLock(S3Client s3, String bucket) {
        ObjectLockEnabled enabled;
        try {
            enabled = s3.getObjectLockConfiguration(b -> b.bucket(bucket)).objectLockConfiguration()
                    .objectLockEnabled();
        } catch (S3Exception e) {
            // AWS answers 404 ObjectLockConfigurationNotFoundError; stores without object lock, 501.
            boolean noLock = e.statusCode() == 501 || (e.awsErrorDetails() != null
                    && "ObjectLockConfigurationNotFoundError".equals(e.awsErrorDetails().errorCode()));
            if (!noLock) {
                throw e;
            }
            enabled = null;
        }
        if (enabled != ObjectLockEnabled.ENABLED) {
            throw new IllegalStateException("the checkpoint bucket has no object lock; create it with object lock,"
                    + " or set custos.ledger.s3.object-lock=NONE where it is write-once by other means");
        }
    }
}
