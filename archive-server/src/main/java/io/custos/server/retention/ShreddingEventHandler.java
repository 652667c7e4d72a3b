package io.custos.server.retention;

import io.custos.archive.retention.api.StudyDeletedEvent;
import io.custos.archive.retention.application.StudyShredder;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * The safety net of deletion: the request that deletes a study shreds it at once, but a crash between the
 * committed {@link StudyDeletedEvent} and the end of shredding would leave the key and blobs behind. This
 * tracking processor sees every deletion and finishes it; shredding is idempotent, so the usual second run
 * changes nothing.
 */
@ProcessingGroup(ShreddingEventHandler.PROCESSING_GROUP)
public class ShreddingEventHandler {

    public static final String PROCESSING_GROUP = "crypto-shredding";

    private final StudyShredder shredder;

    public ShreddingEventHandler(StudyShredder shredder) {
        this.shredder = shredder;
    }

    @EventHandler
    public void on(StudyDeletedEvent deleted) {
        shredder.shred(deleted);
    }
}
