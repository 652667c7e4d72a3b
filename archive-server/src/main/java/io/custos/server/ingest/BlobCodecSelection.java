package io.custos.server.ingest;

import io.custos.archive.storage.BenchmarkPlaintextBlobCodec;
import io.custos.archive.storage.BlobCodec;
import io.custos.archive.storage.SealedBlobCodec;
import io.custos.keys.BlobCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Chooses how blobs are encoded: always encrypted, except in a benchmark that measures what encryption costs.
 * Plaintext blobs need two independent switches, so no single stray setting (a property file copied from a
 * benchmark, a leftover environment variable) can turn encryption off in a real deployment: the property
 * {@value #PROPERTY}{@code =true} and the environment variable {@value #ENVIRONMENT}{@code =1}. The property
 * alone stops the server from starting.
 */
final class BlobCodecSelection {

    static final String PROPERTY = "custos.benchmark.plaintext-blobs";
    static final String ENVIRONMENT = "CUSTOS_BENCHMARK_ONLY";

    private static final Logger log = LoggerFactory.getLogger(BlobCodecSelection.class);

    private BlobCodecSelection() {
    }

    static BlobCodec choose(boolean plaintextRequested, Map<String, String> environment, BlobCipher cipher) {
        if (!plaintextRequested) {
            return new SealedBlobCodec(cipher);
        }
        if (!"1".equals(environment.get(ENVIRONMENT))) {
            throw new IllegalStateException(PROPERTY + "=true is refused: unencrypted blobs are for benchmarks "
                    + "only and also need the environment variable " + ENVIRONMENT + "=1. Remove the property "
                    + "in any real deployment.");
        }
        log.warn("""

                ************************************************************************************
                *  BENCHMARK ONLY: {}=true and {}=1.
                *  Instance blobs are stored UNENCRYPTED (objects named *.dcm.plaintext-benchmark-only).
                *  Never use this data directory for real data; an encrypting archive will not read
                *  these blobs, and this one will not read encrypted ones.
                ************************************************************************************""",
                PROPERTY, ENVIRONMENT);
        return new BenchmarkPlaintextBlobCodec();
    }
}
