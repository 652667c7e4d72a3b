package io.custos.archive.ingest.dimse;

import com.pixelmed.network.Association;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;

/**
 * PixelMed's Association, after answering A-RELEASE-RQ with A-RELEASE-RP, waits a fixed 5 s
 * ({@code associationReleaseToTransportConnectionCloseTimeoutInMilliseconds}) before closing the transport,
 * instead of closing as soon as the requestor does (PS3.8 9.2, Sta13: the requestor closes; ARTIM only bounds the
 * wait). Measured here: every released association held its worker thread, and so one of the bounded slots,
 * 5 s longer than needed. The field is private with no setter, so it is shortened once by reflection; if a future
 * PixelMed renames it, the server still works, only slower to free slots (logged once).
 */
final class PixelMedReleaseLinger {
    private static final Logger LOG = LoggerFactory.getLogger(PixelMedReleaseLinger.class);
    private static final int LINGER_MILLIS = 50;
    private static volatile boolean applied;

    private PixelMedReleaseLinger() {
    }

    static synchronized void shorten() {
        if (applied) {
            return;
        }
        applied = true;
        try {
            Field field = Association.class.getDeclaredField("associationReleaseToTransportConnectionCloseTimeoutInMilliseconds");
            field.setAccessible(true);
            field.setInt(null, LINGER_MILLIS);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("could not shorten PixelMed's release linger ({}); released associations hold a slot for 5 s",
                    e.getClass().getSimpleName());
        }
    }
}
