package io.custos.server.ledger.publication;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Period;

/**
 * Publication of the signed checkpoints to an S3 bucket ({@code custos.ledger.s3.*}). Credentials come from the
 * AWS SDK's default chain (environment, profile, instance role), never from this configuration.
 *
 * @param enabled    copy every checkpoint to the bucket after it is written to the checkpoint directory
 * @param bucket     the bucket; in production created with object lock enabled
 * @param prefix     key prefix; objects are {@code <prefix>/<tenant>/<region>/<first>-<last>.checkpoint}
 * @param endpoint   an S3-compatible endpoint (blank: AWS)
 * @param region     the bucket's region
 * @param pathStyle  path-style addressing (most S3-compatible stores)
 * @param objectLock the retention mode put on every object; NONE only where the bucket is write-once by other
 *                   means (the archive then refuses to overwrite, but the store itself would allow it)
 * @param retention  how long each object is locked, counted from its upload; at least the event store's
 *                   retention
 */
@ConfigurationProperties(prefix = "custos.ledger.s3")
public record S3PublicationProperties(
        @DefaultValue("false") boolean enabled,
        String bucket,
        @DefaultValue("custos-ledger") String prefix,
        URI endpoint,
        @DefaultValue("us-east-1") String region,
        @DefaultValue("false") boolean pathStyle,
        @DefaultValue("COMPLIANCE") ObjectLock objectLock,
        @DefaultValue("P10Y") Period retention) {

    /** The S3 Object Lock retention modes, and NONE. */
    public enum ObjectLock { COMPLIANCE, GOVERNANCE, NONE }

    public S3PublicationProperties {
        if (enabled && (bucket == null || bucket.isBlank())) {
            throw new IllegalArgumentException("custos.ledger.s3.bucket is required when custos.ledger.s3.enabled=true");
        }
        prefix = normalizedPrefix(prefix);
    }

    /** A key prefix without leading or trailing slashes ("" for none). */
    static String normalizedPrefix(String prefix) {
        return prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    }
}
