package io.custos.server.ledger.publication;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;

/** Builds the S3 client of the checkpoint publication, for the server and for {@code custos verify}. */
public final class S3Clients {

    private S3Clients() {
    }

    /**
     * @param endpoint  an S3-compatible endpoint, or null for AWS
     * @param region    the bucket's region
     * @param pathStyle path-style addressing
     */
    public static S3Client client(URI endpoint, String region, boolean pathStyle) {
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .region(Region.of(region))
                .forcePathStyle(pathStyle)
                // Checksums only where an operation requires one (a locked put asks for SHA-256 itself): the
                // SDK's default CRC32 trailers are unknown to many S3-compatible stores.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }
}
