package io.custos.query.index;

import io.custos.archive.study.api.InstanceStoredEvent;
import io.custos.archive.study.api.AttributeOpener;
import java.time.Instant;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;

/**
 * Feeds the study index from the event stream. Thin on purpose: it opens the sealed attributes and hands a
 * plain {@link IndexedInstance} to the projection. The event's timestamp, not the clock, is the stored time,
 * so a replay writes exactly what the first run wrote.
 */
@ProcessingGroup(StudyIndexEventHandler.PROCESSING_GROUP)
public class StudyIndexEventHandler {

    public static final String PROCESSING_GROUP = "study-index";

    private final StudyIndexProjection projection;
    private final AttributeOpener opener;

    public StudyIndexEventHandler(StudyIndexProjection projection,
                                  AttributeOpener opener) {
        this.projection = projection;
        this.opener = opener;
    }

    @EventHandler
    public void on(InstanceStoredEvent event, @Timestamp Instant storedAt) {
        projection.project(new IndexedInstance(event.tenant(), event.region(), event.study(), event.series(),
                event.sop(), event.sopClass(), event.transferSyntax(), event.sizeBytes(), storedAt,
                opener.open(event.studyId(), event.attributes())));
    }
}
